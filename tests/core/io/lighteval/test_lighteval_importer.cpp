// lighteval results: task|fewshot keys, unweighted averages kept apart,
// Infinity left out with a warning, placement by --set.
#include <QTemporaryDir>
#include <QTest>

#include "core/io/importer.h"

using namespace rs;

namespace {
const std::string kFile = RS_TEST_DATA "/lighteval/results_2024-06-01T12-00-00.000000.json";
}

class TestLightevalImporter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsTasksAndKeepsAveragesApart() {
    ImportOptions o;
    for (const char* s : {"model=smollm-360m", "method=sparsegpt", "sparsity=0.5", "family=smollm"}) QVERIFY(addSetOption(o.placement, s).empty());
    const ImportResult r = importFile(kFile, o);
    QVERIFY2(r.ok(), r.error ? r.error->text().c_str() : "");
    QCOMPARE(r.batch.format, std::string("lighteval"));
    const Run& run = r.batch.runs.at(0);
    QCOMPARE(run.method, std::string("sparsegpt"));
    QCOMPARE(*run.ratio, 0.5);
    QCOMPARE(run.metric("arc:challenge/acc_norm")->value, 0.341);
    QCOMPARE(*run.metric("arc:challenge/acc")->std_error, 0.0135);
    QCOMPARE(*run.metric("arc:challenge/acc")->n_shot, 25);
    QCOMPARE(*run.metric("hellaswag/acc")->n_shot, 10);
    // "all" and "_average" are unweighted means: separate metrics, not tasks
    QCOMPARE(run.metric("average/acc")->value, 0.331);
    QCOMPARE(run.metric("mmlu:_average/acc")->value, 0.28);
    QVERIFY(run.metric("mmlu:anatomy/acc"));
    QVERIFY(!run.metric("wikitext/word_perplexity"));
    QCOMPARE(r.batch.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(r.batch.warnings[0]).contains(QStringLiteral("'wikitext/word_perplexity' is inf")));
    QCOMPARE(run.eval.at("harness"), std::string("lighteval"));
    QCOMPARE(run.eval.at("dtype"), std::string("torch.bfloat16"));
  }
  void takesTheModelNameFromTheFile() {
    const ImportResult r = importFile(kFile);
    QVERIFY(r.ok());
    QCOMPARE(r.batch.runs[0].model, std::string("smollm-360m-sparsegpt-50"));
  }
  void refusesAMissingResultsObject() {
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("results_x.json")));
    f.open(QIODevice::WriteOnly);
    f.write("{\"config_general\": {\"model_name\": \"m\"}}");
    f.close();
    const ImportResult r = importFile(f.fileName().toStdString());
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error->text()).contains(QStringLiteral("at /results: no 'results' object of tasks")), r.error->text().c_str());
  }
};

QTEST_GUILESS_MAIN(TestLightevalImporter)
#include "test_lighteval_importer.moc"
