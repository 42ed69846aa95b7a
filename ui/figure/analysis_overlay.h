#pragma once
// Analysis drawn on a figure: for an accuracy metric, a marker per series at
// its dropout ratio (at the chance level, with the interval as a horizontal
// bar, in the series' colour); for a few series, the knee region shaded
// over the intervals of the knees detected with one (darker where the
// detectors agree); a knee without an interval shades nothing.

#include <map>
#include <string>
#include <vector>

#include "core/analysis/analysis_report.h"
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

// The visible compressed series of a figure, by label: what analysis covers.
std::vector<std::string> analysedSeries(const DrawnFigure& figure);

// Dropout (accuracy metrics) and knees of `metric` for the series `labels`
// of `runs`: plain data in and out, so the window computes it off its thread.
std::vector<SeriesAnalysis> analyseSeries(const std::vector<std::string>& labels, const std::vector<Run>& runs, const std::string& metric,
                                          const TaskCatalog& tasks, bool withKnees);

// Every accuracy task's dropout for each of the series `labels` (the readout).
std::map<std::string, std::vector<analysis::Dropout>> dropoutsBySeries(const std::vector<std::string>& labels, const std::vector<Run>& runs,
                                                                       const TaskCatalog& tasks);

std::vector<SeriesAnalysis> analyseFigure(const DrawnFigure& figure, const std::vector<Run>& runs, const FigureSpec& spec,
                                          const TaskCatalog& tasks, bool withKnees);

// Adds the marks; the caller replots.
void drawAnalysis(QCustomPlot& plot, const DrawnFigure& figure, const std::vector<SeriesAnalysis>& analysis, const TaskCatalog& tasks,
                  const FigureSpec& spec);

}  // namespace rs::ui
