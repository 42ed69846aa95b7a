#pragma once
// What made an exported figure, kept with it so a reviewer can trace every
// point (issue #15): the Ratioscope version, the command or window action,
// the data sources with their SHA-256, the runs drawn, the figure's
// settings, the fitted law with its options and results, and the analysis
// drawn. exportFigure (figure_export.h) writes it into the file's metadata
// and beside the file as a sidecar (FIG.pdf -> FIG.json) that lists every
// format of the figure written, with the SHA-256 of each.

#include <QJsonObject>
#include <QString>
#include <string>
#include <vector>

#include "ui/figure/figure_composer.h"

namespace rs::ui {

struct FigureOrigin {
  // "ratioscope-cli plot --input lab.sqlite ... (Ratioscope 0.1.0)", or what
  // the window did ("File › Export Figure in the Ratioscope window").
  std::string command;
  // Files, folders or databases opened to get the runs. A file is hashed
  // when the record is made; a folder's files are the runs' own sources.
  std::vector<std::string> inputs;
};

// The record of a composed figure. Deterministic: the same request gives the
// same object (exportFigure adds the time of writing).
QJsonObject figureProvenance(const FigureRequest& request, const ComposedFigure& composed, const FigureOrigin& origin);

// Where a figure's record goes: FIG.pdf -> FIG.json, beside it.
QString sidecarPath(const QString& figurePath);

// The sidecar FIG.json after writing `output` (an "outputs" entry: file,
// format, sha256 of the bytes written, size, command, created) of the
// figure `record` describes. FIG.pdf and FIG.svg share FIG.json, so it lists
// every output it describes: when `existing` (what FIG.json held, empty for
// none) is the record of the same figure (equal apart from the command,
// times and outputs), its other outputs that are still in `folder` with the
// bytes it names are kept beside the new one. Otherwise they go, and `note`
// says so ("fig.json described another figure (fig.pdf); it now describes
// fig.svg only").
QJsonObject sidecarRecord(const QJsonObject& record, const QJsonObject& output, const QJsonObject& existing, const QString& folder,
                          const QString& sidecarName, QString& note);

// Writes the sidecar of `path` (written just before) from `record`:
// `output` is the file's entry (file and format, with any sizes), completed
// here with the SHA-256 of its bytes, the record's command and the time;
// merged with what the sidecar held as sidecarRecord says, `note` saying
// what it stopped listing. Returns "" or why the sidecar could not be
// written. Figures (exportFigure) and tables (the panels' Export, the CLI's
// --out) keep their records this one way.
QString writeSidecar(const QString& path, const QJsonObject& record, QJsonObject output, QString& note);

}  // namespace rs::ui
