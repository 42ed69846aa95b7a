// epm: L(N, D, C) = A / (N · eff(C))^α + B / D^β + E
// "Compression Scaling Laws: Unifying Sparsity and Quantization" (2025): a
// compressed model of N parameters in format C behaves like a dense model of
// N·eff(C) parameters. One effective-parameter multiplier per format, with
// A, α, B, β, E shared by all formats and eff(dense) fixed at 1. Fitted like
// Chinchilla (log residuals, Huber δ = 1e-3); eff is fitted as log eff so it
// stays positive, bounded to (e^-10, e^2): a format may in principle beat
// dense, so eff is not capped at 1.
//
// The parameter count depends on the formats present in the data, so the
// catalogue entry is a template: withFormats() makes the law for a data set.
#include <ceres/dynamic_autodiff_cost_function.h>

#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

class Epm final : public Law {
 public:
  explicit Epm(std::vector<std::string> formats) : formats_(std::move(formats)) {
    info_.id = "epm";
    info_.name = "Effective parameter multiplier";
    info_.formula = "L = A / (N · eff(C))^α + B / D^β + E";
    info_.formula_latex = R"(L = \frac{A}{(N\,\mathrm{eff}(C))^{\alpha}} + \frac{B}{D^{\beta}} + E)";
    info_.citation = "Compression Scaling Laws: Unifying Sparsity and Quantization (2025)";
    info_.describes = Describes::Loss;
    info_.variables = {Variable::N, Variable::D, Variable::Format};
    info_.params = {{"A", "A", "a", Transform::Exp, -20, 60, {0.0, 5.0, 10.0}, "scale of the parameter term"},
                    {"B", "B", "b", Transform::Exp, -20, 60, {0.0, 5.0, 10.0}, "scale of the data term"},
                    {"E", "E", "e", Transform::Exp, -10, 5, {0.0, 0.5}, "irreducible loss"},
                    {"alpha", "α", "alpha", Transform::Identity, 0, 5, {0.2, 0.4}, "parameter exponent"},
                    {"beta", "β", "beta", Transform::Identity, 0, 5, {0.2, 0.4}, "data exponent"}};
    for (const std::string& f : formats_)
      info_.params.push_back({"eff[" + f + "]", "eff(" + f + ")", "log_eff[" + f + "]", Transform::Exp, -10, 2, {std::log(0.5)},
                              "effective-parameter multiplier of format " + f});
    info_.default_space = ResidualSpace::Log;
    info_.default_huber_delta = 1e-3;
    info_.notes = "x[2] is the format index: 0 = dense (eff 1), k = formats[k-1]";
  }
  const LawInfo& info() const override { return info_; }
  std::shared_ptr<const Law> withFormats(const std::vector<std::string>& formats) const override {
    return std::make_shared<Epm>(formats);
  }

  template <typename T>
  static T logValue(const T* p, const double* x) {
    const int format = static_cast<int>(x[2]);
    const T logEff = format > 0 ? p[4 + format] : T(0.0);
    const T t1 = p[0] - p[3] * (std::log(x[0]) + logEff);
    const T t2 = p[1] - p[4] * std::log(x[1]);
    return logSumExp(t1, t2, p[2]);
  }
  double predict(const double* theta, const double* x) const override { return std::exp(logValue<double>(theta, x)); }

  ceres::CostFunction* residuals(const double* x, const double* y, int n, ResidualSpace space, RobustLoss loss) const override {
    auto* f = new ceres::DynamicAutoDiffCostFunction<Residuals, 8>(new Residuals{x, y, n, space, loss});
    f->AddParameterBlock(parameterCount());
    f->SetNumResiduals(n);
    return f;
  }

 private:
  struct Residuals {
    const double* x;
    const double* y;
    int n;
    ResidualSpace space;
    RobustLoss loss;
    template <typename T>
    bool operator()(T const* const* params, T* r) const {
      for (int i = 0; i < n; ++i) {
        const double* xi = x + static_cast<std::size_t>(i) * kMaxVariables;
        const T lp = logValue(params[0], xi);
        using std::exp;
        const T raw = space == ResidualSpace::Log ? T(std::log(y[i])) - lp : T(y[i]) - exp(lp);
        r[i] = robustResidual(raw, loss);
      }
      return true;
    }
  };
  std::vector<std::string> formats_;
  LawInfo info_;
};

}  // namespace

std::unique_ptr<Law> makeEpm(std::vector<std::string> formats) { return std::make_unique<Epm>(std::move(formats)); }

}  // namespace rs::laws
