// core/fit/small_lm: the small Levenberg-Marquardt against answers known in
// closed form (least squares, Rosenbrock, a binding bound, Huber and Cauchy
// location estimates), the laws' plain residuals against their Ceres
// residuals, and whole multi-start fits against the Ceres path.
#include <QTest>

#include <ceres/ceres.h>

#include <cmath>
#include <functional>
#include <memory>
#include <random>

#include "core/fit/fitter.h"
#include "core/fit/small_lm.h"
#include "core/laws/catalogue.h"
#include "tests/bench/isoflop_sweep.h"
#include "tests/support/fit_test_support.h"

using namespace rs;
using rs::fit::detail::SmallLm;
using rs::fit::detail::SmallLmOptions;
using rs::fit::detail::SmallLmSummary;

namespace {

// Residuals written as a function: r(θ) and J(θ) for n points.
class Residuals final : public laws::PlainResiduals {
 public:
  using Fn = std::function<void(const double* theta, double* r, double* J)>;
  Residuals(int n, Fn fn) : n_(n), fn_(std::move(fn)) {}
  int size() const override { return n_; }
  bool evaluate(const double* theta, double* r, double* J) const override {
    fn_(theta, r, J);
    return true;
  }

 private:
  int n_;
  Fn fn_;
};

constexpr double kFree = 1e300;

// The points y = 1 + 2x + noise at x = 0..9: residual y − (a + b x).
struct Line {
  std::vector<double> x, y;
  Line() {
    std::mt19937_64 rng(3);
    std::normal_distribution<double> noise(0, 0.1);
    for (int i = 0; i < 10; ++i) x.push_back(i), y.push_back(1 + 2 * i + noise(rng));
  }
  Residuals residuals() const {
    return Residuals(static_cast<int>(x.size()), [this](const double* t, double* r, double* J) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        r[i] = y[i] - (t[0] + t[1] * x[i]);
        if (J) J[2 * i] = -1, J[2 * i + 1] = -x[i];
      }
    });
  }
  // Ordinary least squares in closed form.
  std::pair<double, double> ols() const {
    const double n = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sx += x[i], sy += y[i], sxx += x[i] * x[i], sxy += x[i] * y[i];
    const double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    return {(sy - b * sx) / n, b};
  }
};

// Location: residual y_i − μ.
Residuals location(const std::vector<double>& y) {
  return Residuals(static_cast<int>(y.size()), [y](const double* t, double* r, double* J) {
    for (std::size_t i = 0; i < y.size(); ++i) {
      r[i] = y[i] - t[0];
      if (J) J[i] = -1;
    }
  });
}

fit::FitData fitData(const laws::Law& law, const std::vector<Run>& runs) {
  fit::FitDataSpec spec;
  spec.metric = "loss";
  return fit::buildFitData(law, runs, spec, law.info().default_space);
}

}  // namespace

