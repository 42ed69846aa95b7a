#pragma once
// The look of every figure: a colour-blind-safe palette (Okabe & Ito 2008,
// "Color Universal Design"), marker shapes, fonts sized for print.
// Colour encodes the compression method and marker shape the model, so one
// method reads the same across models and a legend stays short to scan.

#include <QColor>
#include <QFont>
#include <qcustomplot.h>

namespace rs::ui {

// Okabe-Ito, its yellow darkened (too faint on white paper); black and grey
// are the dense models'.
QColor methodColour(int index);
QColor denseColour();  // native (uncompressed-only) models
QCPScatterStyle::ScatterShape modelShape(int index);
// 8 pt labels, 7 pt legend: legible at a journal column width of 85 mm.
QFont figureFont(double pointSize = 8.0);
// A compact legend in that font, icons sized to the text; `k` scales for export.
void styleLegend(QCPLegend* legend, double k = 1.0);

}  // namespace rs::ui
