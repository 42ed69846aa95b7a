#pragma once
// Internal: turns a law written as templated functions into a Law with
// Ceres automatic derivatives. Included only by the law .cpp files.
//
// An Impl provides
//   static LawInfo makeInfo();
//   template <typename T> static T value(const T* theta, const double* x);
// and optionally, when the law has a numerically better log form,
//   template <typename T> static T logValue(const T* theta, const double* x);

#include <ceres/ceres.h>
#include <ceres/jet.h>

#include <algorithm>
#include <array>
#include <vector>
#include <cmath>

#include "core/laws/law.h"

namespace rs::laws {

// sign(r)·sqrt(2ρ(r)): ½ of its square is ρ(r), and it equals r where ρ is
// quadratic, so the transform is smooth through |r| = δ.
template <typename T>
T robustResidual(const T& r, const RobustLoss& loss) {
  using std::log1p;
  using std::sqrt;
  const bool negative = r < T(0);
  const T a = negative ? -r : r;
  const double d = loss.delta;
  switch (loss.kind) {
    case RobustLoss::Kind::None:
      return r;
    case RobustLoss::Kind::Huber:
      if (a <= T(d)) return r;
      return negative ? -sqrt(2.0 * d * a - d * d) : sqrt(2.0 * d * a - d * d);
    case RobustLoss::Kind::Cauchy: {
      if (a < T(1e-6 * d)) return r;  // sqrt(δ² log(1 + r²/δ²)) = |r| to within 1e-12 relative
      const T t = sqrt(d * d * log1p((a * a) / (d * d)));
      return negative ? -t : t;
    }
  }
  return r;
}

// d r̃ / d r of robustResidual at r, given r̃ (always > 0 where defined).
inline double robustDerivative(double r, double transformed, const RobustLoss& loss) {
  const double a = std::fabs(r), d = loss.delta;
  switch (loss.kind) {
    case RobustLoss::Kind::None: return 1.0;
    case RobustLoss::Kind::Huber: return a <= d ? 1.0 : d / std::fabs(transformed);
    case RobustLoss::Kind::Cauchy: return a < 1e-6 * d ? 1.0 : a / ((1 + (a * a) / (d * d)) * std::fabs(transformed));
  }
  return 1.0;
}

// log(e^a + e^b [+ e^c]) without overflow: the log-space sums of the
// Chinchilla-family laws (Hoffmann et al. fit log L̂ = LSE(...)).
template <typename T>
T logSumExp(const T& a, const T& b) {
  using std::exp;
  using std::log;
  const T m = a > b ? a : b;
  return m + log(exp(a - m) + exp(b - m));
}
template <typename T>
T logSumExp(const T& a, const T& b, const T& c) {
  using std::exp;
  using std::log;
  T m = a > b ? a : b;
  if (c > m) m = c;
  return m + log(exp(a - m) + exp(b - m) + exp(c - m));
}

template <typename Impl, typename = void>
struct HasLogValue : std::false_type {};
template <typename Impl>
struct HasLogValue<Impl, std::void_t<decltype(Impl::template logValue<double>(nullptr, nullptr))>> : std::true_type {};

template <typename Impl, typename T>
T lawLogValue(const T* theta, const double* x) {
  using std::log;
  if constexpr (HasLogValue<Impl>::value) return Impl::template logValue<T>(theta, x);
  else return log(Impl::template value<T>(theta, x));
}

// Optional per-point precomputation: `static void prepare(double* x)`
// rewrites a point's variables once (Chinchilla takes log N and log D), so
// value() does not recompute them at every evaluation of every start.
template <typename Impl, typename = void>
struct HasPrepare : std::false_type {};
template <typename Impl>
struct HasPrepare<Impl, std::void_t<decltype(Impl::prepare(static_cast<double*>(nullptr)))>> : std::true_type {};

template <typename Impl>
void preparePoint(double* x) {
  if constexpr (HasPrepare<Impl>::value) Impl::prepare(x);
}

// Optional analytic derivatives: `static double logValueGradient(const
// double* theta, const double* x, double* grad)` returns log f and fills
// ∂ log f / ∂θ. Laws without it use automatic differentiation; the
// hand-written gradient (checked against numeric differentiation in
// test_fitter) makes the 4,500-start Chinchilla procedure ~12% cheaper.
template <typename Impl, typename = void>
struct HasLogGradient : std::false_type {};
template <typename Impl>
struct HasLogGradient<Impl, std::void_t<decltype(Impl::logValueGradient(nullptr, nullptr, nullptr))>> : std::true_type {};

// Optional, with logValueGradient: `static void logValueGradients(const
// double* theta, const double* x, int n, double* logF, double* grad)`, the
// same for n points at once (grad n × P, or null for values only), where a
// law can share work between points (Chinchilla: e^e once).
template <typename Impl, typename = void>
struct HasLogGradients : std::false_type {};
template <typename Impl>
struct HasLogGradients<Impl, std::void_t<decltype(Impl::logValueGradients(nullptr, nullptr, 0, nullptr, nullptr))>> : std::true_type {};

template <typename Impl, typename = void>
struct HasStartGrid : std::false_type {};
template <typename Impl>
struct HasStartGrid<Impl, std::void_t<decltype(Impl::startGrid(DataSummary{}))>> : std::true_type {};

// Optional law-specific answers (Law::invert, Law::criticalRatio):
//   static Law::Inverse invert(const double* theta, double y, const double* x);
//   static Law::Inverse criticalRatio(const double* theta, double sigma, const double* x, double* gradient);
// x on the natural scale (not prepared), as predict() takes it.
template <typename Impl, typename = void>
struct HasInvert : std::false_type {};
template <typename Impl>
struct HasInvert<Impl, std::void_t<decltype(Impl::invert(nullptr, 0.0, nullptr))>> : std::true_type {};
template <typename Impl, typename = void>
struct HasCriticalRatio : std::false_type {};
template <typename Impl>
struct HasCriticalRatio<Impl, std::void_t<decltype(Impl::criticalRatio(nullptr, 0.0, nullptr, nullptr))>> : std::true_type {};

template <typename Impl, int P>
class FixedLaw final : public Law {
 public:
  FixedLaw() : info_(Impl::makeInfo()) {}
  const LawInfo& info() const override { return info_; }
  bool canInvert() const override { return HasInvert<Impl>::value; }
  Inverse invert(const double* theta, double y, const double* x) const override {
    if constexpr (HasInvert<Impl>::value) return Impl::invert(theta, y, x);
    else return {};
  }
  bool hasCriticalRatio() const override { return HasCriticalRatio<Impl>::value; }
  Inverse criticalRatio(const double* theta, double sigma, const double* x, double* gradient) const override {
    if constexpr (HasCriticalRatio<Impl>::value) return Impl::criticalRatio(theta, sigma, x, gradient);
    else return {};
  }
  std::vector<std::vector<double>> startGrid(const DataSummary& data) const override {
    if constexpr (HasStartGrid<Impl>::value) return Impl::startGrid(data);
    else return Law::startGrid(data);
  }
  double predict(const double* theta, const double* x) const override {
    double prepared[kMaxVariables];
    std::copy(x, x + kMaxVariables, prepared);
    preparePoint<Impl>(prepared);
    return Impl::template value<double>(theta, prepared);
  }
  std::unique_ptr<PlainResiduals> plainResiduals(const double* x, const double* y, int n, ResidualSpace space) const override {
    return std::make_unique<Plain>(x, y, n, space);
  }
  ceres::CostFunction* residuals(const double* x, const double* y, int n, ResidualSpace space,
                                 RobustLoss loss) const override {
    if constexpr (HasLogGradient<Impl>::value) return new AnalyticResiduals(x, y, n, space, loss);
    else return new ceres::AutoDiffCostFunction<Residuals, ceres::DYNAMIC, P>(new Residuals(x, y, n, space, loss), n);
  }

