#pragma once
// The points a law is fitted to: for every selected run that has the metric
// and every variable the law reads, the variables in the law's order and the
// observed y. Runs that lack something are skipped and counted; when too
// little is left the reason is spelled out ("cannot fit: why").

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/laws/law.h"
#include "core/model/axes.h"
#include "core/model/run.h"

namespace rs::fit {

struct FitDataSpec {
  std::string metric;                 // y
  Axis x_axis = Axis::Ratio;          // Variable::X for the generic shapes
  std::string loss_metric = "loss";   // Variable::Loss (Gadre: error vs loss)
  bool metric_is_accuracy = false;    // with a y_is_error law, fit 1 - y; predictions belong in [0, 1]
  // A loss or perplexity (true): no compressed model beats its dense one.
  // Unset when the direction is not known: the law-metric check passes it.
  std::optional<bool> metric_lower_is_better;
  std::optional<double> metric_floor;   // the lowest value any model can reach (a loss's entropy floor), when known
  std::set<std::int64_t> excluded;    // run ids left out by the user
  // Where Y0 (the dense model's value) is looked up: all loaded runs, so a
  // selection such as method=rtn still finds its dense anchors. Null: the
  // fitted runs themselves. The anchor is the dense run of the same family,
  // model and training budget (core/model/training_budget.h).
  const std::vector<Run>* anchors = nullptr;
};

// What values the metric can physically take, for the checks of a fit's
// predictions (fit_limits.h).
struct MetricRange {
  std::string metric;           // its name, for messages
  bool accuracy = false;        // in [0, 1] (an error rate for a y_is_error law: also [0, 1])
  bool lower_is_better = false;  // a loss: the dense model at ratio 0 is the best its compressions reach
  std::optional<double> floor;  // no value below this (an entropy floor)
};

struct FitData {
  std::vector<double> x;  // kMaxVariables values per point
  std::vector<double> y;
  std::vector<std::int64_t> run_ids;
  std::vector<std::string> labels;  // per point, for people: "model · method" (names influential points)
  // Per point: the metric of the run's dense model at ratio 0 (same family,
  // model and budget), NaN when no dense run has it. The y of a y_is_error law is 1 − that.
  std::vector<double> dense_y;
  MetricRange range;
  bool primary_is_ratio = false;  // the primary variable is the compression ratio (r, or x on the ratio axis)
  laws::DataSummary summary;  // of the first non-Y0 variable and y, for starting grids
  std::vector<std::string> skipped;  // "12 runs lack D (tokens)", ...; also notes on the law and the metric (law_metric.h)
  std::string error;                 // "cannot fit ...: why"; empty when usable
  std::vector<std::string> formats;  // Variable::Format k > 0 is formats[k - 1] (epm)
  int size() const { return static_cast<int>(y.size()); }
  const double* xAt(int i) const { return x.data() + static_cast<std::size_t>(i) * laws::kMaxVariables; }
  // The variable the holdout split and bands run along: the law's first variable other than Y0.
  int primaryVariable = 0;
};

FitData buildFitData(const laws::Law& law, const std::vector<Run>& runs, const FitDataSpec& spec,
                     laws::ResidualSpace space);

// The compression format of a run as epm counts formats: "" for dense, else
// method, bits and sparsity ("rtn 4-bit", "magnitude 50% sparse").
std::string formatKey(const Run& run);

// Gaussian MSE of a run's quantisation and of its sparsity (0 when absent):
// bits -> the MSE-optimal uniform quantiser, sparsity -> magnitude pruning,
// or 2:4 when the method name says N:M ("nm24", "2:4"). Cached per format.
std::pair<double, double> runGmse(const Run& run);

// A subset of points (bootstrap resamples, holdout splits).
FitData subset(const FitData& data, const std::vector<int>& indices);

}  // namespace rs::fit
