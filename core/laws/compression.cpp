// compression: Y = Y0^α · (1 + r)^β · (1 + 1/(D_rft + 1))^γ
// Sengupta, Chaudhary & Chakraborty 2025, "Compression Laws for Large
// Language Models", in the form public summaries of the paper give. Y is a
// metric of the compressed model (test loss or a task accuracy), Y0 the same
// metric of its dense model, r the compression ratio and D_rft the recovery
// fine-tuning tokens. Least squares in log space, where the law is linear:
// log Y = α log Y0 + β log(1 + r) + γ log(1 + 1/(D_rft + 1)).
// For a tolerated degradation σ (Y/Y0 = σ) at a model's Y0 and recovery D_rft
// the critical ratio is r_crit = (σ / (Y0^(α−1) · (1 + 1/(D_rft + 1))^γ))^(1/β) − 1
// (criticalRatio() in fitter.h); with α = 1 and γ = 0 it is σ^(1/β) − 1.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Compression {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "compression";
    i.name = "Compression law (Sengupta et al.)";
    i.formula = "Y = Y₀^α · (1 + r)^β · (1 + 1/(D_rft + 1))^γ";
    i.formula_latex = R"(Y = Y_0^{\alpha}\,(1 + r)^{\beta}\,\left(1 + \frac{1}{D_{\mathrm{rft}} + 1}\right)^{\gamma})";
    i.citation = "Sengupta, Chaudhary & Chakraborty 2025, Compression Laws for Large Language Models";
    i.variables = {Variable::Y0, Variable::Ratio, Variable::RftTokens};
    i.params = {{"alpha", "α", "alpha", Transform::Identity, -10, 10, {1.0}, "power of the dense model's value (1 = proportional)"},
                {"beta", "β", "beta", Transform::Identity, -50, 50, {-1.0, 0.0, 1.0}, "sensitivity to the compression ratio"},
                {"gamma", "γ", "gamma", Transform::Identity, -50, 50, {0.0}, "effect of recovery fine-tuning"}};
    // γ measures recovery only across runs with different recovery tokens;
    // at one D_rft its term is a constant factor, an intercept.
    i.effects = {{"gamma", Variable::RftTokens, "(1 + 1/(D_rft + 1))^γ is one constant factor for every run"}};
    i.default_space = ResidualSpace::Log;
    return i;
  }
  template <typename T>
  static T logValue(const T* p, const double* x) {
    return p[0] * std::log(x[0]) + p[1] * std::log1p(x[1]) + p[2] * std::log1p(1.0 / (x[2] + 1.0));
  }
  template <typename T>
  static T value(const T* p, const double* x) { using std::exp; return exp(logValue(p, x)); }
};

}  // namespace
std::unique_ptr<Law> makeCompression() { return std::make_unique<FixedLaw<Compression, 3>>(); }
}  // namespace rs::laws