 private:
  // Owns prepared copies of the points (and log y in log space) so an
  // evaluation is the law's arithmetic and nothing else.
  struct Residuals {
    Residuals(const double* xIn, const double* yIn, int count, ResidualSpace s, RobustLoss l)
        : x(xIn, xIn + static_cast<std::size_t>(count) * kMaxVariables), y(yIn, yIn + count), n(count), space(s), loss(l) {
      for (int i = 0; i < n; ++i) preparePoint<Impl>(x.data() + static_cast<std::size_t>(i) * kMaxVariables);
      if (space == ResidualSpace::Log)
        for (double& v : y) v = std::log(v);
    }
    std::vector<double> x, y;
    int n;
    ResidualSpace space;
    RobustLoss loss;
    template <typename T>
    bool operator()(const T* theta, T* r) const {
      for (int i = 0; i < n; ++i) {
        const double* xi = x.data() + static_cast<std::size_t>(i) * kMaxVariables;
        const T raw = space == ResidualSpace::Log ? T(y[static_cast<std::size_t>(i)]) - lawLogValue<Impl, T>(theta, xi)
                                                  : T(y[static_cast<std::size_t>(i)]) - Impl::template value<T>(theta, xi);
        r[i] = robustResidual(raw, loss);
      }
      return true;
    }
  };
  // The same residuals with the law's hand-written gradient.
  class AnalyticResiduals final : public ceres::CostFunction {
   public:
    AnalyticResiduals(const double* x, const double* y, int n, ResidualSpace space, RobustLoss loss) : data_(x, y, n, space, loss) {
      set_num_residuals(n);
      mutable_parameter_block_sizes()->push_back(P);
    }
    bool Evaluate(double const* const* parameters, double* residuals, double** jacobians) const override {
      const double* theta = parameters[0];
      double grad[P];
      for (int i = 0; i < data_.n; ++i) {
        const double* xi = data_.x.data() + static_cast<std::size_t>(i) * kMaxVariables;
        const double logF = Impl::logValueGradient(theta, xi, grad);
        double raw, scale;  // residual and d raw / d log f
        if (data_.space == ResidualSpace::Log) {
          raw = data_.y[static_cast<std::size_t>(i)] - logF;
          scale = -1.0;
        } else {
          const double f = std::exp(logF);
          raw = data_.y[static_cast<std::size_t>(i)] - f;
          scale = -f;
        }
        const double transformed = robustResidual(raw, data_.loss);
        residuals[i] = transformed;
        if (!std::isfinite(transformed)) return false;
        if (jacobians && jacobians[0]) {
          const double chain = robustDerivative(raw, transformed, data_.loss) * scale;
          for (int k = 0; k < P; ++k) jacobians[0][i * P + k] = chain * grad[k];
        }
      }
      return true;
    }

