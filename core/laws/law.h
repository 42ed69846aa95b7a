#pragma once
// A law is a named parametric family y = f(x; θ) that Ratioscope fits to
// runs: its formula, the run variables it reads, its parameters with bounds
// and starting grid, and its citation. This header is the public face of
// core/laws; the Ceres machinery stays in law_adapter.h.
//
// Parameters are fitted in a "fitted space" that can differ from the value
// people report: a positive scale such as Chinchilla's A is fitted as
// a = log A (Transform::Exp), which keeps it positive without a bound and
// makes the problem better conditioned (Hoffmann et al. 2022 fit a, b, e).

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ceres {
class CostFunction;
}

namespace rs::laws {

// The run quantities a law can read, resolved per run by core/fit.
enum class Variable {
  N,          // nominal parameters (run field `params`)
  D,          // pretraining tokens (`tokens`)
  Ratio,      // compression ratio r (`ratio`; 0 for dense runs)
  RftTokens,  // recovery fine-tuning tokens (`rft_tokens`; missing = 0, no recovery)
  Y0,         // the same metric on the dense run of the same family/model
  Loss,       // another metric of the same run (Gadre: downstream error vs loss)
  X,          // the chosen plot axis (generic shapes: power, logistic, segmented)
  Gmse,          // Gaussian MSE of the run's quantisation (0 when not quantised)
  GmseSparsity,  // Gaussian MSE of the run's sparsity (0 when not sparse)
  Format,        // index of the run's compression format (0 = dense)
};
std::string variableName(Variable v);  // "N (params)", ...

enum class ResidualSpace { Linear, Log };  // y - f, or log y - log f

enum class Transform { Identity, Exp };

// Robust loss ρ applied to each residual r. The objective is Σ ρ(r_i):
//   none    ρ(r) = r²/2
//   Huber   ρ(r) = r²/2 for |r| ≤ δ, δ(|r| − δ/2) otherwise (Huber 1964; the
//           definition Hoffmann et al. 2022 use, so objectives compare)
//   Cauchy  ρ(r) = δ²/2 · log(1 + r²/δ²)
// Huber bounds the pull of outliers linearly, Cauchy logarithmically.
struct RobustLoss {
  enum class Kind { None, Huber, Cauchy };
  Kind kind = Kind::None;
  double delta = 1.0;
  double rho(double r) const;
};  // reported value = fitted value, or exp(fitted)

struct ParamSpec {
  std::string name;         // reported, ASCII: A, alpha, N_c
  std::string display;      // for people: A, α, N꜀
  std::string fitted_name;  // name in fitted space: "a" for A = e^a
  Transform transform = Transform::Identity;
  double lower = -1e300, upper = 1e300;  // bounds in fitted space
  std::vector<double> grid;               // starting values in fitted space
  std::string meaning;
};

// What a law's y was made for. A loss law (Kaplan, Chinchilla, the
// effective-parameter laws, the quadratic compression law) describes a value
// that falls with scale towards a floor and grows under compression; an
// accuracy law (the linear compression law, Gadre's downstream error) a task
// score bounded by [0, 1]. Fitted to the other kind, the numbers mean nothing
// (core/fit/law_metric.h refuses or warns).
enum class Describes { Any, Loss, Accuracy };

// Which variable a parameter measures the effect of, when that effect is
// identifiable only if the variable varies (the compression law's γ and
// D_rft): with the variable constant over the points, the parameter is an
// intercept, and the fit says so (core/fit/fit_limits.h).
struct ParamEffect {
  std::string param;  // ParamSpec::name
  Variable variable;
  std::string constant_reading;  // what the term is then, for people: "(1 + 1/(D_rft + 1))^γ, a constant factor"
};

struct LawInfo {
  std::string id;               // stable: chinchilla, kaplan-n, ...
  std::string name;             // "Chinchilla (Hoffmann et al. 2022)"
  std::string formula;          // Unicode
  std::string formula_latex;
  std::string citation;
  std::vector<Variable> variables;  // in the order predict() reads x
  std::vector<ParamSpec> params;
  ResidualSpace default_space = ResidualSpace::Linear;
  std::optional<double> default_huber_delta;  // the published procedure's robust loss, if any
  bool y_is_error = false;  // fitted to 1 - accuracy when given an accuracy metric (Gadre et al.)
  Describes describes = Describes::Any;
  std::vector<ParamEffect> effects;
  std::string notes;
};

// The residuals before the robust loss, r_i = y_i − f(x_i; θ) (or
// log y_i − log f(x_i; θ) in log space), and their Jacobian ∂r/∂θ: what a
// solver that applies the loss itself needs (core/fit's small
// Levenberg–Marquardt weights each point by ρ'(r)/r, as Ceres does with a
// LossFunction). Made for one set of points; evaluate() is const and may be
// called from several threads at once.
class PlainResiduals {
 public:
  virtual ~PlainResiduals() = default;
  virtual int size() const = 0;  // n
  // r: n values; J: n × p row-major, or null when not wanted. False when f
  // cannot be evaluated at θ (a value or derivative that is not finite).
  virtual bool evaluate(const double* theta, double* r, double* J) const = 0;
};

// What a starting grid may depend on: the data's ranges, so generic shapes
// (power, logistic, segmented) start near the data whatever its units.
struct DataSummary {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
};

class Law {
 public:
  virtual ~Law() = default;
  virtual const LawInfo& info() const = 0;
  int parameterCount() const { return static_cast<int>(info().params.size()); }
  // Prediction on the natural scale of y for fitted-space θ and variables x.
  virtual double predict(const double* theta, const double* x) const = 0;
  // A new Ceres cost function (owned by the caller) for all n points at once:
  // x holds kMaxVariables values per point, in info().variables order. Each
  // residual is transformed to sign(r)·sqrt(2ρ(r)), so Ceres's ½Σr̃² is
  // exactly the robust objective Σρ(r). The arrays must outlive the function.
  virtual ceres::CostFunction* residuals(const double* x, const double* y, int n, ResidualSpace space,
                                         RobustLoss loss) const = 0;
  // The same points' plain residuals (above), or null when this law is
  // fitted by Ceres alone (epm: its parameter count depends on the data).
  virtual std::unique_ptr<PlainResiduals> plainResiduals(const double* x, const double* y, int n, ResidualSpace space) const {
    return nullptr;
  }
  // Starting points in fitted space: by default the Cartesian product of the
  // parameters' grids; data-scaled for the generic shapes.
  virtual std::vector<std::vector<double>> startGrid(const DataSummary& data) const;
  // Laws with one parameter per compression format in the data (epm) return
  // the law for these formats; every other law returns null.
  virtual std::shared_ptr<const Law> withFormats(const std::vector<std::string>& formats) const { return nullptr; }

