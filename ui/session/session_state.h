#pragma once
// What a Ratioscope window is showing, as one immutable value: the data
// source and its runs, the task catalogue, the filter and the runs it
// keeps, the runs left out of fits, the fit drawn, the native-small
// frontier and the figure settings. The session (session.h) replaces its
// snapshot whole on every change, so a view or a background job that holds
// one never sees it change underneath; a project file (issue #15) is this
// value written down.

#include <QFlags>
#include <QString>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/analysis/analysis_report.h"
#include "core/analysis/native_frontier.h"
#include "core/model/axes.h"
#include "core/model/task_catalog.h"
#include "ui/figure/analysis_overlay.h"
#include "ui/figure/fit_jobs.h"
#include "ui/session/figure_settings.h"
#include "ui/run_filter.h"

namespace rs::ui {

using RunList = std::shared_ptr<const std::vector<Run>>;

// A fit drawn over the figure: the outcome and the metric and axis it was
// fitted along (not drawn over another metric while its successor runs).
struct SessionFit {
  std::shared_ptr<const FitOutcome> outcome;
  std::string metric;
  Axis axis = Axis::Ratio;
  bool drawsOn(const std::string& m, Axis a) const { return outcome && metric == m && axis == a; }
};

// The fit chosen (the fit panel's law, scope and options): what a project
// saves and reopens; the outcome, when it arrives, is `fit`.
struct FitChoice {
  QString law;             // a law id; "" for no fit
  bool per_series = true;  // each plotted series, or every plotted run together
  fit::FitOptions options;
};

// The dropouts and knees of the plotted series: what the plot's overlays
// and slider readout show. `key` names the metric, series and whether knees
// were asked for; `runs` is the list they were computed from.
struct PlotAnalysis {
  std::string key;
  std::shared_ptr<const std::vector<Run>> runs;
  std::vector<SeriesAnalysis> series;
  std::map<std::string, std::vector<analysis::Dropout>> dropouts;
};

// What the plot asks the session to analyse (the composed figure decides
// the series): computed off the window's thread, the newest request winning.
struct PlotAnalysisRequest {
  std::string key;
  std::shared_ptr<const std::vector<Run>> runs;
  std::vector<std::string> labels;
  std::string metric;
  TaskCatalog tasks;
  bool knees = false;
};

// The fairness checks of the plotted runs (fairness panel), and what asks
// for them. A request's key is the panel's: a result shows while its key is
// the one the panel asked for last.
struct FairnessResult {
  std::string key;
  std::size_t compressed = 0;  // compressed runs plotted
  bool listed = false;         // false: more than the request's limit, none checked
  std::vector<analysis::Comparison> comparisons;
};
struct FairnessRequest {
  std::string key;  // "" asks for none
  RunList all, visible;
  TaskCatalog tasks;
  std::shared_ptr<const analysis::NativeFrontier> frontier;
  analysis::AnalysisOptions options;
  std::size_t max_compressed = 0;  // beyond this many, checks are not computed
};

// The effective parameters of every loaded run (effective-parameters panel).
struct EffectiveResult {
  std::string key;
  std::vector<analysis::EffectiveParamsResult> families;
};
struct EffectiveRequest {
  std::string key;  // "" asks for none
  RunList all;
  std::string dense_law;  // "auto" or a law id
};

struct SessionState {
  QString source;                       // the file or store URL opened ("" before any)
  RunList runs = std::make_shared<const std::vector<Run>>();  // every loaded run
  std::vector<std::string> warnings;    // from reading the source
  TaskCatalog tasks;                    // built-in, the overrides file, the runs' stated directions
  QString task_overrides;               // the overrides file ("" for the built-in tasks)
  QString filter_text;                  // the browser's filter as typed (always a valid one)
  RunFilter filter;
  std::optional<std::set<qint64>> visible;  // ids the filter keeps; nullopt: every run
  std::set<qint64> excluded;            // runs left out of fits
  FitChoice fit_choice;                // the fit chosen
  SessionFit fit;                       // the fit drawn over the figure (none: no outcome)
  // The newest plot analysis delivered (its key says what of; the plot
  // shows it while it matches what it asked for).
  std::shared_ptr<const PlotAnalysis> plot_analysis;
  std::shared_ptr<const FairnessResult> fairness;    // likewise, the newest checks delivered
  std::shared_ptr<const EffectiveResult> effective;  // and effective parameters
  std::shared_ptr<const analysis::NativeFrontier> frontier;  // null while fitted (or none)
  bool frontier_pending = false;
  FigureSettings figure;

  // Runs the filter keeps.
  std::size_t visibleCount() const { return visible ? visible->size() : runs->size(); }
};

using SessionSnapshot = std::shared_ptr<const SessionState>;

// What a new snapshot changed, so a view redraws only what it shows.
enum class SessionChange {
  Source = 1 << 0,
  Runs = 1 << 1,
  Tasks = 1 << 2,
  Filter = 1 << 3,
  Exclusions = 1 << 4,
  Fit = 1 << 5,
  Frontier = 1 << 6,
  Figure = 1 << 7,
  FitChoice = 1 << 8,
  Analysis = 1 << 9,
  Fairness = 1 << 10,
  Effective = 1 << 11,
};
Q_DECLARE_FLAGS(SessionChanges, SessionChange)

}  // namespace rs::ui

// At global scope: inside the namespace it would hide the other flags' operator|.
Q_DECLARE_OPERATORS_FOR_FLAGS(rs::ui::SessionChanges)
