#include "core/fit/multistart.h"

#include "core/fit/small_lm.h"

#include <ceres/ceres.h>
#include <glog/logging.h>

#include <Eigen/Dense>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
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
  std::call_once(once, [] { FLAGS_minloglevel = google::GLOG_FATAL; });
}
}  // namespace

namespace {

struct StartResult {
  double cost = std::numeric_limits<double>::infinity();
  std::vector<double> theta;
  bool converged = false;
  std::string termination;
};

// Runs every start on every thread. `makeSolver` is called once per thread
// (its state — a cost function, a Ceres problem — is the thread's own) and
// returns a callable that solves start s.
template <typename MakeSolver>
std::vector<StartResult> onAllThreads(std::size_t count, const FitOptions& options, bool reportProgress, std::atomic<bool>& stop,
                                      MakeSolver makeSolver) {
  std::vector<StartResult> results(count);
  std::atomic<std::size_t> next{0};
  std::atomic<int> done{0};
  std::mutex progressMutex;
  auto worker = [&] {
    auto solve = makeSolver();
    for (std::size_t s; (s = next.fetch_add(1)) < count;) {
      if (stop.load() || (options.cancelled && options.cancelled())) { stop = true; break; }
      results[s] = solve(s);
      const int d = ++done;
      // Every 64th: progress takes a lock, and a start can take microseconds.
      if (reportProgress && options.progress && (d % 64 == 0 || d == static_cast<int>(count))) {
        std::lock_guard<std::mutex> lock(progressMutex);
        options.progress(d, static_cast<int>(count));
      }
    }
  };
  const int threads = std::min<int>(threadCount(options), static_cast<int>(std::max<std::size_t>(count, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return results;
}

// The screening pass: `steps` Levenberg-Marquardt steps (accepted or not, as
// Ceres counts iterations) on the same cost function, projected onto the
// bounds. A 240-point problem solves in microseconds, so a full ceres::Solve
// per start spends most of its time on setup (program, evaluator, linear
// solver); screening only ranks starts, and the best are then polished by
// Ceres to convergence.
double screenStart(const ceres::CostFunction& cost, std::vector<double>& theta, int steps, const std::vector<laws::ParamSpec>& specs) {
  const int n = cost.num_residuals(), p = static_cast<int>(theta.size());
  Eigen::VectorXd r(n), trialR(n);
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> J(n, p);
  std::vector<double> trial(theta.size());
  auto evaluate = [&](const std::vector<double>& t, Eigen::VectorXd& out, double* jacobian) {
    const double* params[] = {t.data()};
    double* jacobians[] = {jacobian};
    return cost.Evaluate(params, out.data(), jacobian ? jacobians : nullptr) && out.allFinite();
  };
  if (!evaluate(theta, r, J.data()) || !J.allFinite()) return std::numeric_limits<double>::infinity();
  double current = 0.5 * r.squaredNorm();
  double lambda = 1e-4;  // Ceres' default initial trust region radius is 1e4
  for (int step = 0; step < steps; ++step) {
    const Eigen::MatrixXd JtJ = J.transpose() * J;
    const Eigen::VectorXd g = J.transpose() * r;
    Eigen::MatrixXd A = JtJ;
    A.diagonal() += lambda * JtJ.diagonal().cwiseMax(1e-6).cwiseMin(1e32);
    const Eigen::VectorXd delta = A.ldlt().solve(-g);
    for (int i = 0; i < p; ++i) {
      const auto& spec = specs[static_cast<std::size_t>(i)];
      trial[static_cast<std::size_t>(i)] = std::clamp(theta[static_cast<std::size_t>(i)] + delta[i], spec.lower, spec.upper);
    }
    if (delta.allFinite() && evaluate(trial, trialR, nullptr) && 0.5 * trialR.squaredNorm() < current) {
      theta = trial;
      lambda = std::max(lambda / 3, 1e-16);
      if (step + 1 < steps && !(evaluate(theta, r, J.data()) && J.allFinite())) return std::numeric_limits<double>::infinity();
      current = 0.5 * (step + 1 < steps ? r.squaredNorm() : trialR.squaredNorm());
    } else {
      lambda = std::min(lambda * 4, 1e32);
    }
  }
  return current;
}

// Solves every start with the small Levenberg-Marquardt (small_lm.h), at
// most `iterations` iterations each; results by start index. `screening`:
// only the cost ranks the start, so no message is built.
std::vector<StartResult> solveAllSmall(const laws::Law& law, const laws::PlainResiduals& plain, const std::vector<std::vector<double>>& starts,
                                       laws::RobustLoss robust, const FitOptions& options, int iterations, bool screening,
                                       bool reportProgress, std::atomic<bool>& stop) {
  const auto& specs = law.info().params;
  std::vector<double> lower, upper;
  for (const auto& spec : specs) lower.push_back(spec.lower), upper.push_back(spec.upper);
  SmallLmOptions lm;
  lm.max_iterations = iterations;
  return onAllThreads(starts.size(), options, reportProgress, stop, [&] {
    auto solver = std::make_shared<SmallLm>(plain, static_cast<int>(specs.size()), robust, lower, upper);
    return [&, solver](std::size_t s) {
      std::vector<double> theta = starts[s];
      const SmallLmSummary summary = solver->solve(theta.data(), lm);
      if (!summary.usable || !std::isfinite(summary.cost)) return StartResult{};
      if (screening) return StartResult{summary.cost, std::move(theta), false, "screened"};
      return StartResult{summary.cost, std::move(theta), summary.converged(), summary.message()};
    };
  });
}

// Screens every start with `steps` LM steps; results by start index.
std::vector<StartResult> screenAll(const laws::Law& law, const FitData& data, const std::vector<std::vector<double>>& starts,
                                   laws::ResidualSpace space, laws::RobustLoss robust, const FitOptions& options, int steps,
                                   std::atomic<bool>& stop) {
  const auto& specs = law.info().params;
  return onAllThreads(starts.size(), options, true, stop, [&] {
    std::shared_ptr<ceres::CostFunction> cost(law.residuals(data.x.data(), data.y.data(), data.size(), space, robust));
    return [&, cost](std::size_t s) {
      std::vector<double> theta(specs.size());
      for (std::size_t i = 0; i < specs.size(); ++i) theta[i] = std::clamp(starts[s][i], specs[i].lower, specs[i].upper);
      const double c = screenStart(*cost, theta, steps, specs);
      return std::isfinite(c) ? StartResult{c, theta, false, "screened"} : StartResult{};
    };
  });
}

// Solves every start in `starts` (one Ceres problem per thread, re-solved
// from each start) with at most `iterations` iterations; results by index.
std::vector<StartResult> solveAll(const laws::Law& law, const FitData& data, const std::vector<std::vector<double>>& starts,
                                  laws::ResidualSpace space, laws::RobustLoss robust, const FitOptions& options, int iterations,
                                  bool reportProgress, std::atomic<bool>& stop) {
  const int p = law.parameterCount();
  const auto& specs = law.info().params;
  return onAllThreads(starts.size(), options, reportProgress, stop, [&] {
    auto theta = std::make_shared<std::vector<double>>(static_cast<std::size_t>(p));
    auto problem = std::make_shared<ceres::Problem>();
    problem->AddResidualBlock(law.residuals(data.x.data(), data.y.data(), data.size(), space, robust), nullptr, theta->data());
    for (int i = 0; i < p; ++i) {
      const auto& spec = specs[static_cast<std::size_t>(i)];
      if (spec.lower > -1e299) problem->SetParameterLowerBound(theta->data(), i, spec.lower);
      if (spec.upper < 1e299) problem->SetParameterUpperBound(theta->data(), i, spec.upper);
    }
    ceres::Solver::Options so;
    so.linear_solver_type = ceres::DENSE_QR;
    so.max_num_iterations = iterations;
    so.num_threads = 1;
    so.logging_type = ceres::SILENT;
    // Tight enough that the polished optimum matches a quasi-Newton reference
    // to the last digits of its objective.
    so.function_tolerance = 1e-15;
    so.parameter_tolerance = 1e-14;
    so.gradient_tolerance = 1e-16;
    return [&, theta, problem, so](std::size_t s) {
      for (int i = 0; i < p; ++i) {
        const auto& spec = specs[static_cast<std::size_t>(i)];
        (*theta)[static_cast<std::size_t>(i)] = std::clamp(starts[s][static_cast<std::size_t>(i)], spec.lower, spec.upper);
      }
      ceres::Solver::Summary summary;
      ceres::Solve(so, problem.get(), &summary);
      StartResult r;
      if (summary.IsSolutionUsable() && std::isfinite(summary.final_cost))
        r = {summary.final_cost, *theta, summary.termination_type == ceres::CONVERGENCE, summary.message};  // cost: ½ Σ r̃² = Σ ρ(r)
      return r;
    };
  });
}

// Start indices ordered by cost, ties by index; unusable starts dropped.
std::vector<std::size_t> ranked(const std::vector<StartResult>& results) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (!results[i].theta.empty()) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return results[a].cost < results[b].cost; });
  return order;
}

}  // namespace

