#pragma once
// The look of every figure: a colour-blind-safe palette (Okabe & Ito 2008,
// "Color Universal Design"), marker shapes, fonts sized for print.
// Colour and line style encode the compression method and marker shape the
// model, so one method reads the same across models, a grayscale print keeps
// methods apart, and a legend stays short to scan. A figure of many models
// colours them by size instead (sizeGradient) with a colour bar.

#include <QColor>
#include <QFont>
#include <qcustomplot.h>

namespace rs::ui {

// Okabe-Ito, its yellow darkened (too faint on white paper); black and grey
// are the dense models'.
QColor methodColour(int index);
QColor denseColour();  // native (uncompressed-only) models
// Marker of the index-th model (or method, in a figure of one model): 11
// hollow shapes, then the five closed ones filled (markerFilled), 16 in all
// (distinctMarkers) before any repeats. Past 10 models a figure colours by
// size instead, when it can (figure.cpp).
QCPScatterStyle::ScatterShape modelShape(int index);
bool markerFilled(int index);
int distinctMarkers();
// Line style of the index-th method (a pattern in pen widths; empty: solid),
// so methods differ in a grayscale print too, and a pen in it.
QVector<qreal> methodDashes(int index);
QPen methodPen(const QColor& colour, double width, int dashIndex);
// The continuous colour scale of model size when a figure has too many
// models for a legend (viridis).
QCPColorGradient sizeGradient();
// 8 pt labels, 7 pt legend: legible at a journal column width of 85 mm.
QFont figureFont(double pointSize = 8.0);
// A compact legend in that font, icons sized to the text; `k` scales for export.
void styleLegend(QCPLegend* legend, double k = 1.0);

}  // namespace rs::ui
