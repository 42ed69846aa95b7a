// kaplan-nd: L(N, D) = [(N_c / N)^(α_N/α_D) + D_c / D]^α_D
// Kaplan et al. 2020, eq. (1.5): the combined law for a model of N
// parameters trained on D tokens; Table 5 gives α_N 0.076, α_D 0.095,
// N_c 6.4e13, D_c 1.8e13. Evaluated in log space as
// α_D · LSE((α_N/α_D)(log N_c − log N), log D_c − log D) for stability.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct KaplanND {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "kaplan-nd";
    i.name = "Kaplan L(N, D)";
    i.formula = "L = [(N꜀ / N)^(α_N/α_D) + D꜀ / D]^α_D";
    i.formula_latex = R"(L = \left[\left(\frac{N_c}{N}\right)^{\alpha_N/\alpha_D} + \frac{D_c}{D}\right]^{\alpha_D})";
    i.citation = "Kaplan et al. 2020, Scaling Laws for Neural Language Models, eq. 1.5";
    i.describes = Describes::Loss;
    i.variables = {Variable::N, Variable::D};
    i.params = {{"N_c", "N꜀", "log_N_c", Transform::Exp, 0, 80, {std::log(1e12), std::log(1e14)}, "critical parameter count (6.4e13)"},
                {"D_c", "D꜀", "log_D_c", Transform::Exp, 0, 80, {std::log(1e12), std::log(1e14)}, "critical token count (1.8e13)"},
                {"alpha_N", "α_N", "alpha_N", Transform::Identity, 1e-4, 5, {0.05, 0.1, 0.3}, "parameter exponent (0.076)"},
                {"alpha_D", "α_D", "alpha_D", Transform::Identity, 1e-4, 5, {0.05, 0.1, 0.3}, "data exponent (0.095)"}};
    i.default_space = ResidualSpace::Log;
    return i;
  }
  // x holds log N and log D after prepare().
  static void prepare(double* x) { x[0] = std::log(x[0]); x[1] = std::log(x[1]); }
  template <typename T>
  static T logValue(const T* p, const double* x) {
    return p[3] * logSumExp((p[2] / p[3]) * (p[0] - x[0]), p[1] - x[1]);
  }
  template <typename T>
  static T value(const T* p, const double* x) { using std::exp; return exp(logValue(p, x)); }
  // N = N_c / (L^(1/α_D) − D_c/D)^(α_D/α_N): out of reach where the data term alone reaches L.
  static Law::Inverse invert(const double* p, double loss, const double* x) {
    const double aN = p[2], aD = p[3];
    const double rest = std::pow(loss, 1 / aD) - std::exp(p[1]) / x[1];
    if (!(rest > 0)) return {};
    return {true, std::exp(p[0]) / std::pow(rest, aD / aN)};
  }
};

}  // namespace
std::unique_ptr<Law> makeKaplanND() { return std::make_unique<FixedLaw<KaplanND, 4>>(); }
}  // namespace rs::laws
