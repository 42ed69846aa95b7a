#include "core/fit/fitter.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/fit/bootstrap.h"
#include "core/fit/covariance.h"
#include "core/fit/fit_limits.h"
#include "core/fit/influence.h"
#include "core/fit/multistart.h"
#include "core/fit/statistics.h"

namespace rs::fit {
namespace {

std::vector<double> naturalResiduals(const laws::Law& law, const FitData& data, const std::vector<double>& theta) {
  std::vector<double> e(data.y.size());
  for (int i = 0; i < data.size(); ++i) e[static_cast<std::size_t>(i)] = data.y[static_cast<std::size_t>(i)] - law.predict(theta.data(), data.xAt(i));
  return e;
}

void runHoldout(const laws::Law& law, const FitData& data, const FitOptions& options, laws::ResidualSpace space,
                laws::RobustLoss robust, FitResult& result) {
  const double split = *options.holdout_above;
  std::vector<int> train, test;
  for (int i = 0; i < data.size(); ++i) (data.xAt(i)[data.primaryVariable] <= split ? train : test).push_back(i);
  const std::string variable = laws::variableName(law.info().variables[static_cast<std::size_t>(data.primaryVariable)]);
  if (test.empty()) { result.warnings.push_back("holdout: no point has " + variable + " above the split"); return; }
  if (static_cast<int>(train.size()) < law.parameterCount()) {
    result.warnings.push_back("holdout: only " + std::to_string(train.size()) + " points at or below the split for " +
                              std::to_string(law.parameterCount()) + " parameters");
    return;
  }
  const FitData trainData = subset(data, train);
  FitOptions quiet = options;
  quiet.progress = nullptr;
  const auto solved = detail::solveMultiStart(law, trainData, detail::startingPoints(law, trainData, quiet), space, robust, quiet);
  if (!solved.found) { result.warnings.push_back("holdout: the fit below the split failed"); return; }
  HoldoutResult h;
  h.split = split;
  h.n_train = static_cast<int>(train.size());
  h.n_test = static_cast<int>(test.size());
  for (std::size_t i = 0; i < law.info().params.size(); ++i)
    h.train_params.emplace_back(law.info().params[i].name, laws::reportedValue(law.info().params[i], solved.theta[i]));
  double sq = 0, abs = 0, rel = 0;
  for (int i : test) {
    const double y = data.y[static_cast<std::size_t>(i)], e = y - law.predict(solved.theta.data(), data.xAt(i));
    sq += e * e;
    abs += std::fabs(e);
    rel += std::fabs(e) / std::max(std::fabs(y), 1e-300);
    h.max_abs_error = std::max(h.max_abs_error, std::fabs(e));
  }
  h.rmse = std::sqrt(sq / h.n_test);
  h.mae = abs / h.n_test;
  h.mean_abs_relative_error = rel / h.n_test;
  result.holdout = h;
}

// Standard errors and intervals of every parameter from a fitted-space
// covariance: the delta method through the parameter's transform.
void setFromCovariance(const laws::Law& law, FitResult& result) {
  const int p = law.parameterCount();
  for (int i = 0; i < p; ++i) {
    const auto& spec = law.info().params[static_cast<std::size_t>(i)];
    ParamEstimate& est = result.params[static_cast<std::size_t>(i)];
    const double seFitted = result.covariance.empty() ? NAN : std::sqrt(std::max(0.0, result.covariance[static_cast<std::size_t>(i * p + i)]));
    est.std_error = spec.transform == laws::Transform::Exp ? est.value * seFitted : seFitted;
    est.ci_low = laws::reportedValue(spec, est.fitted - kZ95 * seFitted);
    est.ci_high = laws::reportedValue(spec, est.fitted + kZ95 * seFitted);
  }
}

// Standard errors, intervals and covariance from bootstrap resamples: the
// standard deviation and 2.5/97.5 percentiles of each reported value.
void setFromBootstrap(const laws::Law& law, FitResult& result) {
  result.covariance = detail::sampleCovariance(result.bootstrap_thetas);
  const auto& specs = law.info().params;
  for (std::size_t i = 0; i < result.params.size(); ++i) {
    std::vector<double> values;
    for (const auto& t : result.bootstrap_thetas) values.push_back(laws::reportedValue(specs[i], t[i]));
    double mean = 0, ss = 0;
    for (double v : values) mean += v / static_cast<double>(values.size());
    for (double v : values) ss += (v - mean) * (v - mean);
    result.params[i].std_error = std::sqrt(ss / static_cast<double>(values.size() - 1));
    result.params[i].ci_low = percentile(values, 0.025);
    result.params[i].ci_high = percentile(values, 0.975);
  }
}

void setCorrelation(FitResult& result) {
  result.correlation.clear();
  if (result.covariance.empty()) return;
  const int p = static_cast<int>(result.params.size());
  result.correlation.resize(result.covariance.size());
  for (int i = 0; i < p; ++i)
    for (int j = 0; j < p; ++j) {
      const double d = std::sqrt(result.covariance[static_cast<std::size_t>(i * p + i)] * result.covariance[static_cast<std::size_t>(j * p + j)]);
      result.correlation[static_cast<std::size_t>(i * p + j)] = d > 0 ? result.covariance[static_cast<std::size_t>(i * p + j)] / d : NAN;
    }
}

}  // namespace

const char* errorMethodId(ErrorMethod method) {
  switch (method) {
    case ErrorMethod::Wald: return "wald";
    case ErrorMethod::Sandwich: return "sandwich";
    case ErrorMethod::Bootstrap: return "bootstrap";
  }
  return "wald";
}

double predict(const laws::Law& law, const FitResult& fit, const double* x) {
  return fittedLaw(law, fit).predict(fit.theta.data(), x);
}

FitResult fitLaw(const laws::Law& catalogueLaw, const FitData& data, const FitOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // A law with per-format parameters becomes the law for this data's formats.
  const std::shared_ptr<const laws::Law> specialised = catalogueLaw.withFormats(data.formats);
  const laws::Law& law = specialised ? *specialised : catalogueLaw;
  const laws::LawInfo& info = law.info();
  FitResult result;
  result.law = info.id;
  result.model = specialised;
  result.space = options.space.value_or(info.default_space);
  if (options.robust) result.robust = *options.robust;
  else if (info.default_huber_delta) result.robust = {laws::RobustLoss::Kind::Huber, *info.default_huber_delta};
  result.warnings = data.skipped;
  if (!data.error.empty()) { result.error = data.error; return result; }
  const int n = data.size(), p = law.parameterCount();
  result.n_points = n;
  result.run_ids = data.run_ids;

  const auto starts = detail::startingPoints(law, data, options);
  const auto solved = detail::solveMultiStart(law, data, starts, result.space, result.robust, options);
  result.starts = solved.starts;
  result.starts_converged = solved.converged_starts;
  result.cancelled = solved.cancelled;
  if (solved.cancelled) { result.error = "cancelled"; return result; }
  if (!solved.found) {
    result.error = "cannot fit " + info.id + ": no start reached a finite objective (the law cannot be evaluated at these points)";
    return result;
  }
  result.theta = solved.theta;
  result.objective = solved.objective;
  result.converged = solved.converged;
  result.termination = solved.termination;

  // Goodness of fit: R² and RMSE on y's own scale; AIC/BIC from the plain
  // residuals in the residual space (the space the law was fitted in).
  const std::vector<double> e = naturalResiduals(law, data, result.theta);
  double mean = 0, ssTot = 0, ssRes = 0, rss = 0, objective = 0;
  for (double y : data.y) mean += y / n;
  for (int i = 0; i < n; ++i) {
    const double y = data.y[static_cast<std::size_t>(i)], yhat = y - e[static_cast<std::size_t>(i)];
    ssTot += (y - mean) * (y - mean);
    ssRes += e[static_cast<std::size_t>(i)] * e[static_cast<std::size_t>(i)];
    const double r = result.space == laws::ResidualSpace::Log ? std::log(y) - std::log(yhat) : y - yhat;
    rss += r * r;
    objective += result.robust.rho(r);
  }
  // Σρ(r) evaluated directly, not through the transformed residuals Ceres
  // minimised: the papers' definition, to the last digit.
  result.objective = objective;
  result.r2 = 1 - ssRes / ssTot;
  result.rmse = std::sqrt(ssRes / n);
  const double logLikTerm = n * std::log(std::max(rss / n, 1e-300));
  result.aic = logLikTerm + 2.0 * p;
  result.bic = logLikTerm + p * std::log(static_cast<double>(n));

  const auto& specs = info.params;
  for (int i = 0; i < p; ++i) {
    const auto& spec = specs[static_cast<std::size_t>(i)];
    ParamEstimate est;
    est.name = spec.name;
    est.display = spec.display;
    est.fitted = result.theta[static_cast<std::size_t>(i)];
    est.value = laws::reportedValue(spec, est.fitted);
    const double tol = 1e-9 * std::max(1.0, std::fabs(est.fitted));
    est.at_bound = std::fabs(est.fitted - spec.lower) < tol || std::fabs(est.fitted - spec.upper) < tol;
    if (est.at_bound) result.warnings.push_back("parameter " + spec.name + " ended on its bound; its error ignores the bound");
    result.params.push_back(est);
  }

  // Uncertainty (fitter.h). The Wald covariance is also the identifiability
  // check; the analytic estimate (sandwich for a robust loss, else Wald) is
  // what remains when a bootstrap falls short.
  const bool robustLoss = result.robust.kind != laws::RobustLoss::Kind::None;
  ErrorMethod method = options.bootstrap > 0 ? ErrorMethod::Bootstrap : options.errors.value_or(robustLoss ? ErrorMethod::Bootstrap : ErrorMethod::Wald);
  bool sandwichSingular = false;
  std::optional<detail::Linearisation> lin;
  if (n > p) {
    result.residual_variance = rss / (n - p);
    const std::vector<double> wald = detail::waldCovariance(law, data, result.theta, result.space, result.residual_variance);
    if (wald.empty()) {
      result.warnings.push_back("the Jacobian is rank deficient at the optimum: some parameters are not identifiable from these points, so no standard errors");
      method = ErrorMethod::Wald;
    } else {
      lin = detail::linearise(law, data, result.theta, result.space, result.robust);
      const bool wantSandwich = method == ErrorMethod::Sandwich || (method == ErrorMethod::Bootstrap && robustLoss);
      const std::vector<double> sandwich = wantSandwich && lin ? detail::sandwichCovariance(*lin) : std::vector<double>{};
      result.covariance = sandwich.empty() ? wald : sandwich;
      result.error_method = sandwich.empty() ? ErrorMethod::Wald : ErrorMethod::Sandwich;
      if (method == ErrorMethod::Sandwich && sandwich.empty()) sandwichSingular = true, method = ErrorMethod::Bootstrap;
    }
  } else {
    result.warnings.push_back("as many points as parameters: no degrees of freedom left for uncertainties");
    method = ErrorMethod::Wald;
  }
  setFromCovariance(law, result);
  if (options.holdout_above) runHoldout(law, data, options, result.space, result.robust, result);
  if (method == ErrorMethod::Bootstrap) {
    const int resamples = options.bootstrap > 0 ? options.bootstrap : kDefaultBootstrap;
    result.bootstrap_thetas = detail::bootstrapThetas(law, data, result.theta, result.space, result.robust, options, resamples);
    result.bootstrap_resamples = resamples;
    result.bootstrap_succeeded = static_cast<int>(result.bootstrap_thetas.size());
    if (result.bootstrap_succeeded >= 20) {
      if (sandwichSingular)
        result.warnings.push_back("the sandwich covariance is singular at the optimum; errors from a bootstrap of " + std::to_string(resamples) +
                                  " resamples instead");
      result.error_method = ErrorMethod::Bootstrap;
      setFromBootstrap(law, result);
    } else {
      result.warnings.push_back("bootstrap: only " + std::to_string(result.bootstrap_succeeded) + " of " + std::to_string(resamples) +
                                " resamples fitted; errors are " + errorMethodId(result.error_method) + " instead");
    }
  }
  setCorrelation(result);
  if (options.influence && lin && !result.covariance.empty() && !(options.cancelled && options.cancelled())) {
    result.influence = detail::influentialPoints(law, data, result, *lin, options);
    for (std::string& w : detail::influenceNotes(result.influence)) result.warnings.push_back(std::move(w));
  }
  // Cancelled during holdout or bootstrap: their partial results are not a fit.
  if (options.cancelled && options.cancelled()) {
    FitResult cancelled;
    cancelled.law = result.law;
    cancelled.cancelled = true;
    cancelled.error = "cancelled";
    return cancelled;
  }
  result.limits = checkLimits(law, data, result);
  result.ok = true;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace rs::fit
