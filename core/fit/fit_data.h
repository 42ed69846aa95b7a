#pragma once
// The points a law is fitted to: for every selected run that has the metric
// and every variable the law reads, the variables in the law's order and the
// observed y. Runs that lack something are skipped and counted; when too
// little is left the reason is spelled out ("cannot fit: why").

#include <cstdint>
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
  bool metric_is_accuracy = false;    // with a y_is_error law, fit 1 - y
  std::set<std::int64_t> excluded;    // run ids left out by the user
  // Where Y0 (the dense model's value) is looked up: all loaded runs, so a
  // selection such as method=rtn still finds its dense anchors. Null: the
  // fitted runs themselves.
  const std::vector<Run>* anchors = nullptr;
};

struct FitData {
  std::vector<double> x;  // kMaxVariables values per point
  std::vector<double> y;
  std::vector<std::int64_t> run_ids;
  std::vector<std::string> labels;  // per point, for people: "model · method" (names influential points)
  laws::DataSummary summary;  // of the first non-Y0 variable and y, for starting grids
  std::vector<std::string> skipped;  // "12 runs lack D (tokens)", ...
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
