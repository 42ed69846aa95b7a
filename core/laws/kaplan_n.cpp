// kaplan-n: L(N) = (N_c / N)^α_N
// Kaplan et al. 2020, "Scaling Laws for Neural Language Models", eq. (1.1),
// Table 5: α_N ≈ 0.076, N_c ≈ 8.8e13 (non-embedding parameters), for models
// trained to convergence on enough data. Fitted in log space, where it is
// linear: log L = α_N (log N_c − log N).
#include "core/laws/kaplan_single.h"
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct KaplanN : KaplanSingleVariable {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "kaplan-n";
    i.name = "Kaplan L(N)";
    i.formula = "L = (N꜀ / N)^α_N";
    i.formula_latex = R"(L = \left(N_c / N\right)^{\alpha_N})";
    i.citation = "Kaplan et al. 2020, Scaling Laws for Neural Language Models, eq. 1.1";
    i.describes = Describes::Loss;
    i.variables = {Variable::N};
    // N_c is fitted as its logarithm: it spans orders of magnitude and must stay positive.
    i.params = {{"N_c", "N꜀", "log_N_c", Transform::Exp, 0, 80, {std::log(1e12), std::log(1e14), std::log(1e16)},
                 "critical parameter count; Kaplan et al. report 8.8e13"},
                {"alpha_N", "α_N", "alpha_N", Transform::Identity, 0, 5, {0.05, 0.1, 0.3},
                 "exponent of the parameter power law; Kaplan et al. report 0.076"}};
    i.default_space = ResidualSpace::Log;
    return i;
  }
};

}  // namespace
std::unique_ptr<Law> makeKaplanN() { return std::make_unique<FixedLaw<KaplanN, 2>>(); }
}  // namespace rs::laws
