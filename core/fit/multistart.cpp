#include "core/fit/multistart.h"

#include <ceres/ceres.h>
#include <glog/logging.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>
#include <thread>

namespace rs::fit::detail {

int threadCount(const FitOptions& options) {
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<std::vector<double>> startingPoints(const laws::Law& law, const FitData& data, const FitOptions& options) {
  std::vector<std::vector<double>> grid = law.startGrid(data.summary);
  if (options.random_starts <= 0 || grid.empty()) return grid;
  // Random starts fill the box the grid spans (deterministic for the seed).
  const std::size_t p = grid.front().size();
  std::vector<double> lo(p, std::numeric_limits<double>::max()), hi(p, std::numeric_limits<double>::lowest());
  for (const auto& s : grid)
    for (std::size_t i = 0; i < p; ++i) {
      lo[i] = std::min(lo[i], s[i]);
      hi[i] = std::max(hi[i], s[i]);
    }
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::vector<double>> starts(static_cast<std::size_t>(options.random_starts), std::vector<double>(p));
  for (auto& s : starts)
    for (std::size_t i = 0; i < p; ++i) s[i] = lo[i] + u(rng) * (hi[i] - lo[i]);
  return starts;
}

namespace {
// Ceres logs through glog; a start that wanders into NaN is expected in a
// multi-start search and is handled here, so its warnings are noise.
void quietCeresLogging() {
  static std::once_flag once;
  std::call_once(once, [] { FLAGS_minloglevel = google::GLOG_ERROR; });
}
}  // namespace

SolveOutcome solveMultiStart(const laws::Law& law, const FitData& data, const std::vector<std::vector<double>>& starts,
                             laws::ResidualSpace space, laws::RobustLoss robust, const FitOptions& options) {
  quietCeresLogging();
  const int p = law.parameterCount();
  const auto& specs = law.info().params;
  struct StartResult {
    double cost = std::numeric_limits<double>::infinity();
    std::vector<double> theta;
    bool converged = false;
    std::string termination;
  };
  std::vector<StartResult> results(starts.size());
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  std::mutex progressMutex;

  auto worker = [&] {
    std::vector<double> theta(static_cast<std::size_t>(p));
    ceres::Problem problem;  // one per thread, re-solved from each start
    problem.AddResidualBlock(law.residuals(data.x.data(), data.y.data(), data.size(), space, robust), nullptr, theta.data());
    for (int i = 0; i < p; ++i) {
      if (specs[static_cast<std::size_t>(i)].lower > -1e299) problem.SetParameterLowerBound(theta.data(), i, specs[static_cast<std::size_t>(i)].lower);
      if (specs[static_cast<std::size_t>(i)].upper < 1e299) problem.SetParameterUpperBound(theta.data(), i, specs[static_cast<std::size_t>(i)].upper);
    }
    ceres::Solver::Options so;
    so.linear_solver_type = ceres::DENSE_QR;
    so.max_num_iterations = options.max_iterations;
    so.num_threads = 1;
    so.logging_type = ceres::SILENT;
    so.function_tolerance = 1e-12;
    so.parameter_tolerance = 1e-12;
    so.gradient_tolerance = 1e-14;
    for (std::size_t s; (s = next.fetch_add(1)) < starts.size();) {
      if (stop.load() || (options.cancelled && options.cancelled())) { stop = true; break; }
      for (int i = 0; i < p; ++i) {
        const auto& spec = specs[static_cast<std::size_t>(i)];
        theta[static_cast<std::size_t>(i)] = std::clamp(starts[s][static_cast<std::size_t>(i)], spec.lower, spec.upper);
      }
      ceres::Solver::Summary summary;
      ceres::Solve(so, &problem, &summary);
      StartResult& r = results[s];
      if (summary.IsSolutionUsable() && std::isfinite(summary.final_cost)) {
        r.cost = summary.final_cost;  // ½ Σ r̃² = Σ ρ(r)
        r.theta = theta;
        r.converged = summary.termination_type == ceres::CONVERGENCE;
        r.termination = summary.message;
      }
      const int d = ++done;
      if (options.progress) {
        std::lock_guard<std::mutex> lock(progressMutex);
        options.progress(d, static_cast<int>(starts.size()));
      }
    }
  };
  const int threads = std::min<int>(threadCount(options), static_cast<int>(std::max<std::size_t>(starts.size(), 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  SolveOutcome out;
  out.cancelled = stop.load();
  out.starts = done.load();
  for (std::size_t s = 0; s < results.size(); ++s) {
    const StartResult& r = results[s];
    if (r.converged) ++out.converged_starts;
    if (!r.theta.empty() && (!out.found || r.cost < out.objective)) {  // strict <: ties keep the earlier start
      out.found = true;
      out.objective = r.cost;
      out.theta = r.theta;
      out.converged = r.converged;
      out.termination = r.termination;
    }
  }
  return out;
}

}  // namespace rs::fit::detail
