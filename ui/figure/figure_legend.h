#pragma once
// Inside ui/figure: the legend placement that drawFigure shares with the
// public legend functions of figure.h (figure_legend.cpp).

#include <Qt>

class QCustomPlot;

namespace rs::ui {

// More entries than this go below the axes in columns.
constexpr int kMaxInsetLegendEntries = 6;

// Puts the legend inside the axes at `corner`, or below the axes in three
// columns when it has many entries or `forceBelow` is set.
void placeLegend(QCustomPlot& plot, int entries, Qt::Alignment corner, bool forceBelow = false);

}  // namespace rs::ui
