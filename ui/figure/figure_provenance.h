#pragma once
// What made an exported figure, kept with it so a reviewer can trace every
// point (issue #15): the Ratioscope version, the command or window action,
// the data sources with their SHA-256, the runs drawn, the figure's
// settings, the fitted law with its options and results, and the analysis
// drawn. exportFigure (figure_export.h) writes it into the file's metadata
// and beside the file as a sidecar (FIG.pdf -> FIG.json).

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

}  // namespace rs::ui