   private:
    Residuals data_;
  };
  // Residuals before the robust loss, with the law's hand-written gradient
  // or else forward-mode derivatives (Ceres' Jet: one pass, exact).
  class Plain final : public PlainResiduals {
   public:
    Plain(const double* x, const double* y, int n, ResidualSpace space) : data_(x, y, n, space, RobustLoss{}) {}
    int size() const override { return data_.n; }
    bool evaluate(const double* theta, double* r, double* J) const override {
      const bool log = data_.space == ResidualSpace::Log;
      if constexpr (HasLogGradients<Impl>::value) {
        Impl::logValueGradients(theta, data_.x.data(), data_.n, r, J);  // r holds log f, J ∂ log f/∂θ
        for (int i = 0; i < data_.n; ++i) {
          const double f = log ? 0.0 : std::exp(r[i]), scale = log ? -1.0 : -f;
          r[i] = data_.y[static_cast<std::size_t>(i)] - (log ? r[i] : f);
          if (J)
            for (int k = 0; k < P; ++k) J[static_cast<std::size_t>(i) * P + k] *= scale;
          if (!std::isfinite(r[i])) return false;
        }
        return true;
      }
      for (int i = 0; i < data_.n; ++i) {
        const double* xi = data_.x.data() + static_cast<std::size_t>(i) * kMaxVariables;
        const double y = data_.y[static_cast<std::size_t>(i)];
        double* Ji = J ? J + static_cast<std::size_t>(i) * P : nullptr;
        if constexpr (HasLogGradient<Impl>::value) {
          double grad[P];
          const double logF = Impl::logValueGradient(theta, xi, grad);
          const double f = log ? 0.0 : std::exp(logF);
          r[i] = log ? y - logF : y - f;
          if (Ji)
            for (int k = 0; k < P; ++k) Ji[k] = (log ? -1.0 : -f) * grad[k];
        } else if (!Ji) {
          r[i] = y - (log ? lawLogValue<Impl, double>(theta, xi) : Impl::template value<double>(theta, xi));
        } else {
          using Jet = ceres::Jet<double, P>;
          Jet t[P];
          for (int k = 0; k < P; ++k) t[k] = Jet(theta[k], k);
          const Jet f = log ? lawLogValue<Impl, Jet>(t, xi) : Impl::template value<Jet>(t, xi);
          r[i] = y - f.a;
          for (int k = 0; k < P; ++k) Ji[k] = -f.v[k];
        }
        if (!std::isfinite(r[i])) return false;
      }
      return true;
    }

   private:
    Residuals data_;
  };
  LawInfo info_;
};

// Evenly spaced grid lo, lo+step, ..., hi (inclusive, robust to rounding).
std::vector<double> gridRange(double lo, double hi, double step);

}  // namespace rs::laws
