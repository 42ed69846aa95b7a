// CSV import: both shapes, run grouping, ratio derivation, and one clear
// message (file, line, column) for every kind of bad input.
#include <QTemporaryDir>
#include <QTest>

#include "core/io/csv/csv_importer.h"

using namespace rs;

namespace {
ImportResult parse(const QByteArray& text) { return importCsvText(std::string_view(text.constData(), text.size()), "in.csv"); }
const Run* find(const RunBatch& p, const std::string& model, const std::string& method) {
  for (const Run& r : p.runs)
    if (r.model == model && r.method == method) return &r;
  return nullptr;
}
}  // namespace

class TestCsvImport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsLongShape() {
    const auto res = parse(
        "model,family,params,method,ratio,metric,value,stderr,n\n"
        "m7,fam,7e9,,,loss,2.1,,\n"
        "m7,fam,7e9,,,arc_easy,0.70,0.01,2376\n"
        "m7,fam,7e9,magnitude,0.5,loss,2.4,,\n"
        "m7,fam,7000000000,magnitude,0.50,arc_easy,0.61,0.01,2376\n");
    QVERIFY2(res.ok(), res.error ? res.error->text().c_str() : "");
    QCOMPARE(res.batch.runs.size(), std::size_t(2));  // "7e9"/"7000000000" and "0.5"/"0.50" are the same run
    QCOMPARE(res.batch.metric_values, std::size_t(4));
    const Run* dense = find(res.batch, "m7", "dense");
    QVERIFY(dense);
    QCOMPARE(*dense->params, 7e9);
    QCOMPARE(dense->metric("arc_easy")->value, 0.70);
    QCOMPARE(*dense->metric("arc_easy")->std_error, 0.01);
    QCOMPARE(*dense->metric("arc_easy")->n, std::int64_t(2376));
    QVERIFY(!dense->metric("loss")->std_error);
    QCOMPARE(dense->source.text(), std::string("in.csv:2"));
    QCOMPARE(dense->source.line, std::size_t(2));
    QCOMPARE(dense->source.sha256.size(), std::size_t(64));
    QCOMPARE(*find(res.batch, "m7", "magnitude")->ratio, 0.5);
  }
  void groupsByRunColumn() {
    const auto res = parse(
        "run,model,method,ratio,seed,metric,value\n"
        "a,m,rtn,0.5,1,loss,2\n"
        "b,m,rtn,0.5,2,loss,2.1\n"
        "a,m,rtn,0.5,1,piqa,0.7\n");
    QVERIFY(res.ok());
    QCOMPARE(res.batch.runs.size(), std::size_t(2));
    QCOMPARE(res.batch.runs[0].key, std::string("a"));
    QCOMPARE(res.batch.runs[0].metrics.size(), std::size_t(2));
  }
  void readsWideShape() {
    const auto res = parse(
        "model,method,bits,size_bytes,loss,arc_easy,arc_easy_stderr,arc_easy_n,notes\n"
        "m,,16,2000,2.0,0.7,0.01,2376,baseline\n"
        "m,rtn,4,500,2.2,0.65,0.01,2376,\n"
        "m,rtn,3,375,2.6,,,,odd\n");
    QVERIFY2(res.ok(), res.error ? res.error->text().c_str() : "");
    QCOMPARE(res.batch.runs.size(), std::size_t(3));
    const Run& q4 = res.batch.runs[1];
    QCOMPARE(q4.metrics.size(), std::size_t(2));
    QCOMPARE(*q4.metric("arc_easy")->std_error, 0.01);
    QCOMPARE(*q4.ratio, 0.75);  // derived from size against the dense run
    QCOMPARE(res.batch.runs[2].metrics.size(), std::size_t(1));  // empty cells: metric absent
    QCOMPARE(res.batch.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(res.batch.warnings[0]).contains(QStringLiteral("'notes'")));
  }
  void derivesRatioFromSparsityOrBits() {
    const auto res = parse(
        "model,method,sparsity,bits,metric,value\n"
        "m,magnitude,0.6,,loss,2.5\n"
        "m,rtn,,4,loss,2.2\n");
    QVERIFY(res.ok());
    QCOMPARE(*res.batch.runs[0].ratio, 0.6);
    QCOMPARE(*res.batch.runs[1].ratio, 0.75);  // 4 of 16 bits kept
  }
  void countsPhysicalLines() {
    // CRLF endings, a blank line (3) and a quoted field spanning lines 4-5:
    // the bad value is on physical line 7.
    const auto res = parse("model,metric,value\r\nm,loss,2\r\n\r\n\"two\nline\",loss,3\r\nm,piqa,0.7\r\nm,arc_easy,zero\r\n");
    QVERIFY(!res.ok());
    QCOMPARE(res.error->line, std::size_t(7));
    QCOMPARE(res.error->column, std::string("value"));
  }
  void acceptsUtf8Bom() {
    const auto res = parse("\xEF\xBB\xBFmodel,metric,value\nm\xC3\xA9,loss,2\n");
    QVERIFY(res.ok());
    QCOMPARE(res.batch.runs[0].model, std::string("m\xC3\xA9"));
  }
  void rejectsBadInput_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray("") << 0 << "" << "file is empty";
    QTest::newRow("blank file") << QByteArray("\n\n  \n") << 0 << "" << "file is empty";
    QTest::newRow("header only") << QByteArray("model,metric,value\n") << 0 << "" << "no data rows";
    QTest::newRow("unknown shape") << QByteArray("a,b\n1,2\n") << 1 << "" << "unknown CSV shape";
    QTest::newRow("long without value") << QByteArray("model,metric\nm,loss\n") << 1 << "value" << "needs the columns model, metric and value";
    QTest::newRow("duplicate header") << QByteArray("model,metric,value,value\nm,l,1,2\n") << 1 << "value" << "appears twice";
    QTest::newRow("non-numeric value") << QByteArray("model,metric,value\nm,loss,abc\n") << 2 << "value" << "'abc' is not a finite number";
    QTest::newRow("nan value") << QByteArray("model,metric,value\nm,loss,NaN\n") << 2 << "value" << "'NaN' is not a finite number";
    QTest::newRow("empty value") << QByteArray("model,metric,value\nm,loss,\n") << 2 << "value" << "value is empty";
    QTest::newRow("negative size") << QByteArray("model,size_bytes,metric,value\nm,-5,loss,2\n") << 2 << "size_bytes" << "-5 is out of range";
    QTest::newRow("ratio one") << QByteArray("model,method,ratio,metric,value\nm,x,1.0,loss,2\n") << 2 << "ratio" << "expected a number in [0, 1)";
    QTest::newRow("ratio negative") << QByteArray("model,method,ratio,metric,value\nm,x,-0.1,loss,2\n") << 2 << "ratio" << "out of range";
    QTest::newRow("dense with ratio") << QByteArray("model,method,ratio,metric,value\nm,,0.5,loss,2\n") << 2 << "ratio" << "given for a dense run";
    QTest::newRow("no ratio source") << QByteArray("model,method,metric,value\nm,lowrank,loss,2\n") << 2 << "ratio" << "nothing to derive it from";
    QTest::newRow("negative stderr") << QByteArray("model,metric,value,stderr\nm,loss,2,-1\n") << 2 << "stderr" << "finite number >= 0";
    QTest::newRow("fractional n") << QByteArray("model,metric,value,n\nm,piqa,0.7,10.5\n") << 2 << "n" << "positive whole number";
    QTest::newRow("missing model") << QByteArray("model,metric,value\n,loss,2\n") << 2 << "model" << "model name is empty";
    QTest::newRow("ragged row") << QByteArray("model,metric,value\nm,loss,2,extra\n") << 2 << "" << "has 4 fields but the header has 3";
    QTest::newRow("bad quote") << QByteArray("model,metric,value\nm,\"loss,2\n") << 2 << "" << "malformed CSV: a stray or unclosed double quote";
    QTest::newRow("semicolons") << QByteArray("model;metric;value\nm;loss;2\n") << 1 << "" << "no commas but has semicolons or tabs";
    QTest::newRow("a database") << QByteArray("SQLite format 3\0\x10\0\x02\x02", 20) << 0 << "" << "this is an SQLite database, not a CSV";
    QTest::newRow("conflicting run") << QByteArray("run,model,method,ratio,metric,value\nr1,m,rtn,0.5,loss,2\nr1,m,rtn,0.6,piqa,0.7\n")
                                     << 3 << "ratio" << "conflicting duplicate run";
    QTest::newRow("conflicting metric") << QByteArray("model,metric,value\nm,loss,2\nm,loss,2.5\n") << 3 << "value"
                                        << "metric 'loss' of the run of model 'm' (dense) is given twice with different values";
    QTest::newRow("wide conflicting rows") << QByteArray("model,loss\nm,2\nm,3\n") << 3 << "loss" << "given twice with different values";
    QTest::newRow("wide text in metric") << QByteArray("model,loss\nm,2\nn,high\n") << 3 << "loss" << "'high' is not a finite number";
    QTest::newRow("wide no metric") << QByteArray("model,notes\nm,hi\n") << 1 << "" << "no numeric metric column";
    QTest::newRow("latin-1") << QByteArray("model,metric,value\nm,loss,2\nm\xE9,loss,3\n") << 3 << "" << "invalid UTF-8";
    QTest::newRow("utf-16") << QByteArray("\xFF\xFEm\0o\0", 6) << 0 << "" << "UTF-16";
  }
  void rejectsBadInput() {
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, column);
    QFETCH(QString, message);
    const auto res = parse(text);
    QVERIFY(!res.ok());
    const QString shown = QString::fromStdString(res.error->text());
    QVERIFY2(shown.contains(message), qPrintable(shown));
    QVERIFY2(shown.startsWith(QStringLiteral("in.csv")), qPrintable(shown));
    QCOMPARE(int(res.error->line), line);
    QCOMPARE(QString::fromStdString(res.error->column), column);
    QVERIFY(res.batch.runs.empty());  // nothing from a rejected file
  }
  void namesMissingFile() {
    const auto res = importCsvFile("/nonexistent/runs.csv");
    QVERIFY(!res.ok());
    QVERIFY(QString::fromStdString(res.error->text()).startsWith(QStringLiteral("/nonexistent/runs.csv: cannot open")));
  }
  void readsBundledExample() {
    const auto res = importCsvFile(RS_EXAMPLE_CSV);
    QVERIFY2(res.ok(), res.error ? res.error->text().c_str() : "");
    QVERIFY(res.batch.runs.size() >= 50);
    QVERIFY(res.batch.warnings.empty());
  }
};

QTEST_APPLESS_MAIN(TestCsvImport)
#include "test_csv_importer.moc"
