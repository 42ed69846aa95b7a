#pragma once
// How many columns a legend below the axes gets: as many as fit the page
// width with every entry whole, so nothing is cut at a journal's column
// width ("magnitud" for magnitude at 85 mm), and as few rows as that allows.

#include <QSize>
#include <vector>

namespace rs::ui {

struct LegendGrid {
  int columns = 1;
  int rows = 0;
  int width = 0;   // of the laid-out entries, spacing included
  int height = 0;
};

// The fewest rows (so the most columns) that fit `availableWidth`. Entries
// fill column by column, and each column is as wide as its widest entry, as
// QCustomPlot lays out a wrapped legend. `items` are the entries' minimum
// sizes in fill order.
LegendGrid fitLegendGrid(const std::vector<QSize>& items, int availableWidth, int columnSpacing, int rowSpacing);

}  // namespace rs::ui
