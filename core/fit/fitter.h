#pragma once
// Fitting a law to points: FitOptions in, FitResult out (the Ceres
// Solver::Options / Summary pattern).
//
// Every start of a multi-start fit is a bounded Levenberg-Marquardt solve
// (core/fit/small_lm.h for laws with at most 8 parameters, else Ceres with
// dense QR and automatic derivatives; see Polisher); the starts are
// spread over threads and the best objective wins, ties going to the earlier
// start, so a fit is deterministic for a seed whatever the thread count.
//
// Uncertainty (FitResult::error_method says which one produced the numbers):
//  wald       s² (JᵀJ)⁻¹ at the optimum, J the Jacobian of the plain
//             residuals, s² = Σ r² / (n − p). The least-squares default.
//  sandwich   the Huber–White covariance of the robust objective Σ ρ(r):
//             A⁻¹ B A⁻¹ · n/(n − p) with B = Σ ψ(r_i)² J_i J_iᵀ and
//             A = Σ ψ'(r_i) J_i J_iᵀ. With Huber's small δ (1e-3 on log
//             residuals) most points lie in the linear part where ψ' = 0,
//             so the raw indicator 1{|r| ≤ δ} leaves A to the few points
//             inside δ; A uses it kernel-smoothed instead (covariance.h).
//  bootstrap  resamples of the points, each refitted from θ̂ (seeded):
//             standard errors are the resamples' standard deviations of the
//             reported values, intervals their 2.5/97.5 percentiles, and the
//             covariance (used by bands and every downstream draw) is theirs.
//             `bootstrap` resamples when set; otherwise kDefaultBootstrap.
// A robust fit's default is the bootstrap: on IsoFLOP-like data
// (tests/bench/bench_robust_errors, 9 data sets) 200 resamples agree with a
// 4,000-resample bootstrap within 25% for all 45 parameter estimates, on the
// fitted and the reported scale, where the sandwich misses 2 (fitted) and 5
// (reported) — it is a local approximation, and these fits are not locally
// quadratic — and Wald is off by 1.3–2.7× either way (too small with
// normal noise, too large when outliers inflate s²). It costs ~0.5 s more
// than the 4,500-start fit on two cores. Wald stays the least-squares
// default, where it is the textbook answer. When the bootstrap falls short
// (fewer than 20 resamples fit) the errors are the sandwich's, else Wald's.
// Wald and sandwich errors map through the parameter's transform by the
// delta method (se(A) = A·se(a) for A = e^a); their intervals are
// transform(θ ± 1.96·se).
// When J is rank deficient (parameters not identifiable from these points)
// the errors are NaN and a warning says so.
//
// Influence: the few points (up to 5) that pull each parameter hardest one
// way, by the one-step influence A⁻¹ψ(r_i)J_i, are left out and the law is
// refitted from θ̂ (one start, not the multi-start); when that moves the
// parameter outside its 95% interval, FitResult::influence names them.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/fit/fit_data.h"
#include "core/laws/law.h"

