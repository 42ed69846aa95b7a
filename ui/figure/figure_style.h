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
// Line style number `index` (a pattern in pen widths; empty: solid) and a
// pen in it. Pattern 1 is the dense models'; the others are the methods'.
QVector<qreal> methodDashes(int index);
int dashPatternCount();
QPen methodPen(const QColor& colour, double width, int dashIndex);
// How the method at `paletteIndex` (its place in the palette order, as for
// its colour) is drawn besides its colour: a dash pattern and the marker it
// takes where markers name methods (a figure of one model, or coloured by
// size). The 16 method patterns run in step with the 15 method markers
// (marker 0, the circle, is the dense models'), so the first 16 methods all
// differ in line alone and any two of the first 240 in (line, marker); a
// grayscale print keeps them apart where seven colours repeat.
struct MethodStyle {
  int dash = 0;    // methodDashes index, never the dense models' 1
  int marker = 1;  // modelShape/markerFilled index, never the dense models' 0
};
MethodStyle methodStyle(int paletteIndex);
// The continuous colour scale of model size when a figure has too many
// models for a legend (viridis).
QCPColorGradient sizeGradient();
// 8 pt labels, 7 pt legend: legible at a journal column width of 85 mm.
QFont figureFont(double pointSize = 8.0);
// A compact legend in that font, icons sized to the text; `k` scales for export.
void styleLegend(QCPLegend* legend, double k = 1.0);

}  // namespace rs::ui
