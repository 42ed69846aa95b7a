// gadre-downstream: Err(L) = ε − k · exp(−γ · L)
// Gadre et al. 2024, "Language Models Scale Reliably with Over-Training and
// on Downstream Tasks", eq. 5: average top-1 error as an exponential
// function of the model's loss L. ε is the error as L → ∞ (random guessing),
// k and γ set how fast error falls as loss improves. Given an accuracy
// metric, Ratioscope fits Err = 1 − accuracy.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct GadreDownstream {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "gadre-downstream";
    i.name = "Downstream error vs loss (Gadre et al.)";
    i.formula = "Err = ε − k · exp(−γ · L)";
    i.formula_latex = R"(\mathrm{Err} = \epsilon - k\,e^{-\gamma L})";
    i.citation = "Gadre et al. 2024, Language Models Scale Reliably with Over-Training and on Downstream Tasks, eq. 5";
    i.describes = Describes::Accuracy;
    i.variables = {Variable::Loss};
    i.params = {{"epsilon", "ε", "epsilon", Transform::Identity, 0, 1.5, {0.75, 1.0}, "error at infinite loss (chance error)"},
                {"k", "k", "k", Transform::Identity, 0, 1e6, {1.0, 10.0, 100.0}, "scale of the loss effect"},
                {"gamma", "γ", "gamma", Transform::Identity, 0, 50, {0.5, 1.0, 2.0, 4.0}, "rate of error decrease with loss"}};
    i.y_is_error = true;
    return i;
  }
  template <typename T>
  static T value(const T* p, const double* x) { using std::exp; return p[0] - p[1] * exp(-p[2] * x[0]); }
};

}  // namespace
std::unique_ptr<Law> makeGadreDownstream() { return std::make_unique<FixedLaw<GadreDownstream, 3>>(); }
}  // namespace rs::laws