  // Law-specific answers beyond predict(). Each is a capability a law may
  // lack: callers ask canInvert() / hasCriticalRatio() first and say in words
  // why there is no answer, so nothing outside core/laws branches on a law's
  // id or knows its parameters by name.
  //
  // Inversion: the value of the law's first variable (N for Chinchilla and
  // Kaplan L(N, D), x for the power law) at which it predicts y, with its
  // other variables as in x (fitted-space θ; x in info().variables order, the
  // first slot ignored). Unsolved when y is out of the law's reach (below
  // Chinchilla's E + B/D^β): Inverse::reachable is false.
  virtual bool canInvert() const { return false; }
  struct Inverse {
    bool reachable = false;
    double value = 0;
  };
  virtual Inverse invert(const double* theta, double y, const double* x) const { return {}; }
  // The critical compression ratio for a tolerated degradation Y/Y0 = σ
  // (Sengupta et al. 2025) at one point's other variables x (Y0, recovery
  // tokens; the ratio slot ignored; a variable the points do not share is
  // NaN), and its gradient ∂r/∂θ (parameterCount() values) for the delta
  // method. Unsolved (reachable false) when the law cannot reach σ there.
  virtual bool hasCriticalRatio() const { return false; }
  virtual Inverse criticalRatio(const double* theta, double sigma, const double* x, double* gradient) const { return {}; }
};

// Reported value of parameter i from its fitted value.
double reportedValue(const ParamSpec& spec, double fitted);

constexpr int kMaxVariables = 4;  // values per point in the x arrays

}  // namespace rs::laws
