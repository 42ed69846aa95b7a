#pragma once
// What a drawn figure contains, as JSON: its axes, every graph (name,
// colour, line, markers, points, visibility, legend entry) and every item
// (the chance line, dropout marks, knee regions, excluded-run crosses) with
// its colour and coordinates, in drawing order. `ratioscope-cli plot
// --describe` prints it, and tests compare the screen's export with the
// CLI's figure through it. Sizes (pen widths, fonts) are left out: the
// screen draws larger than print.

#include <QJsonObject>

class QCustomPlot;

namespace rs::ui {

QJsonObject figureItems(const QCustomPlot& plot);

}  // namespace rs::ui
