// Effective parameters and the native-small frontier read against a dense
// law fitted to synthetic Chinchilla grids of known truth
// (tests/support/effective_grid.h): intervals that cover the truth at about
// their nominal rate, a loss below the law's floor said with the floor's
// interval and a lower bound, and predicted natives with a usable interval.
#include <QtTest>

#include <cmath>

#include "core/analysis/effective_params.h"
#include "core/analysis/native_frontier.h"
#include "tests/support/effective_grid.h"

using namespace rs;
using namespace rs::analysis;

namespace {

const EffectiveParams* find(const std::vector<EffectiveParamsResult>& res, std::int64_t id) {
  for (const auto& e : res.front().runs)
    if (e.run == id) return &e;
  return nullptr;
}

double param(const fit::FitResult& fit, const std::string& name) {
  for (const auto& p : fit.params)
    if (p.name == name) return p.value;
  return NAN;
}

// The true floor of the grid's law at the parent's budget: E + B/D^β.
double trueFloor(double d) { return 1.69 + 410.7 / std::pow(d, 0.28); }

}  // namespace

class TestEffectiveParams : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void intervalsCoverTheTruthAtTheNominalRate() {
    // 60 grids × 3 runs: a 95% interval should miss about 9 of 180 truths;
    // the binomial's 99.9% range at 95% is 2 to 18 misses. Seeded, so the
    // count is a known answer (bench_effective_params runs 200 grids).
    int covered = 0, intervals = 0;
    for (std::uint64_t s = 0; s < 60; ++s) {
      const testing::EffectiveGrid g = testing::effectiveGrid(1000 + s);
      const auto res = effectiveParameters(g.runs, "loss", "chinchilla");
      QVERIFY2(res.front().error.empty(), res.front().error.c_str());
      // Chinchilla's published procedure, whose errors are its bootstrap's:
      // the intervals come from the resamples themselves.
      QCOMPARE(res.front().dense_fit.error_method, fit::ErrorMethod::Bootstrap);
      for (const auto& [id, truth] : g.truth) {
        const EffectiveParams* e = find(res, id);
        QVERIFY(e && e->n_eff);
        ++intervals;
        // An interval open above is [low, ∞); none at all is a miss.
        covered += e->n_eff_low && *e->n_eff_low <= truth && truth <= e->n_eff_high.value_or(INFINITY);
      }
    }
    QCOMPARE(intervals, 180);
    const int misses = intervals - covered;
    QVERIFY2(misses >= 2 && misses <= 18, qPrintable(QStringLiteral("%1 of 180 intervals missed the truth").arg(misses)));
  }

  void theDenseLawsUncertaintyIsItsBootstrap() {
    // The power law is least squares, whose own errors are Wald's; read as a
    // reference it keeps its bootstrap resamples (dense_design.h), unless
    // the caller chose an error method.
    const testing::EffectiveGrid g = testing::powerGrid(5);
    const auto res = effectiveParameters(g.runs, "loss", "auto");
    QCOMPARE(res.front().law, std::string("power"));
    QCOMPARE(res.front().dense_fit.error_method, fit::ErrorMethod::Bootstrap);
    QCOMPARE(res.front().dense_fit.bootstrap_thetas.size(), std::size_t(fit::kDefaultBootstrap));
    const NativeFrontier frontier(g.runs, "loss");
    QCOMPARE(frontier.family("f")->fit.error_method, fit::ErrorMethod::Bootstrap);
    for (const auto& [id, truth] : g.truth) {
      const EffectiveParams* e = find(res, id);
      QVERIFY(e && e->n_eff_low && e->n_eff_high);
      QVERIFY2(*e->n_eff_low <= truth && truth <= *e->n_eff_high, qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(truth).arg(*e->n_eff_low).arg(*e->n_eff_high)));
    }
    fit::FitOptions wald;
    wald.errors = fit::ErrorMethod::Wald;
    QCOMPARE(effectiveParameters(g.runs, "loss", "auto", wald).front().dense_fit.error_method, fit::ErrorMethod::Wald);
  }

  void theRunsOwnNoiseWidensItsInterval() {
    testing::EffectiveGrid g = testing::effectiveGrid(7);
    const std::int64_t id = g.truth.front().first;
    auto width = [&](std::optional<double> se) {
      for (Run& r : g.runs)
        if (r.id == id) r.metrics.front().std_error = se;
      const auto res = effectiveParameters(g.runs, "loss", "chinchilla");
      const EffectiveParams* e = find(res, id);
      return e && e->n_eff_low && e->n_eff_high ? *e->n_eff_high / *e->n_eff_low : -1.0;
    };
    const double exact = width(std::nullopt), noisy = width(0.02);
    QVERIFY2(exact > 1 && noisy > exact, qPrintable(QStringLiteral("%1 vs %2").arg(exact).arg(noisy)));
  }

  void aLossBelowTheFloorSaysSoWithTheFloorsInterval() {
    testing::EffectiveGrid g = testing::effectiveGrid(11);
    const double floor = trueFloor(g.parent_tokens);
    const std::int64_t id = g.truth.front().first;
    for (Run& r : g.runs)
      if (r.id == id) r.metrics.front() = {"loss", floor - 0.05, 0.01, {}};
    const auto res = effectiveParameters(g.runs, "loss", "chinchilla");
    const EffectiveParams* e = find(res, id);
    QVERIFY(e && !e->n_eff && !e->multiplier);
    QVERIFY(e->floor && e->floor_low && e->floor_high);
    QVERIFY2(std::fabs(*e->floor - floor) < 0.02, qPrintable(QString::number(*e->floor)));
    QVERIFY(*e->floor_low <= *e->floor && *e->floor <= *e->floor_high);
    QVERIFY2(e->note.find("below the dense law's floor at this token count, ") == 0, e->note.c_str());
    // The grid's largest model is 1.6e10, far from E: the floor is loosely
    // pinned ([1.68, 2.04] here), so some of the law's samples still reach
    // the loss, at sizes far beyond the grid: a lower bound, open above.
    QVERIFY2(e->n_eff_low && *e->n_eff_low > 1e11 && !e->n_eff_high && e->open_above, e->note.c_str());
    QVERIFY2(e->note.find("; N_eff ≥ ") != std::string::npos, e->note.c_str());
    // Far below every sample's floor: no bound, and the note says so.
    for (Run& r : g.runs)
      if (r.id == id) r.metrics.front() = {"loss", 1.0, 0.01, {}};
    const auto farBelow = effectiveParameters(g.runs, "loss", "chinchilla");
    const EffectiveParams* none = find(farBelow, id);
    QVERIFY(none && !none->n_eff && !none->n_eff_low && !none->n_eff_high && !none->open_above);
    QVERIFY2(none->note.find("fewer than 2.5% of the law's samples reach it, so no bound on N_eff") != std::string::npos, none->note.c_str());
  }

  void aLossAtTheFloorIsBoundedFromBelow() {
    // A run one standard error under the fitted floor: some of the law's
    // samples (and the run's noise) reach it, so N_eff ≥ a lower bound, the
    // upper end open; just above the floor likewise, with N_eff itself.
    testing::EffectiveGrid g = testing::effectiveGrid(11);
    const std::int64_t id = g.truth.front().first;
    const fit::FitResult law = effectiveParameters(g.runs, "loss", "chinchilla").front().dense_fit;
    const double floor = param(law, "E") + param(law, "B") / std::pow(g.parent_tokens, param(law, "beta"));
    for (double offset : {-0.01, 0.002}) {
      for (Run& r : g.runs)
        if (r.id == id) r.metrics.front() = {"loss", floor + offset, 0.01, {}};
      const auto res = effectiveParameters(g.runs, "loss", "chinchilla");
      const EffectiveParams* e = find(res, id);
      QVERIFY(e);
      QCOMPARE(e->n_eff.has_value(), offset > 0);
      QVERIFY2(e->n_eff_low && !e->n_eff_high && e->open_above, e->note.c_str());
      if (e->n_eff) QVERIFY(*e->n_eff_low <= *e->n_eff);
      QVERIFY2(e->note.find("N_eff ≥ ") != std::string::npos, e->note.c_str());
    }
  }

  void predictedNativesCarryAUsableInterval() {
    // The frontier's native at each compressed run's kept size: its 95%
    // prediction interval holds the true law's loss and is a few of the
    // runs' 0.01-nat standard errors wide, both with the published
    // procedure's bootstrap (whose delta-method band was ±3 nats on the
    // bundled example) and with least squares' Wald covariance.
    const testing::EffectiveGrid g = testing::effectiveGrid(3);
    fit::FitOptions leastSquares;
    leastSquares.robust = laws::RobustLoss{};
    for (const fit::FitOptions& options : {fit::FitOptions{}, leastSquares}) {
      const NativeFrontier frontier(g.runs, "loss", options);
      for (const Run& c : g.runs) {
        if (c.isDense()) continue;
        std::string why;
        const auto p = frontier.predict(c, Budget::Params, why);
        QVERIFY2(p, why.c_str());
        const double truth = testing::chinchillaLoss(*p->params, *p->tokens), se = p->metrics[0].std_error.value_or(0);
        QVERIFY2(se > 0.003 && se < 0.03, qPrintable(QString::number(se)));
        QVERIFY2(std::fabs(p->metrics[0].value - truth) < 1.96 * se, qPrintable(QStringLiteral("%1 vs %2 ± %3").arg(p->metrics[0].value).arg(truth).arg(se)));
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestEffectiveParams)
#include "test_effective_params.moc"
