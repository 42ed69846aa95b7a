// capacity: L = A · (N · ρ(R))^(−α) + B · D^(−β) + E
// "Unified Scaling Laws for Compressed Representations" (2025): a format R
// keeps a fraction ρ(R) of the model's capacity, predicted from how well R
// represents standard Gaussian data:
//   ρ(R) = Lρ · tanh(F · log_{1/4} GMSE(R))^C,
// and capacities of combined formats multiply: ρ(q bits, sparsity s) =
// ρ(q)·ρ(s). Ratioscope computes GMSE itself (gaussian_mse.h) for each run's
// quantisation (bits: the MSE-optimal uniform quantiser) and sparsity
// (magnitude, or 2:4 for N:M methods); an uncompressed part has ρ = 1.
// The published Llama/C4 constants start the fit: α 0.13, β 0.33, E 1.3,
// Lρ 1.0, F 0.41, C 1.39.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Capacity {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "capacity";
    i.name = "Capacity from Gaussian MSE";
    i.formula = "L = A·(N·ρ(R))^(−α) + B·D^(−β) + E,  ρ = Lρ·tanh(F·log¼ GMSE)^C";
    i.formula_latex = R"(L = A\,(N\rho(R))^{-\alpha} + B\,D^{-\beta} + E,\quad \rho = L_\rho \tanh\!\left(F \log_{1/4}\mathrm{GMSE}(R)\right)^{C})";
    i.citation = "Unified Scaling Laws for Compressed Representations (2025)";
    i.describes = Describes::Loss;
    i.variables = {Variable::N, Variable::D, Variable::Gmse, Variable::GmseSparsity};
    i.params = {{"A", "A", "a", Transform::Exp, -20, 60, {std::log(400.0), std::log(40.0)}, "scale of the parameter term"},
                {"B", "B", "b", Transform::Exp, -20, 60, {std::log(400.0), std::log(4000.0)}, "scale of the data term"},
                {"E", "E", "e", Transform::Exp, -10, 5, {std::log(1.3)}, "irreducible loss (1.3)"},
                {"alpha", "α", "alpha", Transform::Identity, 0, 5, {0.13, 0.3}, "parameter exponent (0.13)"},
                {"beta", "β", "beta", Transform::Identity, 0, 5, {0.33}, "data exponent (0.33)"},
                {"L_rho", "Lρ", "L_rho", Transform::Identity, 0.05, 2, {1.0}, "capacity of a lossless format (1.0)"},
                {"F", "F", "F", Transform::Identity, 1e-3, 10, {0.41}, "sharpness of the GMSE-capacity map (0.41)"},
                {"C", "C", "C", Transform::Identity, 1e-3, 10, {1.39}, "exponent of the map (1.39)"}};
    i.default_space = ResidualSpace::Log;
    i.default_huber_delta = 1e-3;
    return i;
  }
  // ρ of one part of a format; GMSE 0 means that part is not compressed.
  template <typename T>
  static T rho(const T* p, double gmse) {
    using std::pow;
    using std::tanh;
    if (gmse <= 0) return T(1.0);
    const double log4 = std::log(gmse) / std::log(0.25);  // log base 1/4
    return p[5] * pow(tanh(p[6] * log4), p[7]);
  }
  template <typename T>
  static T value(const T* p, const double* x) {
    using std::exp;
    using std::log;
    const T capacity = rho(p, x[2]) * rho(p, x[3]);
    const T t1 = p[0] - p[3] * (std::log(x[0]) + log(capacity));
    const T t2 = p[1] - p[4] * std::log(x[1]);
    return exp(t1) + exp(t2) + exp(p[2]);
  }
};

}  // namespace
std::unique_ptr<Law> makeCapacity() { return std::make_unique<FixedLaw<Capacity, 8>>(); }
}  // namespace rs::laws
