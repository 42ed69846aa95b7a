// kaplan-d: L(D) = (D_c / D)^α_D
// Kaplan et al. 2020, eq. (1.2): large models trained with early stopping on
// D tokens; α_D ≈ 0.095, D_c ≈ 5.4e13 tokens. Fitted in log space.
#include "core/laws/kaplan_single.h"
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct KaplanD : KaplanSingleVariable {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "kaplan-d";
    i.name = "Kaplan L(D)";
    i.formula = "L = (D꜀ / D)^α_D";
    i.formula_latex = R"(L = \left(D_c / D\right)^{\alpha_D})";
    i.citation = "Kaplan et al. 2020, Scaling Laws for Neural Language Models, eq. 1.2";
    i.describes = Describes::Loss;
    i.variables = {Variable::D};
    i.params = {{"D_c", "D꜀", "log_D_c", Transform::Exp, 0, 80, {std::log(1e12), std::log(1e14), std::log(1e16)},
                 "critical token count; Kaplan et al. report 5.4e13"},
                {"alpha_D", "α_D", "alpha_D", Transform::Identity, 0, 5, {0.05, 0.1, 0.3},
                 "exponent of the data power law; Kaplan et al. report 0.095"}};
    i.default_space = ResidualSpace::Log;
    return i;
  }
};

}  // namespace
std::unique_ptr<Law> makeKaplanD() { return std::make_unique<FixedLaw<KaplanD, 2>>(); }
}  // namespace rs::laws
