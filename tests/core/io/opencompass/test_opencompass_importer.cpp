// OpenCompass summaries: one run per model column, percentages to fractions
// (said in the notes), '-' as missing, placement by --map.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/io/importer.h"

using namespace rs;

namespace {
const std::string kFile = RS_TEST_DATA "/opencompass/summary_20240601_120000.csv";

std::string write(const QTemporaryDir& dir, const char* name, const QByteArray& text) {
  QFile f(dir.filePath(QLatin1String(name)));
  f.open(QIODevice::WriteOnly);
  f.write(text);
  return f.fileName().toStdString();
}
}  // namespace

class TestOpenCompassImporter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsOneRunPerModelColumn() {
    QTemporaryDir dir;
    ImportOptions o;
    QVERIFY(!loadRunMap(write(dir, "map.csv", "pattern,family,model,method,bits\nllama-7b-hf,llama,llama-7b,,\n*gptq-4bit,llama,llama-7b,gptq,4\n"), o.placement));
    const ImportResult r = importFile(kFile, o);
    QVERIFY2(r.ok(), r.error ? r.error->text().c_str() : "");
    QCOMPARE(r.batch.format, std::string("opencompass"));
    QCOMPARE(r.batch.runs.size(), std::size_t(2));
    const Run& dense = r.batch.runs[0];
    const Run& gptq = r.batch.runs[1];
    QVERIFY(dense.isDense());
    QCOMPARE(gptq.method, std::string("gptq"));
    QCOMPARE(*gptq.ratio, 0.75);  // 4 of 16 bits
    QCOMPARE(dense.metric("ARC-c/accuracy")->value, 0.4475);
    QCOMPARE(dense.metric("mmlu/naive_average")->value, 0.351);
    QVERIFY(!gptq.metric("mmlu/naive_average"));  // '-': not evaluated
    QCOMPARE(gptq.metrics.size(), std::size_t(3));
    QVERIFY(QString::fromStdString(r.batch.notes.at(0)).contains(QStringLiteral("7 scores divided by 100")));
    QCOMPARE(r.placement_rows, (std::vector<int>{0, 1}));
  }
  void refusesABadScore() {
    QTemporaryDir dir;
    const ImportResult r = importFile(write(dir, "summary_1.csv", "dataset,version,metric,mode,m\nARC-c,x,accuracy,ppl,abc\n"));
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error->text()).contains(QStringLiteral("summary_1.csv:2: column 'm': 'abc' is not a score")), r.error->text().c_str());
    const ImportResult out = importFile(write(dir, "summary_2.csv", "dataset,version,metric,mode,m\nARC-c,x,accuracy,ppl,140\n"));
    QVERIFY(!out.ok());
    QVERIFY(QString::fromStdString(out.error->text()).contains(QStringLiteral("outside OpenCompass's 0-100 scale")));
  }
};

QTEST_GUILESS_MAIN(TestOpenCompassImporter)
#include "test_opencompass_importer.moc"
