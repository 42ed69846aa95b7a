// Trial results as runs (core/trials/trial_runs.h): a metric that came out
// NaN or infinite is recorded as diverged, the same in a CSV and in a
// database. It printed as "-nan" in the CSV (exit 0) and broke the
// database's NOT NULL.
#include <QTemporaryDir>
#include <QTest>

#include "core/io/csv/csv_importer.h"
#include "core/io/store/experiment_store.h"
#include "core/model/long_csv.h"
#include "core/trials/trial_runs.h"

using namespace rs;

namespace {

trials::TrialRun divergedRun() {
  trials::TrialRun t;
  t.family = "suite-transformer";
  t.model = "tf-nano";
  t.method = "rtn";
  t.params = 1e5;
  t.tokens = 1e6;
  t.ratio = 0.75;
  t.bits = 4;
  t.kept_params = 1e5;
  t.size_bytes = 5e4;
  t.seed = 2;
  t.device = "cpu";
  t.metrics = {{"loss", std::nan(""), std::nullopt, 512},
               {"copy", 0.25, 0.02, 512},
               {"sort", -std::numeric_limits<double>::infinity(), std::nan(""), 512}};
  return t;
}

const Metric* metric(const Run& r, const std::string& name) {
  for (const Metric& m : r.metrics)
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace

class TestTrialRuns : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void nonFiniteMetricsAreRecordedAsDiverged() {
    const Run r = trials::toRun(divergedRun());
    QVERIFY(!metric(r, "loss"));
    QVERIFY(!metric(r, "sort"));
    QCOMPARE(metric(r, "copy")->value, 0.25);
    QCOMPARE(metric(r, "diverged")->value, 2.0);  // two values left out
    QCOMPARE(trials::divergedWarning(divergedRun()),
             std::string("tf-nano rtn seed 2 diverged (loss is NaN, sort is infinite): recorded with metric 'diverged' and without those values"));
    trials::TrialRun fine = divergedRun();
    fine.metrics = {{"loss", 2.5, std::nullopt, 512}};
    QCOMPARE(trials::divergedWarning(fine), std::string());
    QVERIFY(!metric(trials::toRun(fine), "diverged"));
  }

  void csvAndDatabaseRecordTheSameRun() {
    const Run r = trials::toRun(divergedRun());
    const std::string csv = longCsvHeader() + longCsvRows(r);
    for (const char* nonFinite : {",nan", ",-nan", ",inf", ",-inf"}) QVERIFY2(csv.find(nonFinite) == std::string::npos, csv.c_str());
    const ImportResult read = importCsvText(csv, "trial.csv");
    QVERIFY2(read.ok(), read.error ? read.error->text().c_str() : "");
    QCOMPARE(read.batch.runs.size(), std::size_t(1));
    QCOMPARE(metric(read.batch.runs[0], "diverged")->value, 2.0);

    QTemporaryDir dir;
    std::string error;
    auto store = ExperimentStore::open(dir.filePath(QStringLiteral("t.sqlite")).toStdString(), error);
    QVERIFY2(store, error.c_str());
    RunBatch one;
    one.file = "trial";
    one.format = "trial";
    one.runs = {r};
    ImportSummary summary;
    const auto stored = store->importRuns(one, summary);
    QVERIFY2(!stored, stored ? stored->text().c_str() : "");
    // The CSV's run, imported after, is the same run: nothing added.
    const auto again = store->importRuns(read.batch, summary);
    QVERIFY2(!again, again ? again->text().c_str() : "");
    QCOMPARE(summary.runs_added, std::size_t(0));
    QCOMPARE(summary.metrics_added, std::size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestTrialRuns)
#include "test_trial_runs.moc"
