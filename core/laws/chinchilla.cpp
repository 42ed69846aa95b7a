// chinchilla: L(N, D) = E + A / N^α + B / D^β
// Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models",
// Approach 3 (eq. 2 and appendix D.2). The published procedure, which is
// this law's default: parameters a = log A, b = log B, e = log E, α, β; the
// prediction is written log L̂ = LSE(a − α log N, b − β log D, e); residuals
// are log L − log L̂ under a Huber loss with δ = 1e-3; L-BFGS from the grid
// a, b ∈ {0, 5, …, 25}, e ∈ {−1, −0.5, …, 1}, α, β ∈ {0, 0.5, …, 2}
// (4,500 starts), keeping the best. Their fit: E 1.69, A 406.4, B 410.7,
// α 0.34, β 0.28.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Chinchilla {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "chinchilla";
    i.name = "Chinchilla L(N, D)";
    i.formula = "L = E + A / N^α + B / D^β";
    i.formula_latex = R"(L = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}})";
    i.citation = "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, Approach 3";
    i.describes = Describes::Loss;
    i.variables = {Variable::N, Variable::D};
    // Bounds are wide enough never to bind at a sensible optimum; they only
    // stop a start from wandering to exponents no language model has.
    i.params = {{"A", "A", "a", Transform::Exp, -20, 60, gridRange(0, 25, 5), "scale of the parameter term (406.4)"},
                {"B", "B", "b", Transform::Exp, -20, 60, gridRange(0, 25, 5), "scale of the data term (410.7)"},
                {"E", "E", "e", Transform::Exp, -10, 5, gridRange(-1, 1, 0.5), "irreducible loss (1.69)"},
                {"alpha", "α", "alpha", Transform::Identity, 0, 5, gridRange(0, 2, 0.5), "parameter exponent (0.34)"},
                {"beta", "β", "beta", Transform::Identity, 0, 5, gridRange(0, 2, 0.5), "data exponent (0.28)"}};
    i.default_space = ResidualSpace::Log;
    i.default_huber_delta = 1e-3;
    return i;
  }
  // x holds log N and log D after prepare().
  static void prepare(double* x) { x[0] = std::log(x[0]); x[1] = std::log(x[1]); }
  template <typename T>
  static T logValue(const T* p, const double* x) {
    const T t1 = p[0] - p[3] * x[0];
    const T t2 = p[1] - p[4] * x[1];
    return logSumExp(t1, t2, p[2]);
  }
  template <typename T>
  static T value(const T* p, const double* x) { using std::exp; return exp(logValue(p, x)); }
  // N = (A / (L − E − B/D^β))^(1/α): out of reach at or below the floor E + B/D^β.
  static Law::Inverse invert(const double* p, double loss, const double* x) {
    const double rest = loss - std::exp(p[2]) - std::exp(p[1]) / std::pow(x[1], p[4]);
    if (!(rest > 0)) return {};
    return {true, std::pow(std::exp(p[0]) / rest, 1 / p[3])};
  }
  // ∂ log L̂ / ∂θ: the softmax weights w_k of the three terms,
  // (w1, w2, w3, −w1 log N, −w2 log D).
  static double logValueGradient(const double* p, const double* x, double* g) {
    const double t1 = p[0] - p[3] * x[0], t2 = p[1] - p[4] * x[1], t3 = p[2];
    const double m = std::max(t1, std::max(t2, t3));
    const double e1 = std::exp(t1 - m), e2 = std::exp(t2 - m), e3 = std::exp(t3 - m), sum = e1 + e2 + e3;
    const double w1 = e1 / sum, w2 = e2 / sum, w3 = e3 / sum;
    g[0] = w1;
    g[1] = w2;
    g[2] = w3;
    g[3] = -w1 * x[0];
    g[4] = -w2 * x[1];
    return m + std::log(sum);
  }
  // The same for n points at once (x: kMaxVariables values per point; grad
  // n × 5 or null): the inner loop of the small solver, which evaluates
  // 4,500 starts a few times each. e^e is computed once, and the three terms
  // are summed unshifted: within the bounds every exponent lies in
  // [−20 − 5·log N, 60], so no term overflows and the sum is at least
  // e^−10. Two exponentials, a logarithm and a division a point instead of
  // three, one and three; a point outside that range takes the shifted form.
  static void logValueGradients(const double* p, const double* x, int n, double* logF, double* grad) {
    const double e3 = std::exp(p[2]);
    for (int i = 0; i < n; ++i, x += kMaxVariables) {
      double* g = grad ? grad + static_cast<std::size_t>(i) * 5 : nullptr;
      const double e1 = std::exp(p[0] - p[3] * x[0]), e2 = std::exp(p[1] - p[4] * x[1]), sum = e1 + e2 + e3;
      if (!(sum > 0 && sum < HUGE_VAL)) {
        double shifted[5];
        logF[i] = logValueGradient(p, x, g ? g : shifted);
        continue;
      }
      logF[i] = std::log(sum);
      if (!g) continue;
      const double inv = 1 / sum;
      g[0] = e1 * inv;
      g[1] = e2 * inv;
      g[2] = e3 * inv;
      g[3] = -g[0] * x[0];
      g[4] = -g[1] * x[1];
    }
  }
};

}  // namespace
std::unique_ptr<Law> makeChinchilla() { return std::make_unique<FixedLaw<Chinchilla, 5>>(); }
}  // namespace rs::laws
