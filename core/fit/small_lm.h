#pragma once
// Internal to core/fit: a small dense Levenberg–Marquardt for laws with at
// most 8 parameters, which runs every start of a multi-start fit (the
// screening steps and the polish to convergence) in place of Ceres.
//
// Why: a law fit has a few hundred points and ≤ 8 parameters, so one
// iteration is a few microseconds of arithmetic; a ceres::Solve spends more
// than that on its machinery (program, evaluator, dense QR of the n × p
// Jacobian, per-iteration allocations), and the Chinchilla procedure runs
// 4,500 starts. Here every matrix is a fixed-size Eigen matrix (p × p), the
// normal equations are summed point by point, nothing is allocated after
// construction.
//
// What it minimises, the same objective as the Ceres path:
//   F(θ) = Σ ρ(r_i(θ)),  lower ≤ θ ≤ upper
// with r_i the plain residuals of laws::PlainResiduals and ρ the
// RobustLoss (none: r²/2; Huber: r²/2 inside δ, δ(|r| − δ/2) outside;
// Cauchy: δ²/2·log(1 + r²/δ²)).
//
// How (Ceres' algorithm where Ceres has one):
//  - the robust loss enters by iteratively reweighted least squares, as
//    Ceres applies a LossFunction whose ρ'' ≤ 0 (Huber, Cauchy): the weight
//    w_i = ψ(r_i)/r_i (Huber min(1, δ/|r|), Cauchy 1/(1 + r²/δ²)) gives the
//    gradient g = Σ ψ(r_i) J_i exactly and the Gauss–Newton matrix
//    H = Σ w_i J_iᵀ J_i, except that a Huber point outside δ enters H with a
//    quarter of its weight (small_lm.cpp says why: ~40% fewer iterations,
//    the same optimum);
//  - the step solves (H + μ·D) δ = −g, D = diag(H) clamped to
//    [1e-6, 1e32] (Marquardt's scaling, Ceres' min/max_lm_diagonal), μ
//    starting at 1e-4 (Ceres' initial trust region radius 1e4) and updated
//    by the gain ratio as Ceres does (×max(1/3, 1 − (2q − 1)³) on success,
//    ×2, ×4, … on failure);
//  - bounds: the step is projected onto the box and judged by the cost it
//    actually reaches against what the quadratic model predicted for the
//    projected step;
//  - convergence tests as Ceres': function (|ΔF| ≤ ftol·F), parameter
//    (‖δ‖ ≤ ptol·(‖θ‖ + ptol)), projected gradient (‖θ − Π(θ − g)‖∞ ≤ gtol),
//    and a trust region that has shrunk below 1e-32; an iteration counts
//    whether its step is accepted or not.
// It is deterministic: the result depends on the start and the points only.

#include <string>
#include <vector>

#include "core/laws/law.h"

namespace rs::fit::detail {

inline constexpr int kSmallLmMaxParameters = 8;

struct SmallLmOptions {
  int max_iterations = 200;
  // The defaults are the Ceres polish's: tight enough that the optimum
  // matches a quasi-Newton reference to the last digits of its objective.
  double function_tolerance = 1e-15;
  double parameter_tolerance = 1e-14;
  double gradient_tolerance = 1e-16;
};

// PredictedFunction: the model predicted a decrease below the function
// tolerance, too small for the gain ratio to judge (small_lm.cpp).
enum class SmallLmTermination { Function, PredictedFunction, Parameter, Gradient, TrustRegion, MaxIterations, Unusable };

struct SmallLmSummary {
  bool usable = false;  // θ has a finite objective (false: the start could not be evaluated)
  double cost = 0;      // F(θ) at the returned θ
  int iterations = 0;
  SmallLmTermination termination = SmallLmTermination::Unusable;
  double measure = 0;  // the quantity the deciding test compared (for message())
  double tolerance = 0;
  bool converged() const {
    return termination != SmallLmTermination::MaxIterations && termination != SmallLmTermination::Unusable;
  }
  // Worded as Ceres words its termination messages, so a report reads the
  // same whichever solver ran (built only when asked: starts are many).
  std::string message() const;
};

// One solver per thread: it owns the scratch space for one set of points.
class SmallLm {
 public:
  // `residuals` must outlive the solver; `lower` and `upper` have p values.
  SmallLm(const laws::PlainResiduals& residuals, int p, laws::RobustLoss loss, std::vector<double> lower, std::vector<double> upper);
  // Minimises from θ (p values, projected onto the box first), in place.
  SmallLmSummary solve(double* theta, const SmallLmOptions& options);
  int parameterCount() const { return p_; }

 private:
  template <int P>
  SmallLmSummary solveFixed(double* theta, const SmallLmOptions& options);
  template <int P, typename Matrix, typename Vector>
  bool normalEquations(const double* theta, double& cost, Matrix* H, Vector* g);

  const laws::PlainResiduals& residuals_;
  int p_;
  laws::RobustLoss loss_;
  std::vector<double> lower_, upper_;
  std::vector<double> r_, J_;  // n, n × p
};

}  // namespace rs::fit::detail
