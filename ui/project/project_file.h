#pragma once
// A Ratioscope project (.ratioscope): what a window showed, written down so
// that it can be reopened exactly or re-rendered headless
// (`ratioscope-cli render`). JSON with a format name and a version: the data
// source by path or store URL with the SHA-256 of its bytes, the task
// overrides file likewise, the browser's filter, the figure settings, the
// runs left out of the fit (by run key, which survives reloading), the fit
// (law, per series or all runs, options, and the result for checking), and
// the window's layout. A project is data only: nothing in it is executed,
// and it never holds a password (a store URL is written without one).

#include <QJsonObject>
#include <QString>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "ui/run_filter.h"
#include "ui/session/figure_settings.h"

namespace rs::ui {

inline constexpr int kProjectVersion = 1;

// A file the project was made from, as found when it was saved.
struct ProjectInput {
  QString location;  // absolute path or store URL (without its password)
  QString sha256;    // of the file's bytes; "" for a store URL
  // The path relative to the project file's folder ("data/runs.csv",
  // "../runs.csv"), written by saveProject; "" for a store URL. A project
  // folder copied with its data to another machine reopens through it when
  // the absolute path is gone (loadProject), and the hash is checked as ever.
  QString relative;
  // Set by loadProject when `location` is the relative path resolved because
  // the saved absolute path is gone: the path the project named.
  QString saved_location;
};

struct ProjectFit {
  QString law;                  // a law id (see `ratioscope-cli laws`); "" for no fit
  bool per_series = true;       // each plotted series, or every plotted run together
  fit::FitOptions options;      // robust loss, starts and seed, bootstrap, holdout
  QJsonObject result;           // the fit JSON when saved (core/fit/fit_json), for checking
};

struct Project {
  ProjectInput source;
  std::optional<ProjectInput> task_overrides;
  QString filter;               // the run browser's filter as typed
  FigureSettings figure;
  std::set<std::string> excluded_keys;  // runs left out of the fit
  ProjectFit fit;
  QByteArray window_geometry, window_state;  // QMainWindow::saveGeometry/saveState
};

// The SHA-256 of a file's bytes in hex, or "" when it cannot be read.
QString fileSha256(const QString& path);
// `input` at `location`: a store URL keeps no password and no hash; a file
// becomes its absolute path and the hash of what is there now.
ProjectInput describeInput(const QString& location);
// Why `input` is not what the project saw ("" when it is): missing, or
// changed since (a different SHA-256).
QString inputChanged(const ProjectInput& input);
// "" unless loadProject found `input` through its relative path:
// "/old/runs.csv is gone; using /new/runs.csv (its place relative to the project)".
QString inputMoved(const ProjectInput& input);

QJsonObject projectToJson(const Project& project);
// Reads a project; on failure returns nullopt and says why in `error`,
// naming the field ("figure.axis: 'sideways' is not an axis").
std::optional<Project> projectFromJson(const QJsonObject& json, QString& error);

// The file: written whole (a temporary file, then renamed) and read back
// with the message naming the file. saveProject writes each file input's
// path relative to the project's folder beside its absolute path;
// loadProject uses the relative one when the absolute one is gone and the
// relative one exists (saved_location then says what was saved).
QString saveProject(const Project& project, const QString& path);
std::optional<Project> loadProject(const QString& path, QString& error);

}  // namespace rs::ui
