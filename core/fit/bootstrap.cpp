#include "core/fit/bootstrap.h"

#include <atomic>
#include <random>
#include <thread>

#include "core/fit/multistart.h"

namespace rs::fit::detail {

std::vector<std::vector<double>> bootstrapThetas(const laws::Law& law, const FitData& data, const std::vector<double>& theta,
                                                 laws::ResidualSpace space, const laws::RobustLoss& robust, const FitOptions& options,
                                                 int resamples) {
  const int n = data.size();
  std::mt19937_64 rng(options.seed ^ 0x9E3779B97F4A7C15ull);
  std::uniform_int_distribution<int> pick(0, n - 1);
  std::vector<std::vector<int>> draws(static_cast<std::size_t>(resamples), std::vector<int>(static_cast<std::size_t>(n)));
  for (auto& r : draws)
    for (int& i : r) i = pick(rng);
  std::vector<std::vector<double>> thetas(static_cast<std::size_t>(resamples));
  std::atomic<int> next{0};
  FitOptions single = options;
  single.threads = 1;
  single.progress = nullptr;
  auto worker = [&] {
    for (int k; (k = next.fetch_add(1)) < resamples;) {
      if (options.cancelled && options.cancelled()) return;
      const FitData sample = subset(data, draws[static_cast<std::size_t>(k)]);
      const auto solved = solveMultiStart(law, sample, {theta}, space, robust, single);
      if (solved.found) thetas[static_cast<std::size_t>(k)] = solved.theta;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threadCount(options); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  std::vector<std::vector<double>> fitted;
  for (auto& t : thetas)
    if (!t.empty()) fitted.push_back(std::move(t));
  return fitted;
}

}  // namespace rs::fit::detail