SolveOutcome solveMultiStart(const laws::Law& law, const FitData& data, const std::vector<std::vector<double>>& starts,
                             laws::ResidualSpace space, laws::RobustLoss robust, const FitOptions& options) {
  quietCeresLogging();
  std::atomic<bool> stop{false};
  SolveOutcome out;
  // The small solver for laws that have plain residuals and few parameters
  // (every catalogue law but epm), Ceres for the rest or when asked.
  const std::unique_ptr<laws::PlainResiduals> plain =
      options.polisher == Polisher::Ceres || law.parameterCount() > kSmallLmMaxParameters
          ? nullptr
          : law.plainResiduals(data.x.data(), data.y.data(), data.size(), space);
  auto screenStarts = [&](const std::vector<std::vector<double>>& from, int steps) {
    return plain ? solveAllSmall(law, *plain, from, robust, options, steps, true, true, stop)
                 : screenAll(law, data, from, space, robust, options, steps, stop);
  };
  auto solveStarts = [&](const std::vector<std::vector<double>>& from, const FitOptions& o, bool reportProgress) {
    return plain ? solveAllSmall(law, *plain, from, robust, o, o.max_iterations, false, reportProgress, stop)
                 : solveAll(law, data, from, space, robust, o, o.max_iterations, reportProgress, stop);
  };
  // Two stages: every start runs a few iterations (screening), then the most
  // promising ones run to convergence. Starts that end in the same basin are
  // not all polished, which is where most of a 4,500-start grid's time went.
  const bool screen = options.screen_iterations > 0 && options.screen_iterations < options.max_iterations &&
                      static_cast<int>(starts.size()) > options.polish_starts;
  const auto first = screen ? screenStarts(starts, options.screen_iterations) : solveStarts(starts, options, true);
  out.starts = static_cast<int>(std::count_if(first.begin(), first.end(), [](const StartResult& r) { return !r.theta.empty(); }));
  out.cancelled = stop.load();
  if (out.cancelled) return out;
  std::vector<StartResult> final = first;
  std::vector<std::size_t> order = ranked(first);
  if (screen) {
    std::vector<std::vector<double>> polish;
    for (std::size_t k = 0; k < order.size() && static_cast<int>(k) < options.polish_starts; ++k) polish.push_back(first[order[k]].theta);
    FitOptions quiet = options;
    quiet.progress = nullptr;
    final = solveStarts(polish, quiet, false);
    order = ranked(final);
    out.cancelled = stop.load();
    if (out.cancelled) return out;
  }
  for (const StartResult& r : final) out.converged_starts += r.converged;
  if (!order.empty()) {
    const StartResult& best = final[order.front()];
    out.found = true;
    out.objective = best.cost;
    out.theta = best.theta;
    out.converged = best.converged;
    out.termination = best.termination;
  }
  return out;
}

}  // namespace rs::fit::detail
