#include "core/fit/fitter.h"

#include <ceres/ceres.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <atomic>
#include <random>
#include <thread>

#include "core/fit/multistart.h"
#include "core/fit/statistics.h"

namespace rs::fit {
namespace {

// s²(JᵀJ)⁻¹ at θ from the plain residuals, or empty when J is rank
// deficient. Robust fits use it too: the robust-transformed Jacobian would
// let the few points inside δ dominate JᵀJ and understate the errors.
std::vector<double> covarianceAt(const laws::Law& law, const FitData& data, std::vector<double> theta,
                                 laws::ResidualSpace space, double s2) {
  const int p = law.parameterCount();
  ceres::Problem problem;
  problem.AddResidualBlock(law.residuals(data.x.data(), data.y.data(), data.size(), space, laws::RobustLoss{}), nullptr,
                           theta.data());
  ceres::Covariance::Options options;
  options.algorithm_type = ceres::DENSE_SVD;
  options.num_threads = 1;
  ceres::Covariance covariance(options);
  const std::vector<std::pair<const double*, const double*>> blocks = {{theta.data(), theta.data()}};
  if (!covariance.Compute(blocks, &problem)) return {};
  std::vector<double> c(static_cast<std::size_t>(p * p));
  if (!covariance.GetCovarianceBlock(theta.data(), theta.data(), c.data())) return {};
  for (double& v : c) v *= s2;
  return c;
}

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

void runBootstrap(const laws::Law& law, const FitData& data, const FitOptions& options, laws::ResidualSpace space,
                  laws::RobustLoss robust, FitResult& result) {
  const int b = options.bootstrap, n = data.size();
  // Resample indices drawn up front from the seed: the same seed gives the
  // same resamples whatever the thread count.
  std::mt19937_64 rng(options.seed ^ 0x9E3779B97F4A7C15ull);
  std::uniform_int_distribution<int> pick(0, n - 1);
  std::vector<std::vector<int>> resamples(static_cast<std::size_t>(b), std::vector<int>(static_cast<std::size_t>(n)));
  for (auto& r : resamples)
    for (int& i : r) i = pick(rng);
  std::vector<std::vector<double>> thetas(static_cast<std::size_t>(b));
  std::atomic<int> next{0};
  FitOptions single = options;
  single.threads = 1;
  single.progress = nullptr;
  auto worker = [&] {
    for (int k; (k = next.fetch_add(1)) < b;) {
      if (options.cancelled && options.cancelled()) return;
      const FitData sample = subset(data, resamples[static_cast<std::size_t>(k)]);
      const auto solved = detail::solveMultiStart(law, sample, {result.theta}, space, robust, single);
      if (solved.found) thetas[static_cast<std::size_t>(k)] = solved.theta;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < detail::threadCount(options); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  result.bootstrap_resamples = b;
  for (auto& t : thetas)
    if (!t.empty()) result.bootstrap_thetas.push_back(std::move(t));
  result.bootstrap_succeeded = static_cast<int>(result.bootstrap_thetas.size());
  if (result.bootstrap_succeeded < 20) {
    result.warnings.push_back("bootstrap: only " + std::to_string(result.bootstrap_succeeded) + " resamples fitted; intervals kept from the covariance");
    return;
  }
  const auto& specs = law.info().params;
  for (std::size_t i = 0; i < result.params.size(); ++i) {
    std::vector<double> values;
    for (const auto& t : result.bootstrap_thetas) values.push_back(laws::reportedValue(specs[i], t[i]));
    result.params[i].ci_low = percentile(values, 0.025);
    result.params[i].ci_high = percentile(values, 0.975);
  }
}

}  // namespace

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
  if (n > p) {
    result.residual_variance = rss / (n - p);
    result.covariance = covarianceAt(law, data, result.theta, result.space, result.residual_variance);
  } else {
    result.warnings.push_back("as many points as parameters: no degrees of freedom left for uncertainties");
  }
  if (result.covariance.empty() && n > p)
    result.warnings.push_back("the Jacobian is rank deficient at the optimum: some parameters are not identifiable from these points, so no standard errors");
  for (int i = 0; i < p; ++i) {
    const auto& spec = specs[static_cast<std::size_t>(i)];
    ParamEstimate est;
    est.name = spec.name;
    est.display = spec.display;
    est.fitted = result.theta[static_cast<std::size_t>(i)];
    est.value = laws::reportedValue(spec, est.fitted);
    const double seFitted = result.covariance.empty() ? NAN : std::sqrt(std::max(0.0, result.covariance[static_cast<std::size_t>(i * p + i)]));
    est.std_error = spec.transform == laws::Transform::Exp ? est.value * seFitted : seFitted;
    est.ci_low = laws::reportedValue(spec, est.fitted - kZ95 * seFitted);
    est.ci_high = laws::reportedValue(spec, est.fitted + kZ95 * seFitted);
    const double tol = 1e-9 * std::max(1.0, std::fabs(est.fitted));
    est.at_bound = std::fabs(est.fitted - spec.lower) < tol || std::fabs(est.fitted - spec.upper) < tol;
    if (est.at_bound) result.warnings.push_back("parameter " + spec.name + " ended on its bound; its error ignores the bound");
    result.params.push_back(est);
  }
  if (!result.covariance.empty()) {
    result.correlation.resize(result.covariance.size());
    for (int i = 0; i < p; ++i)
      for (int j = 0; j < p; ++j) {
        const double d = std::sqrt(result.covariance[static_cast<std::size_t>(i * p + i)] * result.covariance[static_cast<std::size_t>(j * p + j)]);
        result.correlation[static_cast<std::size_t>(i * p + j)] = d > 0 ? result.covariance[static_cast<std::size_t>(i * p + j)] / d : NAN;
      }
  }
  if (options.holdout_above) runHoldout(law, data, options, result.space, result.robust, result);
  if (options.bootstrap > 0) runBootstrap(law, data, options, result.space, result.robust, result);
  // Cancelled during holdout or bootstrap: their partial results are not a fit.
  if (options.cancelled && options.cancelled()) {
    FitResult cancelled;
    cancelled.law = result.law;
    cancelled.cancelled = true;
    cancelled.error = "cancelled";
    return cancelled;
  }
  result.ok = true;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace rs::fit
