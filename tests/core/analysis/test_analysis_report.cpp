// The analysis report: one options struct, every part of `analyze`. Known
// answers from generated runs: a native family whose loss is exactly
// L(N) = 2 + 400 N^-0.3 at five sizes, and a 7B model pruned to ratio 0.5
// (3.5B kept: the 3B native is within 25%) and 0.7 (2.1B kept: no native
// within 25%, so the frontier predicts one), plus an accuracy task that
// drops to chance between ratios 0.5 and 0.6.
#include <QTest>

#include <cmath>

#include "core/analysis/analysis_report.h"

using namespace rs;
using namespace rs::analysis;

namespace {

double lossAt(double n) { return 2 + 400 * std::pow(n, -0.3); }

Run run(std::int64_t id, double params, const std::string& method, double ratio, double loss, double acc) {
  Run r;
  r.id = id;
  r.family = "fam";
  r.model = "m" + std::to_string(static_cast<long long>(params / 1e8));
  r.params = params;
  r.tokens = 2e11;
  r.method = method;
  if (method != "dense") r.ratio = r.sparsity = ratio;  // unstructured pruning: the ratio is the sparsity
  r.key = r.model + "/" + method + "/" + std::to_string(ratio);
  r.metrics.push_back(Metric("loss", loss));
  Metric a("arc_easy", acc);
  a.std_error = 0.01;
  r.metrics.push_back(a);
  return r;
}

std::vector<Run> study() {
  std::vector<Run> runs;
  std::int64_t id = 0;
  for (double n : {5e8, 1e9, 1.5e9, 3e9, 7e9}) runs.push_back(run(++id, n, "dense", 0, lossAt(n), 0.7));
  // 7B magnitude: the loss of the 3B native at 0.5 (N_eff = 3B), accuracy held until 0.5.
  for (double r : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7})
    runs.push_back(run(++id, 7e9, "magnitude", r, r == 0.5 ? lossAt(3e9) : lossAt(7e9 * (1 - r)), r <= 0.5 ? 0.7 : 0.25));
  return runs;
}

const Comparison* comparisonOf(const AnalysisReport& report, double ratio, const std::vector<Run>& runs) {
  for (const Comparison& c : report.comparisons)
    for (const Run& r : runs)
      if (r.id == c.compressed && r.ratio && std::fabs(*r.ratio - ratio) < 1e-9) return &c;
  return nullptr;
}

}  // namespace

class TestAnalysisReport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void dropoutsAndCategoriesPerSeriesAndTask() {
    const std::vector<Run> runs = study();
    const AnalysisReport r = analyse(runs, runs, TaskCatalog(), {});
    // One compressed series, two metrics: two curves; one accuracy dropout.
    QCOMPARE(r.curves.size(), std::size_t(2));
    QCOMPARE(r.dropouts.size(), std::size_t(1));
    const Dropout& d = r.dropouts.front();
    QCOMPARE(d.task, std::string("arc_easy"));
    QVERIFY(d.status == Dropout::Status::Dropped);
    QCOMPARE(d.ci_low, 0.5);
    QCOMPARE(d.ci_high, 0.6);
    QCOMPARE(r.categories.size(), std::size_t(1));
    QCOMPARE(r.categories.front().dropped, 1);
  }

  void pairsWithTheNearestNativeOrThePrediction() {
    const std::vector<Run> runs = study();
    const AnalysisReport r = analyse(runs, runs, TaskCatalog(), {});
    // 3.5B kept: the 3B native (15% apart) is the baseline.
    const Comparison* near = comparisonOf(r, 0.5, runs);
    QVERIFY(near);
    QVERIFY(!near->baseline_predicted);
    QCOMPARE(near->baseline, std::int64_t(4));
    QVERIFY(!near->predicted_baseline);
    // 2.1B kept: 1.5B and 3B are both over 25% away; the frontier (exact
    // data, so the law itself) predicts the native model's loss.
    const Comparison* far = comparisonOf(r, 0.7, runs);
    QVERIFY(far);
    QVERIFY(far->baseline_predicted);
    QVERIFY(far->predicted_baseline);
    QVERIFY(std::fabs(*far->predicted_baseline->params - 2.1e9) < 1e3);
    QVERIFY2(std::fabs(far->predicted_baseline->metrics.front().value - lossAt(2.1e9)) < 1e-3,
             qPrintable(QString::number(far->predicted_baseline->metrics.front().value)));
  }

  void effectiveParametersInvertTheDenseLaw() {
    const std::vector<Run> runs = study();
    const AnalysisReport r = analyse(runs, runs, TaskCatalog(), {});
    QCOMPARE(r.effective.size(), std::size_t(1));
    QVERIFY2(r.effective.front().error.empty(), r.effective.front().error.c_str());
    bool found = false;
    for (const EffectiveParams& e : r.effective.front().runs)
      if (e.ratio && std::fabs(*e.ratio - 0.5) < 1e-9) {
        found = true;
        QVERIFY(e.n_eff);
        // At the 3B native's loss: N_eff = 3B, N_eff / N = 3/7.
        QVERIFY2(std::fabs(*e.n_eff / 3e9 - 1) < 1e-3, qPrintable(QString::number(*e.n_eff)));
        QVERIFY(std::fabs(*e.multiplier - 3.0 / 7.0) < 1e-3);
      }
    QVERIFY(found);
  }

  void theWindowAndTheCliShareOneFrontier() {
    // The parts the window runs as separate jobs give what analyse() gives.
    const std::vector<Run> runs = study();
    const AnalysisOptions options;
    const AnalysisReport whole = analyse(runs, runs, TaskCatalog(), options);
    const auto frontier = nativeFrontier(runs, options);
    const auto checks = fairnessChecks(runs, runs, TaskCatalog(), frontier.get(), options);
    QCOMPARE(checks.size(), whole.comparisons.size());
    for (std::size_t i = 0; i < checks.size(); ++i) {
      QCOMPARE(checks[i].baseline_label, whole.comparisons[i].baseline_label);
      QCOMPARE(checks[i].checks.size(), whole.comparisons[i].checks.size());
      for (std::size_t k = 0; k < checks[i].checks.size(); ++k) QVERIFY(checks[i].checks[k].verdict == whole.comparisons[i].checks[k].verdict);
    }
    QCOMPARE(frontier->family("fam")->law, whole.frontier->family("fam")->law);
  }
};

QTEST_MAIN(TestAnalysisReport)
#include "test_analysis_report.moc"
