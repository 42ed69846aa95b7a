// compression: Y = Y0^α · (1 + r)^β · (1 + 1/(D_rft + 1))^γ
// Sengupta, Chaudhary & Chakraborty 2025, "Compression Laws for Large
// Language Models", in the form public summaries of the paper give. Y is a
// metric of the compressed model (test loss or a task accuracy), Y0 the same
// metric of its dense model, r the compression ratio and D_rft the recovery
// fine-tuning tokens. Least squares in log space, where the law is linear:
// log Y = α log Y0 + β log(1 + r) + γ log(1 + 1/(D_rft + 1)).
// For a tolerated degradation σ (Y/Y0 = σ) at a model's Y0 and recovery D_rft
// the critical ratio is r_crit = (σ / (Y0^(α−1) · (1 + 1/(D_rft + 1))^γ))^(1/β) − 1
// (criticalRatio() below); with α = 1 and γ = 0 it is σ^(1/β) − 1.
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
  // log(1 + r) = K/β with K = log σ − (α − 1) log Y0 − γ log g, g = 1 + 1/(D_rft + 1).
  // Recovery tokens the points do not share (NaN) count as none (g = 2).
  // Gradient: ∂r/∂α = −(1+r) log Y0 / β, ∂r/∂β = −(1+r) K / β², ∂r/∂γ = −(1+r) log g / β.
  static Law::Inverse criticalRatio(const double* p, double sigma, const double* x, double* gradient) {
    const double alpha = p[0], beta = p[1], gamma = p[2], y0 = x[0], rft = std::isnan(x[2]) ? 0.0 : x[2];
    if (beta == 0 || !(sigma > 0) || !(y0 > 0)) return {};
    const double logG = std::log1p(1.0 / (rft + 1.0)), logY0 = std::log(y0);
    const double k = std::log(sigma) - (alpha - 1) * logY0 - gamma * logG, onePlusR = std::exp(k / beta);
    if (gradient) {
      gradient[0] = -onePlusR * logY0 / beta;
      gradient[1] = -onePlusR * k / (beta * beta);
      gradient[2] = -onePlusR * logG / beta;
    }
    return {true, onePlusR - 1};
  }
};

}  // namespace
std::unique_ptr<Law> makeCompression() { return std::make_unique<FixedLaw<Compression, 3>>(); }
}  // namespace rs::laws
