// compression-quadratic: L(r) = L0 · (1 + a·r + b·r²)
// The shape Sengupta et al. 2025 report for test loss under compression:
// loss grows quadratically with the compression ratio r. L0 is the dense
// model's loss (the curve's own anchor, so one fit can span several models).
// Linear residuals; compare with `compression` by AIC in the same space.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct CompressionQuadratic {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "compression-quadratic";
    i.name = "Quadratic loss growth";
    i.formula = "L = L₀ · (1 + a·r + b·r²)";
    i.formula_latex = R"(L = L_0\,(1 + a\,r + b\,r^2))";
    i.citation = "Sengupta, Chaudhary & Chakraborty 2025 (quadratic loss vs compression ratio)";
    i.describes = Describes::Loss;
    i.variables = {Variable::Y0, Variable::Ratio};
    i.params = {{"a", "a", "a", Transform::Identity, -100, 100, {0.0, 1.0}, "linear growth per unit ratio"},
                {"b", "b", "b", Transform::Identity, -100, 100, {0.0, 1.0, 5.0}, "quadratic growth"}};
    return i;
  }
  template <typename T>
  static T value(const T* p, const double* x) { return x[0] * (1.0 + p[0] * x[1] + p[1] * x[1] * x[1]); }
};

}  // namespace
std::unique_ptr<Law> makeCompressionQuadratic() { return std::make_unique<FixedLaw<CompressionQuadratic, 2>>(); }
}  // namespace rs::laws
