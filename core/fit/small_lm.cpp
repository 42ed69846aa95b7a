#include "core/fit/small_lm.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace rs::fit::detail {
// The weight of a Huber point outside δ in the Gauss–Newton matrix, as a
// share of its IRLS weight δ/|r|. The IRLS quadratic majorises the loss: its
// curvature δ/|r| is more than the linear part has (none), so with δ = 1e-3
// on ~1.5% noise, where nearly every point is outside δ, each step is too
// short by about half, and convergence is slow and linear. The gradient
// stays exact (ψ(r) J), so the optimum is the same; the trust region rejects
// a step that overshoots. Measured on 48 generated Chinchilla fits
// (bench_chinchilla's sweeps and grids): 0.18–0.35 all take ~40% fewer
// polish iterations than 1 and reach the same optimum; 0.5 (about the
// Gauss–Newton weight of the √(2ρ) residuals the Ceres path minimises)
// takes ~25% fewer.
constexpr double kHuberOutsideCurvature = 0.25;

std::string SmallLmSummary::message() const {
  char text[160];
  switch (termination) {
    case SmallLmTermination::Function:
      std::snprintf(text, sizeof text, "Function tolerance reached. |cost_change|/cost: %e <= %e", measure, tolerance);
      break;
    case SmallLmTermination::PredictedFunction:
      std::snprintf(text, sizeof text, "Function tolerance reached. Predicted |cost_change|/cost: %e <= %e", measure, tolerance);
      break;
    case SmallLmTermination::Parameter:
      std::snprintf(text, sizeof text, "Parameter tolerance reached. Relative step_norm: %e <= %e.", measure, tolerance);
      break;
    case SmallLmTermination::Gradient:
      std::snprintf(text, sizeof text, "Gradient tolerance reached. Gradient max norm: %e <= %e", measure, tolerance);
      break;
    case SmallLmTermination::TrustRegion:
      std::snprintf(text, sizeof text, "Minimum trust region radius reached. Trust region radius: %e <= %e", measure, tolerance);
      break;
    case SmallLmTermination::MaxIterations:
      std::snprintf(text, sizeof text, "Maximum number of iterations reached. Number of iterations: %d.", iterations);
      break;
    case SmallLmTermination::Unusable:
      std::snprintf(text, sizeof text, "The law cannot be evaluated at the starting point.");
      break;
  }
  return text;
}

SmallLm::SmallLm(const laws::PlainResiduals& residuals, int p, laws::RobustLoss loss, std::vector<double> lower, std::vector<double> upper)
    : residuals_(residuals),
      p_(p),
      loss_(loss),
      lower_(std::move(lower)),
      upper_(std::move(upper)),
      r_(static_cast<std::size_t>(residuals.size())),
      J_(static_cast<std::size_t>(residuals.size()) * static_cast<std::size_t>(p)) {}

// F(θ) and, when H and g are given, the normal equations
// H = Σ w'_i J_iᵀJ_i, g = Σ ψ(r_i) J_i at θ (w' the IRLS weight, a share of
// it for Huber points outside δ). False when anything is not finite.
template <int P, typename Matrix, typename Vector>
bool SmallLm::normalEquations(const double* theta, double& cost, Matrix* H, Vector* g) {
  if (!residuals_.evaluate(theta, r_.data(), H ? J_.data() : nullptr)) return false;
  const int n = static_cast<int>(r_.size());
  const double d = loss_.delta;
  cost = 0;
  if (H) H->setZero(), g->setZero();
  for (int i = 0; i < n; ++i) {
    const double r = r_[static_cast<std::size_t>(i)], a = std::fabs(r);
    double rho, w, wh;  // ρ(r), the IRLS weight ψ(r)/r, and the point's weight in H
    switch (loss_.kind) {
      case laws::RobustLoss::Kind::Huber:
        if (a <= d) rho = 0.5 * r * r, w = wh = 1;
        else rho = d * (a - 0.5 * d), w = d / a, wh = kHuberOutsideCurvature * w;
        break;
      case laws::RobustLoss::Kind::Cauchy: {
        const double q = r * r / (d * d);
        rho = 0.5 * d * d * std::log1p(q);
        w = wh = 1 / (1 + q);
        break;
      }
      default:
        rho = 0.5 * r * r, w = wh = 1;
    }
    cost += rho;
    if (!H) continue;
    // The lower triangle only (H is symmetric): 15 products instead of 25 at p = 5.
    const double* Ji = J_.data() + static_cast<std::size_t>(i) * P;
    for (int j = 0; j < P; ++j) {
      (*g)[j] += w * r * Ji[j];
      const double hj = wh * Ji[j];
      for (int k = 0; k <= j; ++k) (*H)(j, k) += hj * Ji[k];
    }
  }
  if (!H) return std::isfinite(cost);
  H->template triangularView<Eigen::StrictlyUpper>() = H->transpose();
  return std::isfinite(cost) && H->allFinite() && g->allFinite();
}

