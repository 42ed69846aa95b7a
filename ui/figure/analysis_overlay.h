#pragma once
// Analysis drawn on a figure: for an accuracy metric, a marker per series at
// its dropout ratio (at the chance level, with the interval as a horizontal
// bar, in the series' colour); for a few series, the knee region shaded
// over the intervals of the knees detected with one (darker where the
// detectors agree); a knee without an interval shades nothing.

#include <vector>

#include "core/analysis/dropout.h"
#include "core/analysis/knee.h"
#include "core/model/task_catalog.h"
#include "ui/figure/figure.h"

class QCustomPlot;

namespace rs::ui {

struct SeriesAnalysis {
  std::string series;
  std::optional<analysis::Dropout> dropout;  // accuracy metrics only
  std::vector<analysis::Knee> knees;
  bool knees_agree = false;
};

std::vector<SeriesAnalysis> analyseFigure(const DrawnFigure& figure, const std::vector<Run>& runs, const FigureSpec& spec,
                                          const TaskCatalog& tasks, bool withKnees);

void drawAnalysis(QCustomPlot& plot, const DrawnFigure& figure, const std::vector<SeriesAnalysis>& analysis, const TaskCatalog& tasks,
                  const FigureSpec& spec);

}  // namespace rs::ui
