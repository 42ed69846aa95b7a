#include "core/fit/parameter_draws.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <random>

namespace rs::fit {

std::vector<std::vector<double>> parameterDraws(const FitResult& fit, int count, std::uint64_t seed) {
  const int p = static_cast<int>(fit.theta.size());
  if (p == 0 || fit.covariance.size() != static_cast<std::size_t>(p * p)) return {};
  const Eigen::MatrixXd cov = Eigen::Map<const Eigen::MatrixXd>(fit.covariance.data(), p, p);
  const Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() != Eigen::Success) return {};
  const Eigen::MatrixXd L = llt.matrixL();
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<std::vector<double>> draws;
  draws.reserve(static_cast<std::size_t>(count));
  for (int s = 0; s < count; ++s) {
    Eigen::VectorXd e(p);
    for (int i = 0; i < p; ++i) e[i] = z(rng);
    const Eigen::VectorXd t = Eigen::Map<const Eigen::VectorXd>(fit.theta.data(), p) + L * e;
    draws.emplace_back(t.data(), t.data() + p);
  }
  return draws;
}

}  // namespace rs::fit
