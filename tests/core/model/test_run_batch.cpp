// The rules every importer shares: identity, duplicate metrics, and the
// ratio of combined formats.
#include <QTest>

#include "core/model/run_batch.h"
#include "core/model/task_catalog.h"

using namespace rs;

namespace {
Run run(const char* method, std::optional<double> sparsity, std::optional<double> bits) {
  Run r;
  r.family = "f";
  r.model = "m";
  r.method = method;
  r.sparsity = sparsity;
  r.bits = bits;
  r.source.file = "x.json";
  return r;
}
}  // namespace

class TestRunBatch : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void combinedFormatsKeepTheProductOfBothShares() {
    std::vector<Run> runs{run("dense", {}, {}), run("sparsegpt+gptq", 0.5, 4), run("wanda", 0.5, {}), run("rtn", {}, 4)};
    deriveRatios(runs);
    // Sparsity 0.5 at 4 of 16 bits keeps 0.5 × 0.25 of the stored weights.
    QCOMPARE(*runs[1].ratio, 0.875);
    QCOMPARE(*runs[2].ratio, 0.5);
    QCOMPARE(*runs[3].ratio, 0.75);
    // Against a dense model stored at 8 bits, 4 bits keep half.
    std::vector<Run> int8{run("dense", {}, 8), run("rtn", {}, 4), run("both", 0.5, 4)};
    deriveRatios(int8);
    QCOMPARE(*int8[1].ratio, 0.5);
    QCOMPARE(*int8[2].ratio, 0.75);
  }
  void refusesWhatCannotBeDerived() {
    std::vector<Run> runs{run("lowrank", {}, {})};
    try {
      deriveRatios(runs);
      QFAIL("no error");
    } catch (const RunRuleError& e) {
      QCOMPARE(e.field, std::string("ratio"));
      QVERIFY(QString::fromLatin1(e.what()).contains(QStringLiteral("nothing to derive it from")));
    }
  }
  void mergesIdenticalMetricsAndRefusesConflicts() {
    RunBatch batch;
    RunCollector c(batch, false);
    Run a = run("dense", {}, {});
    a.metrics.push_back(Metric("piqa/acc", 0.7, 0.01));
    const std::size_t i = c.add(a, a.source);
    QCOMPARE(c.add(a, a.source), i);  // the same run again
    QCOMPARE(batch.runs.size(), std::size_t(1));
    QCOMPARE(batch.duplicate_values, std::size_t(1));
    Metric other("piqa/acc", 0.7, 0.01);
    other.n_shot = 5;
    try {
      c.addMetric(i, other, a.source);
      QFAIL("no error");
    } catch (const RunRuleError& e) {
      QVERIFY2(QString::fromLatin1(e.what()).contains(QStringLiteral("different stderr, n or few-shot count")), e.what());
    }
  }
  void percentAccuraciesBecomeFractions() {
    RunBatch batch;
    for (double v : {45.2, 38.0, 26.1}) {
      Run r = run("dense", {}, {});
      r.metrics = {Metric("ARC-Challenge", v, 1.4), Metric("wikitext/word_perplexity", v), Metric("my_eval/accuracy", v / 100)};
      batch.runs.push_back(r);
    }
    normalisePercentScales(batch, TaskCatalog());
    QCOMPARE(batch.runs[0].metrics[0].value, 0.452);
    QCOMPARE(*batch.runs[0].metrics[0].std_error, 0.014);
    QCOMPARE(batch.runs[0].metrics[1].value, 45.2);  // a perplexity is not an accuracy
    QCOMPARE(batch.runs[0].metrics[2].value, 0.452);  // already a fraction
    QCOMPARE(batch.notes.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(batch.notes[0]).contains(QStringLiteral("3 accuracies on a 0-100 scale divided by 100 (ARC-Challenge)")),
             batch.notes[0].c_str());
  }
};

QTEST_GUILESS_MAIN(TestRunBatch)
#include "test_run_batch.moc"
