#include "ui/figure/legend_grid.h"

#include <algorithm>

namespace rs::ui {

namespace {
// The grid of `items` filled column by column in `rows` rows: each column
// as wide as its widest entry, as QCustomPlot lays a legend out.
LegendGrid gridOf(const std::vector<QSize>& items, int rows, int columnSpacing, int rowSpacing) {
  LegendGrid g;
  const int n = static_cast<int>(items.size());
  g.rows = rows;
  g.columns = (n + rows - 1) / rows;
  int tallest = 0;
  for (int c = 0; c < g.columns; ++c) {
    int widest = 0;
    for (int i = c * rows; i < std::min(n, (c + 1) * rows); ++i) widest = std::max(widest, items[static_cast<std::size_t>(i)].width());
    g.width += widest + (c ? columnSpacing : 0);
  }
  for (const QSize& s : items) tallest = std::max(tallest, s.height());
  g.height = rows * tallest + (rows - 1) * rowSpacing;
  return g;
}
}  // namespace

LegendGrid fitLegendGrid(const std::vector<QSize>& items, int availableWidth, int columnSpacing, int rowSpacing) {
  if (items.empty()) return {};
  const int n = static_cast<int>(items.size());
  // The fewest rows whose columns fit the width; one column always.
  for (int rows = 1; rows < n; ++rows) {
    const LegendGrid g = gridOf(items, rows, columnSpacing, rowSpacing);
    if (g.width <= availableWidth) return g;
  }
  return gridOf(items, n, columnSpacing, rowSpacing);
}

}  // namespace rs::ui
