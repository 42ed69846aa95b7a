// compression-linear: Acc(r) = Acc0 · (1 − c·r)
// The shape Sengupta et al. 2025 report for downstream accuracy: a linear
// fall with the compression ratio r, relative to the dense accuracy Acc0.
// It ignores the floor at chance level; `logistic` models that floor.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct CompressionLinear {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "compression-linear";
    i.name = "Linear accuracy decline";
    i.formula = "Acc = Acc₀ · (1 − c·r)";
    i.formula_latex = R"(\mathrm{Acc} = \mathrm{Acc}_0\,(1 - c\,r))";
    i.citation = "Sengupta, Chaudhary & Chakraborty 2025 (linear accuracy vs compression ratio)";
    i.describes = Describes::Accuracy;
    i.variables = {Variable::Y0, Variable::Ratio};
    i.params = {{"c", "c", "c", Transform::Identity, -100, 100, {0.0, 0.5, 1.0}, "relative accuracy lost per unit ratio"}};
    return i;
  }
  template <typename T>
  static T value(const T* p, const double* x) { return x[0] * (1.0 - p[0] * x[1]); }
};

}  // namespace
std::unique_ptr<Law> makeCompressionLinear() { return std::make_unique<FixedLaw<CompressionLinear, 1>>(); }
}  // namespace rs::laws
