// Training budgets keep series apart: a 50-step and a 2,000-step sweep of
// one model name are two curves, each anchored by its own dense run, in
// plots, fits and analysis (core/model/training_budget.h, series.h).
#include <QTest>

#include "core/analysis/curve.h"
#include "core/fit/fit_data.h"
#include "core/laws/catalogue.h"
#include "core/model/series.h"
#include "core/model/training_budget.h"

using namespace rs;

namespace {
// tf-nano at a budget of `steps` × 256 tokens; dense at ratio 0.
Run run(std::int64_t id, double steps, const std::string& method, double ratio, double loss) {
  Run r;
  r.id = id;
  r.family = "tf";
  r.model = "tf-nano";
  r.method = method;
  r.params = 15000;
  r.tokens = steps * 256;
  if (method != "dense") r.ratio = ratio;
  r.metrics.push_back({"loss", loss, {}, {}});
  return r;
}

// A short sweep (50 steps: the dense model is barely trained, loss 3.9) and
// a long one (2,000 steps: 2.6), both pruned at three ratios.
std::vector<Run> twoSweeps() {
  return {run(1, 50, "dense", 0, 3.9),       run(2, 50, "magnitude", 0.25, 3.95),   run(3, 50, "magnitude", 0.5, 4.05),
          run(4, 50, "magnitude", 0.75, 4.3), run(5, 2000, "dense", 0, 2.6),          run(6, 2000, "magnitude", 0.25, 2.65),
          run(7, 2000, "magnitude", 0.5, 2.8), run(8, 2000, "magnitude", 0.75, 3.2)};
}
}  // namespace

class TestTrainingBudget : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void budgetsNeverMergeIntoOneSeries() {
    const std::vector<Run> runs = twoSweeps();
    const SeriesSet set = buildSeries(runs, "loss", Axis::Ratio);
    // Before: one "tf-nano · magnitude" series with both dense runs at ratio 0,
    // whose curve started at their mean, 3.25, a value no run has.
    QCOMPARE(set.series.size(), std::size_t(2));
    QCOMPARE(set.series[0].label(), std::string("tf-nano \u00b7 magnitude \u00b7 12.8k tokens"));
    QCOMPARE(set.series[1].label(), std::string("tf-nano \u00b7 magnitude \u00b7 512k tokens"));
    QCOMPARE(set.series[1].modelLabel(), std::string("tf-nano \u00b7 512k tokens"));
    const analysis::Curve shortSweep = analysis::toCurve(set.series[0], "loss", runs);
    const analysis::Curve longSweep = analysis::toCurve(set.series[1], "loss", runs);
    QCOMPARE(shortSweep.points.size(), std::size_t(4));
    QCOMPARE(shortSweep.points.front().x, 0.0);
    QCOMPARE(shortSweep.points.front().y, 3.9);  // its own dense run
    QCOMPARE(shortSweep.points.front().runs, 1);
    QCOMPARE(longSweep.points.front().y, 2.6);
    QCOMPARE(longSweep.series, std::string("tf-nano \u00b7 magnitude \u00b7 512k tokens"));
  }

  void oneBudgetKeepsThePlainLabel() {
    // A compressed run that records no tokens (an lm-eval file) shares the
    // one budget its model's dense run records.
    std::vector<Run> runs = {run(1, 2000, "dense", 0, 2.6), run(2, 2000, "rtn", 0.5, 2.7)};
    runs[1].tokens.reset();
    const SeriesSet set = buildSeries(runs, "loss", Axis::Ratio);
    QCOMPARE(set.series.size(), std::size_t(1));
    QCOMPARE(set.series[0].label(), std::string("tf-nano \u00b7 rtn"));
    QCOMPARE(set.series[0].points.size(), std::size_t(2));
    const TrainingBudgets budgets(runs);
    QVERIFY(!budgets.several(runs[1]));
    QCOMPARE(budgets.of(runs[1]), budgets.of(runs[0]));
    // With two recorded budgets, an unrecorded one is a budget of its own.
    runs.push_back(run(3, 50, "dense", 0, 3.9));
    const TrainingBudgets three(runs);
    QVERIFY(three.several(runs[1]));
    QCOMPARE(three.label(runs[1]), std::string("tokens not recorded"));
    QCOMPARE(buildSeries(runs, "loss", Axis::Ratio).series.size(), std::size_t(3));  // rtn alone, two dense baselines
  }

  void anchorsComeFromTheSameBudget() {
    const std::vector<Run> all = twoSweeps();
    // --where tokens=512000 --where method=magnitude: the long sweep's runs.
    const std::vector<Run> selected = {all[5], all[6], all[7]};
    const std::vector<Run> curve = withDenseAnchors(selected, all);
    QCOMPARE(curve.size(), std::size_t(4));
    QCOMPARE(curve.back().id, std::int64_t(5));  // the 2,000-step dense run, not the 50-step one
    QCOMPARE(withDenseAnchors(curve, all).size(), std::size_t(4));  // an anchor already there is not added twice
  }

  void compressionLawsReadTheirOwnBudgetsDenseValue() {
    const std::vector<Run> all = twoSweeps();
    const auto law = laws::findLaw("compression-quadratic");
    fit::FitDataSpec spec;
    spec.metric = "loss";
    spec.anchors = &all;
    const fit::FitData data = fit::buildFitData(*law, all, spec, laws::ResidualSpace::Linear);
    QVERIFY2(data.error.empty(), data.error.c_str());
    QCOMPARE(data.size(), 6);
    for (int i = 0; i < data.size(); ++i) {
      // Y0 is each budget's own dense loss; before, both read their mean, 3.25.
      const double y0 = data.run_ids[static_cast<std::size_t>(i)] < 5 ? 3.9 : 2.6;
      QCOMPARE(data.xAt(i)[0], y0);
    }
  }
};

QTEST_APPLESS_MAIN(TestTrainingBudget)
#include "test_training_budget.moc"
