#pragma once
// Derived axes: the quantities a run can be plotted against, all computed
// from the run's own fields so every point on a plot can be traced back.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/run.h"

namespace rs {

enum class Axis {
  Ratio,   // fraction of the dense stored size removed (0 = dense, 0.9 = 10% left)
  Fold,    // compression factor 1 / (1 - ratio): 0.5 -> 2x, 0.9 -> 10x
  Bits,    // bits per weight: the format's `bits`, else 8 * size_bytes / params
  Params,  // kept parameters: params * (1 - sparsity); params for dense/quantised runs
  Tokens,  // pretraining tokens D
};

struct AxisInfo {
  Axis axis;
  std::string_view id;     // command-line name: ratio, fold, bits, params, tokens
  std::string_view label;  // axis title on a figure
  bool logByDefault;       // spans orders of magnitude, so a log axis reads better
};

const std::vector<AxisInfo>& axisCatalogue();
const AxisInfo& axisInfo(Axis axis);
std::optional<Axis> axisFromId(std::string_view id);
std::string axisIds();  // "ratio|fold|bits|params|tokens"

// The run's value on `axis`, or nullopt when its fields do not determine it
// (a pruned run without `sparsity` has no kept-parameter count, for example).
std::optional<double> axisValue(const Run& run, Axis axis);

}  // namespace rs