namespace rs::fit {

// Which estimator produced a fit's standard errors, intervals and covariance.
enum class ErrorMethod { Wald, Sandwich, Bootstrap };
const char* errorMethodId(ErrorMethod method);  // "wald", "sandwich", "bootstrap"

// The solver that runs starts to convergence (see core/fit/small_lm.h).
//   Auto    the small fixed-size Levenberg-Marquardt for laws with at most
//           8 parameters (every catalogue law but epm), else Ceres
//   Ceres   Ceres for every law: the reference the small solver is checked
//           against (tests, bench_chinchilla)
enum class Polisher { Auto, Ceres };

struct FitOptions {
  std::optional<laws::ResidualSpace> space;  // default: the law's (log for the scaling laws)
  std::optional<laws::RobustLoss> robust;    // default: the law's published loss (Chinchilla: Huber 1e-3), else none
  int random_starts = 0;        // 0: the law's grid; N > 0: N uniform random starts over the grid's box
  std::uint64_t seed = 1;       // random starts and bootstrap resamples
  int threads = 0;              // 0: every core
  int max_iterations = 200;     // per start, to convergence
  Polisher polisher = Polisher::Auto;
  // Screening: each start first runs at most this many iterations, and only
  // the `polish_starts` lowest objectives are then run to convergence
  // (0 = run every start to convergence). Most grid starts fall into the
  // same basin; polishing all of them is wasted work. One iteration ranks
  // as well as two (the same optimum on 48 generated IsoFLOP and grid data
  // sets, bench_chinchilla) at two thirds of the screening's cost.
  int screen_iterations = 1;
  int polish_starts = 32;
  int bootstrap = 0;            // resamples of the points (0: none); each refits from the best θ; N > 0 makes the errors the bootstrap's
  // The error estimator when `bootstrap` is 0: default Wald for least
  // squares, the bootstrap (kDefaultBootstrap resamples) for a robust loss.
  std::optional<ErrorMethod> errors;
  bool influence = true;        // look for influential points (a few refits from θ̂)
  std::optional<double> holdout_above;  // fit on primary variable <= split, report error above it
  // Called from worker threads with (starts done, starts total).
  std::function<void(int, int)> progress;
  // Polled between starts; true abandons the fit (result.cancelled).
  std::function<bool()> cancelled;
};

struct ParamEstimate {
  std::string name, display;
  double value = 0, std_error = 0, ci_low = 0, ci_high = 0;
  double fitted = 0;     // in fitted space
  bool at_bound = false;
  // The effect of a variable that does not vary over the points (the
  // compression law's γ when every run has the same recovery tokens): an
  // intercept, not that effect (fit_limits.h).
  bool intercept = false;
  std::string meaning;   // what the parameter measures in this fit, for people
};

// Resamples when the bootstrap is chosen without a count (the robust
// default): the Monte Carlo error of a standard deviation from B resamples is
// about 1/√(2B), 5% here, well inside the 25% the estimator is judged by.
inline constexpr int kDefaultBootstrap = 200;

// Points whose removal moves a parameter outside its 95% interval.
struct InfluentialPoints {
  std::string param;                  // the parameter moved
  std::vector<int> points;            // indices into the fitted points
  std::vector<std::int64_t> run_ids;  // their runs
  std::vector<std::string> labels;    // their runs, for people
  double value = 0, value_without = 0, ci_low = 0, ci_high = 0;  // reported scale
};

struct HoldoutResult {
  double split = 0;
  int n_train = 0, n_test = 0;
  double rmse = 0, mae = 0, max_abs_error = 0, mean_abs_relative_error = 0;
  // The fit below the split that the errors above it test (name, value):
  // not the reported parameters, which use every point.
  std::vector<std::pair<std::string, double>> train_params;
};

struct FitResult {
  std::string law;
  // The law actually fitted when it depends on the data (epm: one eff per
  // format); null when it is the catalogue's law itself. See fittedLaw().
  std::shared_ptr<const laws::Law> model;
  bool ok = false;
  std::string error;                  // "cannot fit ...: why" when !ok
  std::vector<std::string> warnings;  // skipped runs, bounds, identifiability
  // What the fit cannot claim (fit_limits.h): worse than a constant,
  // predictions outside the metric's physical range, intercepts named as
  // effects. Shown before the notes; empty for a fit within its limits.
  std::vector<std::string> limits;
  laws::ResidualSpace space = laws::ResidualSpace::Linear;
  laws::RobustLoss robust;
  int n_points = 0;
  std::vector<std::int64_t> run_ids;  // the runs behind the fit
  std::vector<ParamEstimate> params;
  std::vector<double> theta;          // best parameters, fitted space
  std::vector<double> covariance;     // p x p, fitted space, row-major, by error_method; empty when unavailable
  std::vector<double> correlation;    // p x p
  double objective = 0;               // Σ ρ(r_i) in the residual space
  double residual_variance = 0;       // s² = Σr²/(n−p) of the plain residuals, in the residual space
  double r2 = 0, rmse = 0;            // on the natural scale of y
  double aic = 0, bic = 0;            // Gaussian, from the plain residuals in the residual space
  int starts = 0;            // starts tried (with a finite objective)
  int starts_converged = 0;  // of the polished starts, those that met a convergence test
  bool converged = false;             // the best start met a convergence test
  std::string termination;            // Ceres's message for the best start
  double seconds = 0;
  bool cancelled = false;
  std::optional<HoldoutResult> holdout;
  ErrorMethod error_method = ErrorMethod::Wald;  // what produced std_error, the intervals and `covariance`
  std::vector<InfluentialPoints> influence;      // also summarised in warnings
  int bootstrap_resamples = 0, bootstrap_succeeded = 0;
  std::vector<std::vector<double>> bootstrap_thetas;  // fitted space, for prediction intervals
};

FitResult fitLaw(const laws::Law& law, const FitData& data, const FitOptions& options = {});

// The law whose parameters fit.theta are: fit.model, or `law`.
inline const laws::Law& fittedLaw(const laws::Law& law, const FitResult& fit) { return fit.model ? *fit.model : law; }

// Prediction at x with the fit's θ, on the natural scale.
double predict(const laws::Law& law, const FitResult& fit, const double* x);

// Human-readable report, the same in the CLI and the fit panel.
std::string report(const laws::Law& law, const FitResult& fit);

}  // namespace rs::fit
