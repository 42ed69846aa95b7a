// The text report of a fit: what the CLI prints without --json and the fit
// panel shows, so both say the same thing (Ceres's Summary::FullReport idea).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/fit/fitter.h"

namespace rs::fit {
namespace {
std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Which estimator produced the ± and the intervals, in words.
std::string errorsDescription(const FitResult& fit) {
  switch (fit.error_method) {
    case ErrorMethod::Wald:
      return fit.covariance.empty() ? "none (see the notes)" : "Wald, s²(JᵀJ)⁻¹ of the plain residuals; intervals θ ± 1.96 se in the fitted space";
    case ErrorMethod::Sandwich:
      return "sandwich (Huber–White) covariance of the robust objective; intervals θ ± 1.96 se in the fitted space";
    case ErrorMethod::Bootstrap:
      return "bootstrap, " + std::to_string(fit.bootstrap_succeeded) + "/" + std::to_string(fit.bootstrap_resamples) +
             " resamples: ± is their standard deviation, intervals their 2.5/97.5 percentiles";
  }
  return "";
}
}  // namespace

std::string report(const laws::Law& law, const FitResult& fit) {
  const laws::LawInfo& info = law.info();
  std::string out = info.name + "  [" + info.id + "]\n  " + info.formula + "\n  " + info.citation + "\n";
  if (!fit.ok) return out + "  " + fit.error + "\n";
  out += "  points " + std::to_string(fit.n_points) + ", residuals " +
         (fit.space == laws::ResidualSpace::Log ? "log" : "linear") + ", loss " +
         (fit.robust.kind == laws::RobustLoss::Kind::None ? std::string("none")
          : fit.robust.kind == laws::RobustLoss::Kind::Huber ? "Huber δ=" + format("%g", fit.robust.delta)
                                                             : "Cauchy δ=" + format("%g", fit.robust.delta)) +
         "\n";
  for (const ParamEstimate& p : fit.params) {
    out += "  " + p.name + std::string(p.name.size() < 10 ? 10 - p.name.size() : 1, ' ') + format("%12.6g", p.value) +
           " ± " + format("%-10.3g", p.std_error) + "  95% [" + format("%.6g", p.ci_low) + ", " + format("%.6g", p.ci_high) + "]" +
           (p.at_bound ? "  (at bound)" : "") + (p.intercept ? "  (intercept)" : "") + "\n";
  }
  out += "  objective " + format("%.10g", fit.objective) + "   R² " + format("%.5f", fit.r2) + "   RMSE " +
         format("%.5g", fit.rmse) + "   AIC " + format("%.3f", fit.aic) + "   BIC " + format("%.3f", fit.bic) + "\n";
  out += "  starts " + std::to_string(fit.starts) + " (" + std::to_string(fit.starts_converged) + " converged), best " +
         (fit.converged ? "converged" : "did not converge") + ": " + fit.termination + "\n";
  out += "  time " + format("%.3f s", fit.seconds) + "\n";
  out += "  errors: " + errorsDescription(fit) + "\n";
  if (fit.holdout) {
    // The tested fit is another fit than the one above: say which, with its parameters.
    std::string train;
    for (const auto& [name, value] : fit.holdout->train_params) train += (train.empty() ? "" : ", ") + name + " " + format("%.6g", value);
    out += "  holdout: refitted to the " + std::to_string(fit.holdout->n_train) + " points at or below " + format("%g", fit.holdout->split) +
           " (" + train + "); on the " + std::to_string(fit.holdout->n_test) + " points above: RMSE " + format("%.5g", fit.holdout->rmse) +
           ", mean |relative error| " + format("%.3g", fit.holdout->mean_abs_relative_error) + "\n";
    out += "  (the parameters above use all " + std::to_string(fit.holdout->n_train + fit.holdout->n_test) + " points)\n";
  }
  // What the fit cannot claim comes first, apart from the routine notes.
  for (const std::string& l : fit.limits) out += "  warning: " + l + "\n";
  for (const std::string& w : fit.warnings) out += "  note: " + w + "\n";
  return out;
}

}  // namespace rs::fit
