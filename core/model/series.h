#pragma once
// Series: the curves of a plot. One series per (family, model, method); the
// dense run of a model anchors every method's curve at ratio 0, and a model
// with no compressed runs (a native baseline) is a series of its own.

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
  std::string label() const;  // "model · method"
  std::vector<SeriesPoint> points;  // sorted by x
};

struct SeriesSet {
  std::vector<Series> series;
  std::size_t runs_without_metric = 0;  // selected runs that lack the metric
  std::size_t runs_without_axis = 0;    // runs whose fields do not give the x value
};

SeriesSet buildSeries(const std::vector<Run>& runs, const std::string& metric, Axis axis);

// Metric names present in `runs`, sorted, for pickers and error messages.
std::vector<std::string> metricNames(const std::vector<Run>& runs);

}  // namespace rs