template <int P>
SmallLmSummary SmallLm::solveFixed(double* thetaIn, const SmallLmOptions& o) {
  using Vector = Eigen::Matrix<double, P, 1>;
  using Matrix = Eigen::Matrix<double, P, P>;
  const Eigen::Map<const Vector> lo(lower_.data()), hi(upper_.data());
  Eigen::Map<Vector> theta(thetaIn);
  theta = theta.cwiseMax(lo).cwiseMin(hi);
  SmallLmSummary s;
  Matrix H, newH;
  Vector g, newG;
  double cost = 0, newCost = 0;
  if (!normalEquations<P>(theta.data(), cost, &H, &g)) return s;
  s.usable = true;
  s.cost = cost;
  s.termination = SmallLmTermination::MaxIterations;
  constexpr double kMinMu = 1e-16, kMaxMu = 1e32;  // Ceres' trust region radius bounds 1e16 and 1e-32, inverted
  double mu = 1e-4, nu = 2;
  Vector candidate;
  for (s.iterations = 0; s.iterations < o.max_iterations;) {
    // Projected gradient: zero in a coordinate pushing against its bound.
    const double gradientNorm = (theta - (theta - g).cwiseMax(lo).cwiseMin(hi)).cwiseAbs().maxCoeff();
    if (gradientNorm <= o.gradient_tolerance) {
      s.termination = SmallLmTermination::Gradient, s.measure = gradientNorm, s.tolerance = o.gradient_tolerance;
      break;
    }
    ++s.iterations;
    Matrix A = H;
    A.diagonal() += mu * H.diagonal().cwiseMax(1e-6).cwiseMin(1e32);
    // A parameter on a bound that the gradient pushes outward stays there
    // (projected Newton, Bertsekas 1982): solving for it too would aim the
    // free parameters at a point the projection then denies them, and they
    // would zigzag towards their optimum instead of stepping to it.
    Vector rhs = -g;
    for (int i = 0; i < P; ++i)
      if ((theta[i] <= lo[i] && g[i] > 0) || (theta[i] >= hi[i] && g[i] < 0)) {
        A.row(i).setZero();
        A.col(i).setZero();
        A(i, i) = 1;
        rhs[i] = 0;
      }
    const Vector step = A.ldlt().solve(rhs);
    bool accepted = false;
    if (step.allFinite()) {
      candidate = (theta + step).cwiseMax(lo).cwiseMin(hi);
      const Vector d = candidate - theta;
      const double stepNorm = d.norm(), scale = theta.norm() + o.parameter_tolerance;
      if (stepNorm <= o.parameter_tolerance * scale) {
        s.termination = SmallLmTermination::Parameter, s.measure = stepNorm / scale, s.tolerance = o.parameter_tolerance;
        break;
      }
      // Decrease the quadratic model predicts for the step actually taken.
      const double predicted = -(g.dot(d) + 0.5 * d.dot(H * d));
      // The last iteration needs only the cost (the screening's two steps
      // end there): its normal equations would never be used.
      const bool last = s.iterations == o.max_iterations;
      // A step whose predicted decrease is below the cost's own rounding
      // (F is a sum of n terms) cannot be judged by the gain ratio: the
      // ratio is noise, and rejecting it would only inflate μ until the
      // parameter test stops short of the optimum. It is the last step:
      // taken unless the cost rises beyond that rounding.
      if (predicted > 0 && predicted <= o.function_tolerance * cost) {
        if (normalEquations<P>(candidate.data(), newCost, static_cast<Matrix*>(nullptr), static_cast<Vector*>(nullptr)) &&
            newCost <= cost * (1 + o.function_tolerance))
          theta = candidate, cost = newCost;
        s.termination = SmallLmTermination::PredictedFunction, s.measure = predicted / cost, s.tolerance = o.function_tolerance;
        break;
      }
      if (predicted > 0 && normalEquations<P>(candidate.data(), newCost, last ? nullptr : &newH, last ? nullptr : &newG)) {
        const double change = cost - newCost, quality = change / predicted;
        if (quality > 1e-3) {  // Ceres' min_relative_decrease
          accepted = true;
          const double before = cost;
          theta = candidate, cost = newCost;
          if (!last) H = newH, g = newG;
          mu = std::max(kMinMu, mu * std::max(1.0 / 3.0, 1.0 - std::pow(2.0 * quality - 1.0, 3)));
          nu = 2;
          if (std::fabs(change) <= o.function_tolerance * before) {
            s.termination = SmallLmTermination::Function, s.measure = std::fabs(change) / before, s.tolerance = o.function_tolerance;
            break;
          }
        }
      }
    }
    if (!accepted) {
      mu *= nu;
      nu *= 2;
      if (mu > kMaxMu) {
        s.termination = SmallLmTermination::TrustRegion, s.measure = 1 / mu, s.tolerance = 1 / kMaxMu;
        break;
      }
    }
  }
  s.cost = cost;
  return s;
}

SmallLmSummary SmallLm::solve(double* theta, const SmallLmOptions& options) {
  switch (p_) {
    case 1: return solveFixed<1>(theta, options);
    case 2: return solveFixed<2>(theta, options);
    case 3: return solveFixed<3>(theta, options);
    case 4: return solveFixed<4>(theta, options);
    case 5: return solveFixed<5>(theta, options);
    case 6: return solveFixed<6>(theta, options);
    case 7: return solveFixed<7>(theta, options);
    case 8: return solveFixed<8>(theta, options);
  }
  return {};  // more parameters than kSmallLmMaxParameters: the caller uses Ceres
}

}  // namespace rs::fit::detail
