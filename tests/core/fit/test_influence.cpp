// Does a fit hang on a few points? The influence check names the points
// whose removal moves a parameter outside its 95% interval, and stays quiet
// when no few points can.
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "tests/support/fit_test_support.h"
#include "tests/support/isoflop_data.h"

using namespace rs;
using namespace rs::testing;

namespace {

fit::FitData fitData(const std::string& lawId, const std::vector<Run>& runs, const std::string& metric) {
  const auto law = laws::findLaw(lawId);
  fit::FitDataSpec spec;
  spec.metric = metric;
  return fit::buildFitData(*law, runs, spec, law->info().default_space);
}

// Acc = 0.8 (1 − 0.4 r) at 19 ratios 0.02 .. 0.38 and one far out at 0.9
// (leverage 0.45), small noise; `wild` moves that last point down.
std::vector<Run> linearRuns(double wild) {
  std::mt19937_64 rng(8);
  std::normal_distribution<double> noise(0, 0.005);
  std::vector<Run> runs;
  Run dense = makeRun(1, "m", 1e9, 2e10);
  dense.metrics.push_back({"acc", 0.8, {}, {}});
  runs.push_back(dense);
  for (int i = 1; i <= 20; ++i) {
    const double r = i == 20 ? 0.9 : 0.02 * i;
    Run run = makeRun(i + 1, "m", 1e9, 2e10, "rtn", r);
    run.metrics.push_back({"acc", 0.8 * (1 - 0.4 * r) + noise(rng) - (i == 20 ? wild : 0.0), {}, {}});
    runs.push_back(run);
  }
  return runs;
}

}  // namespace

class TestInfluence : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void namesTheOnePointALeastSquaresFitHangsOn() {
    // 20 points allow one to be left out (one in twenty). The wild far point
    // drags c; without it c returns to about 0.4, outside the interval the
    // wild fit reports. Least squares on a linear law: the refit is exact.
    const auto law = laws::findLaw("compression-linear");
    const auto runs = linearRuns(0.12);
    const auto r = fit::fitLaw(*law, fitData("compression-linear", runs, "acc"));
    QVERIFY2(r.ok, r.error.c_str());
    std::string notes;
    for (const auto& w : r.warnings) notes += w + "\n";
    QVERIFY2(r.influence.size() == 1, notes.c_str());
    const fit::InfluentialPoints& f = r.influence.front();
    QCOMPARE(f.param, std::string("c"));
    QCOMPARE(f.run_ids, std::vector<std::int64_t>{21});
    QCOMPARE(f.labels, std::vector<std::string>{"m · rtn r=0.9"});
    // The value without it is the least-squares c of the other 19 points.
    double sxy = 0, sxx = 0;
    for (std::size_t i = 1; i + 1 < runs.size(); ++i) {
      const double x = 0.8 * *runs[i].ratio, y = 0.8 - runs[i].metric("acc")->value;
      sxy += x * y;
      sxx += x * x;
    }
    QVERIFY2(std::fabs(f.value_without - sxy / sxx) < 1e-8, qPrintable(QStringLiteral("%1 vs %2").arg(f.value_without).arg(sxy / sxx)));
    QVERIFY(f.value_without < f.ci_low || f.value_without > f.ci_high);
    QCOMPARE(f.ci_low, r.params[0].ci_low);
    const bool warned = std::any_of(r.warnings.begin(), r.warnings.end(), [](const std::string& w) {
      return w.find("influence: leaving out 1 point (run 21 m · rtn r=0.9) moves c") != std::string::npos;
    });
    QVERIFY(warned);
    QVERIFY(QString::fromStdString(fit::report(*law, r)).contains(QStringLiteral("the fit hangs on them")));
  }

  void quietWhenNoPointDominates() {
    const auto law = laws::findLaw("compression-linear");
    const auto r = fit::fitLaw(*law, fitData("compression-linear", linearRuns(0), "acc"));
    QVERIFY(r.ok);
    QVERIFY(r.influence.empty());
    fit::FitOptions off;
    off.influence = false;
    QVERIFY(fit::fitLaw(*law, fitData("compression-linear", linearRuns(0.12), "acc"), off).influence.empty());
  }

  void robustChinchillaHangsOnFarOutliers() {
    // IsoFLOP-like data plus 5 high-loss runs of tiny models at the largest
    // budgets, the only points at their D: the published procedure hangs on
    // them, and the check names them (and no other run).
    const auto law = laws::findLaw("chinchilla");
    const auto runs = isoflopRuns(1, 0, 0.01, true, 5);
    const auto far = isoflopOutlierIds(runs);
    QCOMPARE(far.size(), std::size_t(5));
    const auto r = fit::fitLaw(*law, fitData("chinchilla", runs, "loss"));
    QVERIFY2(r.ok, r.error.c_str());
    QVERIFY(!r.influence.empty());
    for (const auto& f : r.influence) {
      QVERIFY(!f.run_ids.empty() && f.run_ids.size() <= 5);
      for (auto id : f.run_ids) QVERIFY2(std::find(far.begin(), far.end(), id) != far.end(), std::to_string(id).c_str());
      QVERIFY(f.value_without < f.ci_low || f.value_without > f.ci_high);
    }
  }

  void robustChinchillaOnCleanIsoflopData() {
    // The same design without those runs (and with the in-window outliers
    // the Huber loss absorbs) hangs on no few points.
    const auto law = laws::findLaw("chinchilla");
    for (int outliers : {0, 5}) {
      const auto r = fit::fitLaw(*law, fitData("chinchilla", isoflopRuns(1, outliers), "loss"));
      QVERIFY(r.ok);
      QVERIFY2(r.influence.empty(), r.warnings.empty() ? "" : r.warnings.back().c_str());
    }
  }
};

QTEST_APPLESS_MAIN(TestInfluence)
#include "test_influence.moc"