class TestSmallLm : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void leastSquaresMatchesTheClosedForm() {
    const Line line;
    const Residuals r = line.residuals();
    SmallLm lm(r, 2, {}, {-kFree, -kFree}, {kFree, kFree});
    double theta[] = {-5, 10};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY(s.usable && s.converged());
    const auto [a, b] = line.ols();
    QVERIFY2(std::fabs(theta[0] - a) < 1e-10 && std::fabs(theta[1] - b) < 1e-10, qPrintable(QStringLiteral("%1 %2 vs %3 %4").arg(theta[0]).arg(theta[1]).arg(a).arg(b)));
    double cost = 0;
    for (std::size_t i = 0; i < line.x.size(); ++i) cost += 0.5 * std::pow(line.y[i] - a - b * line.x[i], 2);
    QVERIFY(std::fabs(s.cost - cost) < 1e-14);
  }

  void rosenbrockReachesItsMinimum() {
    // r = (10(θ₂ − θ₁²), 1 − θ₁): the minimum (1, 1) at the end of a curved valley.
    const Residuals r(2, [](const double* t, double* out, double* J) {
      out[0] = 10 * (t[1] - t[0] * t[0]);
      out[1] = 1 - t[0];
      if (J) J[0] = -20 * t[0], J[1] = 10, J[2] = -1, J[3] = 0;
    });
    SmallLm lm(r, 2, {}, {-kFree, -kFree}, {kFree, kFree});
    double theta[] = {-1.2, 1};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY2(s.converged(), s.message().c_str());
    QVERIFY(std::fabs(theta[0] - 1) < 1e-8 && std::fabs(theta[1] - 1) < 1e-8);
    QVERIFY(s.cost < 1e-20);
  }

  void aBindingBoundHoldsTheParameterThere() {
    // The slope bounded below its least-squares value: it ends on the bound,
    // and the intercept is the best one for that slope, mean(y − b x).
    const Line line;
    const Residuals r = line.residuals();
    const double bound = line.ols().second - 0.5;
    SmallLm lm(r, 2, {}, {-kFree, -kFree}, {kFree, bound});
    double theta[] = {0, 0};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY2(s.converged(), s.message().c_str());
    QCOMPARE(theta[1], bound);
    double a = 0;
    for (std::size_t i = 0; i < line.x.size(); ++i) a += (line.y[i] - bound * line.x[i]) / static_cast<double>(line.x.size());
    QVERIFY2(std::fabs(theta[0] - a) < 1e-10, qPrintable(QStringLiteral("%1 vs %2: %3").arg(theta[0], 0, 'g', 17).arg(a, 0, 'g', 17).arg(QString::fromStdString(s.message()))));
  }

  void startsOutsideTheBoxAreProjected() {
    const Residuals r = location({1, 2, 3});
    SmallLm lm(r, 1, {}, {5}, {6});
    double theta[] = {-100};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY(s.usable);
    QCOMPARE(theta[0], 5.0);  // the mean, 2, lies below the box
  }

  void huberLocationIsTheMEstimate() {
    // {0, 0, 0, 0, 10}, δ = 1: four residuals −μ inside δ and one outside
    // (ψ = δ), so Σψ = −4μ + 1 = 0 gives μ = 1/4 and
    // F = 4·(1/4)²/2 + (9.75 − 1/2) = 9.375.
    const Residuals r = location({0, 0, 0, 0, 10});
    SmallLm lm(r, 1, {laws::RobustLoss::Kind::Huber, 1.0}, {-kFree}, {kFree});
    double theta[] = {5};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY2(s.converged(), s.message().c_str());
    // The outlier's IRLS weight adds curvature the objective does not have,
    // so convergence is linear and stops at the function tolerance (F to
    // ~1e-15 relative); μ is then within ~1e-10.
    QVERIFY2(std::fabs(theta[0] - 0.25) < 1e-9, qPrintable(QString::number(theta[0], 'g', 17)));
    QVERIFY2(std::fabs(s.cost - 9.375) < 1e-12, qPrintable(QString::number(s.cost, 'g', 17)));
  }

  void cauchyLocationSolvesItsEstimatingEquation() {
    // Σ ψ(y_i − μ) = 0 with ψ(r) = r / (1 + r²/δ²), solved by bisection
    // between the median-side root's brackets. Linear convergence stopped by
    // the function tolerance, as above, leaves μ within ~√(1e-15·F/F'') ≈ 1e-7.
    const std::vector<double> y = {0, 0.5, 1, 1.5, 20};
    auto psiSum = [&](double mu) {
      double s = 0;
      for (double v : y) s += (v - mu) / (1 + (v - mu) * (v - mu));
      return s;
    };
    double lo = 0, hi = 1.5;  // psiSum(lo) > 0 > psiSum(hi)
    for (int i = 0; i < 200; ++i) (psiSum(0.5 * (lo + hi)) > 0 ? lo : hi) = 0.5 * (lo + hi);
    const Residuals r = location(y);
    SmallLm lm(r, 1, {laws::RobustLoss::Kind::Cauchy, 1.0}, {-kFree}, {kFree});
    double theta[] = {0.75};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY2(s.converged(), s.message().c_str());
    QVERIFY2(std::fabs(theta[0] - lo) < 1e-7, qPrintable(QStringLiteral("%1 vs %2").arg(theta[0], 0, 'g', 17).arg(lo, 0, 'g', 17)));
  }

  void iterationsCountAndStop() {
    const Line line;
    const Residuals r = line.residuals();
    SmallLm lm(r, 2, {}, {-kFree, -kFree}, {kFree, kFree});
    double theta[] = {-5, 10};
    SmallLmOptions one;
    one.max_iterations = 1;
    const SmallLmSummary s = lm.solve(theta, one);
    QCOMPARE(s.iterations, 1);
    QVERIFY(!s.converged());
    QVERIFY(QString::fromStdString(s.message()).startsWith(QStringLiteral("Maximum number of iterations reached")));
  }

  void unusableStartIsReported() {
    const Residuals r(1, [](const double* t, double* out, double*) { out[0] = std::log(t[0]); });
    SmallLm lm(r, 1, {}, {-kFree}, {kFree});
    double theta[] = {-1};
    const SmallLmSummary s = lm.solve(theta, {});
    QVERIFY(!s.usable);
  }

  void plainResidualsMatchCeresForEveryLaw() {
    // Each catalogue law's plain residuals (analytic gradient or Jets) are
    // its Ceres residuals without a robust loss, value and Jacobian.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0.1, 0.9);
    const int n = 12;
    for (const auto& law : laws::lawCatalogue()) {
      const int p = law->parameterCount();
      if (p > fit::detail::kSmallLmMaxParameters) continue;
      std::vector<double> x(static_cast<std::size_t>(n) * laws::kMaxVariables), y(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        // Variables in each law's own units: sizes and token counts where it reads them.
        const auto& variables = law->info().variables;
        for (std::size_t v = 0; v < variables.size(); ++v) {
          double value = u(rng);
          if (variables[v] == laws::Variable::N) value = 1e8 * std::pow(100.0, value);
          if (variables[v] == laws::Variable::D || variables[v] == laws::Variable::RftTokens) value = 1e10 * std::pow(100.0, value);
          if (variables[v] == laws::Variable::Y0 || variables[v] == laws::Variable::Loss) value = 2 + value;
          if (variables[v] == laws::Variable::Format) value = 0;
          x[static_cast<std::size_t>(i) * laws::kMaxVariables + v] = value;
        }
        y[static_cast<std::size_t>(i)] = 1 + u(rng);
      }
      const auto grid = law->startGrid({0.1, 0.9, 1.0, 2.0});
      if (grid.empty()) continue;
      const std::vector<double>& theta = grid[grid.size() / 2];
      for (auto space : {laws::ResidualSpace::Linear, laws::ResidualSpace::Log}) {
        const auto plain = law->plainResiduals(x.data(), y.data(), n, space);
        if (!plain) continue;
        std::unique_ptr<ceres::CostFunction> cost(law->residuals(x.data(), y.data(), n, space, {}));
        std::vector<double> r1(n), r2(n), J1(static_cast<std::size_t>(n * p)), J2(static_cast<std::size_t>(n * p));
        const double* at[] = {theta.data()};
        double* jacobians[] = {J2.data()};
        const bool ok1 = plain->evaluate(theta.data(), r1.data(), J1.data());
        const bool ok2 = cost->Evaluate(at, r2.data(), jacobians);
        if (!ok1 || !ok2) continue;  // a log of a negative prediction: both refuse it
        for (int i = 0; i < n; ++i) {
          QVERIFY2(std::fabs(r1[i] - r2[i]) <= 1e-12 * (1 + std::fabs(r2[i])), law->info().id.c_str());
          for (int k = 0; k < p; ++k) {
            const double a = J1[static_cast<std::size_t>(i * p + k)], b = J2[static_cast<std::size_t>(i * p + k)];
            QVERIFY2(std::fabs(a - b) <= 1e-10 * (1 + std::fabs(b)), qPrintable(QStringLiteral("%1 J[%2][%3] %4 vs %5").arg(QString::fromStdString(law->info().id)).arg(i).arg(k).arg(a).arg(b)));
          }
        }
      }
    }
  }

  void chinchillaProcedureMatchesCeresOnAnIsoflopSweep() {
    // The whole 4,500-start procedure on data shaped like a real IsoFLOP
    // extraction: the small solver's optimum is Ceres' (the objective no
    // worse, the parameters the same).
    const auto law = laws::findLaw("chinchilla");
    for (std::uint64_t seed : {11, 12}) {
      const fit::FitData data = fitData(*law, bench::isoflopSweepRuns({}, seed));
      const fit::FitResult small = fit::fitLaw(*law, data);
      fit::FitOptions viaCeres;
      viaCeres.polisher = fit::Polisher::Ceres;
      viaCeres.screen_iterations = 2;
      const fit::FitResult ceres = fit::fitLaw(*law, data, viaCeres);
      QVERIFY(small.ok && ceres.ok);
      QVERIFY2(small.converged, small.termination.c_str());
      QVERIFY2(small.objective <= ceres.objective * (1 + 1e-12), qPrintable(QStringLiteral("%1 vs %2").arg(small.objective, 0, 'g', 17).arg(ceres.objective, 0, 'g', 17)));
      for (int i = 0; i < 5; ++i) QVERIFY(std::fabs(small.theta[i] - ceres.theta[i]) < 1e-5 * (1 + std::fabs(ceres.theta[i])));
    }
  }

  void everyLawFitsAsWellAsWithCeres() {
    // Each law through the multi-start on its own generated data (the law
    // recovery cases' shapes): the small solver's objective is Ceres' or lower.
    struct Case {
      const char* law;
      std::vector<Run> runs;
    };
    std::vector<Case> cases;
    cases.push_back({"chinchilla", testing::chinchillaRuns(0.02, 9)});
    {
      std::vector<Run> runs;
      std::mt19937_64 rng(4);
      std::normal_distribution<double> noise(0, 0.003);
      for (double n : testing::logspace(1e7, 1e10, 7))
        for (double d : testing::logspace(1e8, 1e11, 7)) {
          Run r = testing::makeRun(static_cast<std::int64_t>(runs.size() + 1), "m", n, d);
          r.metrics.push_back({"loss", std::pow(std::pow(6.4e13 / n, 0.076 / 0.095) + 1.8e13 / d, 0.095) * std::exp(noise(rng)), {}, {}});
          runs.push_back(r);
        }
      cases.push_back({"kaplan-nd", runs});
    }
    for (const Case& c : cases) {
      const auto law = laws::findLaw(c.law);
      const fit::FitData data = fitData(*law, c.runs);
      fit::FitOptions viaCeres;
      viaCeres.polisher = fit::Polisher::Ceres;
      const fit::FitResult small = fit::fitLaw(*law, data), ceres = fit::fitLaw(*law, data, viaCeres);
      QVERIFY(small.ok && ceres.ok);
      QVERIFY2(small.objective <= ceres.objective * (1 + 1e-10) + 1e-300, c.law);
    }
  }

  void deterministicWhateverTheThreadCount() {
    const auto law = laws::findLaw("chinchilla");
    const fit::FitData data = fitData(*law, bench::isoflopSweepRuns({}, 13));
    fit::FitOptions one, two;
    one.threads = 1;
    two.threads = 2;
    const fit::FitResult a = fit::fitLaw(*law, data, one), b = fit::fitLaw(*law, data, two);
    QCOMPARE(a.theta, b.theta);
    QCOMPARE(a.objective, b.objective);
  }
};

QTEST_GUILESS_MAIN(TestSmallLm)
#include "test_small_lm.moc"
