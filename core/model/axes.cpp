#include "core/model/axes.h"

namespace rs {

const std::vector<AxisInfo>& axisCatalogue() {
  static const std::vector<AxisInfo> axes = {
      {Axis::Ratio, "ratio", "Compression ratio (fraction of size removed)", false},
      {Axis::Fold, "fold", "Compression factor (x)", true},
      {Axis::Bits, "bits", "Bits per weight", false},
      {Axis::Params, "params", "Kept parameters", true},
      {Axis::Tokens, "tokens", "Pretraining tokens", true},
  };
  return axes;
}

const AxisInfo& axisInfo(Axis axis) {
  for (const AxisInfo& a : axisCatalogue())
    if (a.axis == axis) return a;
  return axisCatalogue().front();
}

std::optional<Axis> axisFromId(std::string_view id) {
  for (const AxisInfo& a : axisCatalogue())
    if (a.id == id) return a.axis;
  return std::nullopt;
}

std::string axisIds() {
  std::string out;
  for (const AxisInfo& a : axisCatalogue()) {
    if (!out.empty()) out += '|';
    out += a.id;
  }
  return out;
}

std::optional<double> axisValue(const Run& run, Axis axis) {
  switch (axis) {
    case Axis::Ratio:
      if (run.ratio) return run.ratio;
      return run.isDense() ? std::optional(0.0) : std::nullopt;
    case Axis::Fold: {
      const auto r = axisValue(run, Axis::Ratio);
      return r ? std::optional(1.0 / (1.0 - *r)) : std::nullopt;
    }
    case Axis::Bits:
      if (run.bits) return run.bits;
      if (run.size_bytes && run.params) return 8.0 * *run.size_bytes / *run.params;
      return std::nullopt;
    case Axis::Params:
      if (!run.params) return std::nullopt;
      if (run.sparsity) return *run.params * (1.0 - *run.sparsity);
      // Dense and purely quantised runs keep every parameter; other methods
      // (low-rank, structured without sparsity) do not say how many they keep.
      if (run.isDense() || (run.bits && !run.rank)) return run.params;
      return std::nullopt;
    case Axis::Tokens:
      return run.tokens;
  }
  return std::nullopt;
}

}  // namespace rs
