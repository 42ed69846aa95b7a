#include "core/fit/covariance.h"

#include <ceres/ceres.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/fit/statistics.h"

namespace rs::fit::detail {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

double normalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double psi(const laws::RobustLoss& loss, double r) {
  const double d = loss.delta;
  switch (loss.kind) {
    case laws::RobustLoss::Kind::None: return r;
    case laws::RobustLoss::Kind::Huber: return std::clamp(r, -d, d);
    case laws::RobustLoss::Kind::Cauchy: return r / (1 + r * r / (d * d));
  }
  return r;
}

// w_i, the estimate of E ψ'(r) at point i (covariance.h).
Eigen::VectorXd smoothedPsiPrime(const laws::RobustLoss& loss, const Eigen::VectorXd& r) {
  const Eigen::Index n = r.size();
  Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
  if (loss.kind == laws::RobustLoss::Kind::Cauchy) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double u = r[i] * r[i] / (loss.delta * loss.delta);
      w[i] = (1 - u) / ((1 + u) * (1 + u));
    }
  } else if (loss.kind == laws::RobustLoss::Kind::Huber) {
    // The indicator 1{|r| ≤ δ} is 0 for almost every point when δ is far
    // below the noise; its kernel-smoothed form is the share of the residual
    // density that really lies inside ±δ around each point.
    const double h = residualBandwidth(r), d = loss.delta;
    for (Eigen::Index i = 0; i < n; ++i)
      w[i] = h > 0 ? normalCdf((d - r[i]) / h) - normalCdf((-d - r[i]) / h) : (std::fabs(r[i]) <= d ? 1.0 : 0.0);
  }
  return w;
}

// The inverse of a symmetric positive definite p x p matrix, or empty when
// it is singular or not positive definite. Scaled to unit diagonal first, so
// parameters of very different units (log A ~ 6, α ~ 0.3) do not read as
// ill-conditioning.
Eigen::MatrixXd inverseOrEmpty(const Eigen::MatrixXd& a) {
  const Eigen::Index p = a.rows();
  if (p == 0 || !a.allFinite() || (a.diagonal().array() <= 0).any()) return {};
  const Eigen::VectorXd s = a.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::MatrixXd scaled = s.asDiagonal() * a * s.asDiagonal();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(scaled);
  if (eig.info() != Eigen::Success) return {};
  const Eigen::VectorXd values = eig.eigenvalues();
  // Ceres' DENSE_SVD default for the Wald covariance: reciprocal condition 1e-14.
  if (!(values.minCoeff() > 1e-14 * values.maxCoeff())) return {};
  const Eigen::MatrixXd inv = eig.eigenvectors() * values.cwiseInverse().asDiagonal() * eig.eigenvectors().transpose();
  return s.asDiagonal() * inv * s.asDiagonal();
}

std::vector<double> rowMajor(const Eigen::MatrixXd& m) {
  std::vector<double> out(static_cast<std::size_t>(m.size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) out[static_cast<std::size_t>(i * m.cols() + j)] = m(i, j);
  return out;
}

}  // namespace

double residualBandwidth(const Eigen::VectorXd& r) {
  const Eigen::Index n = r.size();
  if (n < 2) return 0;
  const double mean = r.mean();
  const double sd = std::sqrt((r.array() - mean).square().sum() / static_cast<double>(n - 1));
  std::vector<double> v(r.data(), r.data() + n);
  const double iqr = percentile(v, 0.75) - percentile(v, 0.25);
  const double spread = iqr > 0 ? std::min(sd, iqr / 1.349) : sd;
  return 0.9 * spread * std::pow(static_cast<double>(n), -0.2);
}

std::optional<Linearisation> linearise(const laws::Law& law, const FitData& data, const std::vector<double>& theta,
                                       laws::ResidualSpace space, const laws::RobustLoss& robust) {
  const int n = data.size(), p = law.parameterCount();
  const std::unique_ptr<ceres::CostFunction> cost(law.residuals(data.x.data(), data.y.data(), n, space, laws::RobustLoss{}));
  Linearisation lin;
  lin.r.resize(n);
  RowMatrix J(n, p);
  const double* params[] = {theta.data()};
  double* jacobians[] = {J.data()};
  if (!cost->Evaluate(params, lin.r.data(), jacobians) || !lin.r.allFinite() || !J.allFinite()) return std::nullopt;
  lin.J = J;
  lin.psi.resize(n);
  for (int i = 0; i < n; ++i) lin.psi[i] = psi(robust, lin.r[i]);
  lin.weight = smoothedPsiPrime(robust, lin.r);
  const Eigen::MatrixXd a = lin.J.transpose() * lin.weight.asDiagonal() * lin.J;
  lin.bread_inverse = inverseOrEmpty(a);
  return lin;
}

std::vector<double> waldCovariance(const laws::Law& law, const FitData& data, std::vector<double> theta, laws::ResidualSpace space,
                                   double s2) {
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

std::vector<double> sandwichCovariance(const Linearisation& lin) {
  const Eigen::Index n = lin.J.rows(), p = lin.J.cols();
  if (lin.bread_inverse.size() == 0 || n <= p) return {};
  const Eigen::MatrixXd meat = lin.J.transpose() * lin.psi.cwiseAbs2().asDiagonal() * lin.J;
  // n/(n − p): the HC1 small-sample correction, as s² divides by n − p.
  const Eigen::MatrixXd cov = lin.bread_inverse * meat * lin.bread_inverse * (static_cast<double>(n) / static_cast<double>(n - p));
  if (!cov.allFinite() || (cov.diagonal().array() <= 0).any()) return {};
  return rowMajor(cov);
}

std::vector<double> sampleCovariance(const std::vector<std::vector<double>>& thetas) {
  if (thetas.size() < 2) return {};
  const std::size_t p = thetas.front().size(), b = thetas.size();
  std::vector<double> mean(p, 0.0), cov(p * p, 0.0);
  for (const auto& t : thetas)
    for (std::size_t i = 0; i < p; ++i) mean[i] += t[i] / static_cast<double>(b);
  for (const auto& t : thetas)
    for (std::size_t i = 0; i < p; ++i)
      for (std::size_t j = 0; j < p; ++j) cov[i * p + j] += (t[i] - mean[i]) * (t[j] - mean[j]) / static_cast<double>(b - 1);
  return cov;
}

}  // namespace rs::fit::detail
