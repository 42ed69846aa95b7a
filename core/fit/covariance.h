#pragma once
// Internal to core/fit: the covariance estimators of a fit at its optimum
// (fitter.h says when each is used and why).
//
// Everything is in the fitted space and the residual space of the fit. With
// r_i the plain residual of point i and J_i = ∂r_i/∂θ:
//   Wald      s² (JᵀJ)⁻¹, s² = Σ r²/(n − p)
//   sandwich  A⁻¹ B A⁻¹ · n/(n − p), A = Σ w_i J_i J_iᵀ, B = Σ ψ(r_i)² J_i J_iᵀ
// where ψ = ρ' and w_i estimates E ψ'(r): 1 for least squares, ψ'(r_i) for
// Cauchy, and for Huber the indicator 1{|r_i| ≤ δ} smoothed by a Gaussian
// kernel of bandwidth h, Φ((δ − r_i)/h) − Φ((−δ − r_i)/h). With δ ≪ h (the
// Chinchilla procedure) that is 2δ times a kernel density estimate of the
// residuals near r_i, the quantile-regression sandwich of Powell (1991);
// with δ ≫ h it is the indicator itself.

#include <Eigen/Dense>

#include <optional>
#include <vector>

#include "core/fit/fit_data.h"
#include "core/laws/law.h"

namespace rs::fit::detail {

// The fit linearised at θ: what the sandwich and the influence check share.
struct Linearisation {
  Eigen::MatrixXd J;           // n x p, ∂r/∂θ of the plain residuals
  Eigen::VectorXd r;           // plain residuals
  Eigen::VectorXd psi;         // ψ(r_i)
  Eigen::VectorXd weight;      // w_i, the smoothed ψ'(r_i)
  Eigen::MatrixXd bread_inverse;  // A⁻¹; empty when A is singular
};

// Null when the law cannot be evaluated at θ.
std::optional<Linearisation> linearise(const laws::Law& law, const FitData& data, const std::vector<double>& theta,
                                       laws::ResidualSpace space, const laws::RobustLoss& robust);

// s²(JᵀJ)⁻¹ (Ceres Covariance, dense SVD), row-major; empty when J is rank deficient.
std::vector<double> waldCovariance(const laws::Law& law, const FitData& data, std::vector<double> theta, laws::ResidualSpace space,
                                   double s2);

// A⁻¹ B A⁻¹ · n/(n − p), row-major; empty when A is singular.
std::vector<double> sandwichCovariance(const Linearisation& lin);

// The sample covariance of parameter vectors (bootstrap resamples), row-major.
std::vector<double> sampleCovariance(const std::vector<std::vector<double>>& thetas);

// Silverman's bandwidth 0.9·min(sd, IQR/1.349)·n^(−1/5) of the residuals.
double residualBandwidth(const Eigen::VectorXd& r);

}  // namespace rs::fit::detail
