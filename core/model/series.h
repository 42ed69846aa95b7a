#pragma once
// Series: the curves of a plot, and of every fit and analysis of a curve.
// One series per (family, model, method, training budget); the dense run of
// a model at the same budget anchors every method's curve at ratio 0, and a
// model with no compressed runs (a native baseline) is a series of its own.
// Runs of one model at different budgets never share a series
// (training_budget.h): a 50-step sweep is not a 2,000-step one.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/axes.h"
#include "core/model/run.h"

namespace rs {

struct SeriesPoint {
  double x = 0;
  double y = 0;
  std::optional<double> y_error;  // the metric's standard error
  std::int64_t run_id = 0;
  std::size_t run_index = 0;      // index into the runs the series were built from
};

struct Series {
  std::string family, model, method;
  std::string label() const;  // "model · method", or "model · method · 1.6M tokens" when the model has several budgets
  std::vector<SeriesPoint> points;  // sorted by x
  int budget = 0;            // TrainingBudgets::of its runs
  std::string budget_label;  // "1.6M tokens"; empty when the model was trained at one budget
  // The model as the legend names it: "model", or "model · 1.6M tokens".
  std::string modelLabel() const;
};

struct SeriesSet {
  std::vector<Series> series;
  std::size_t runs_without_metric = 0;  // selected runs that lack the metric
  std::size_t runs_without_axis = 0;    // runs whose fields do not give the x value
};

SeriesSet buildSeries(const std::vector<Run>& runs, const std::string& metric, Axis axis);

// The runs of the curves of `selected`: the selection plus, from `all`, the
// dense runs (same family, model and budget) that anchor its compressed runs
// at ratio 0. A selection such as --where method=rtn keeps its anchors, so
// `fit` and `analyze` see the same points for the same curve.
std::vector<Run> withDenseAnchors(const std::vector<Run>& selected, const std::vector<Run>& all);

// Metric names present in `runs`, sorted, for pickers and error messages.
std::vector<std::string> metricNames(const std::vector<Run>& runs);

}  // namespace rs
