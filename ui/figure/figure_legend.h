#pragma once
// Inside ui/figure: the legend placement that drawFigure shares with the
// public legend functions of figure.h (figure_legend.cpp).

#include <Qt>

class QCustomPlot;

namespace rs::ui {

// More entries than this go below the axes in columns.
constexpr int kMaxInsetLegendEntries = 6;

// Puts the legend inside the axes at `corner` while it is short and covers at
// most a quarter of them, else (or when `forceBelow` is set) below the axes
// in as many columns as fit the page, its font shrunk while it is taller
// than a quarter of the figure.
void placeLegend(QCustomPlot& plot, int entries, Qt::Alignment corner, bool forceBelow = false);

}  // namespace rs::ui
