// CSV import: both shapes, run grouping, ratio derivation, and one clear
// message (file, line, column) for every kind of bad input.
#include <QTemporaryDir>
#include <cmath>
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
    // CRLF endings, a blank line (3) and a quoted note spanning lines 4-5
    // (a name may not hold a newline): the bad value is on physical line 7.
    const auto res = parse("model,metric,value,note\r\nm,loss,2,\r\n\r\nm,hellaswag,3,\"two\nline\"\r\nm,piqa,0.7,\r\nm,arc_easy,zero,\r\n");
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
    // Issue #17: a metric column whose every value is nan or overflows is a
    // diverged metric, not a text column to drop with a warning.
    QTest::newRow("wide column all nan") << QByteArray("model,loss,acc\nm,2,nan\nn,3,NaN\n") << 2 << "acc"
                                         << "'nan' is not a finite number, and no value in this metric column is";
    QTest::newRow("wide column all 1e400") << QByteArray("model,acc,loss\nm,1e400,2\nn,-1e400,3\n") << 2 << "acc"
                                           << "'1e400' is not a finite number, and no value in this metric column is";
    QTest::newRow("NUL in a model name") << QByteArray("model,metric,value\nm\0x,loss,2\n", 30) << 2 << "model"
                                         << "model name 'm\\0x' holds a NUL byte at byte 2";
    QTest::newRow("NUL in a metric name") << QByteArray("model,metric,value\nm,lo\0ss,2\n", 29) << 2 << "metric"
                                          << "metric name 'lo\\0ss' holds a NUL byte at byte 3";
    QTest::newRow("tab in a family name") << QByteArray("model,family,metric,value\nm,a\tb,loss,2\n") << 2 << "family"
                                          << "holds the control character \\t at byte 2";
    QTest::newRow("CR-only line endings") << QByteArray("model,metric,value\rm,loss,2\rm,piqa,0.5\rm,arc_easy,zero\r") << 4 << "value"
                                          << "'zero' is not a finite number";
    QTest::newRow("old Mac and CRLF mixed") << QByteArray("model,metric,value\r\nm,loss,2\rm,arc_easy,zero\r\n") << 3 << "value"
                                            << "'zero' is not a finite number";
  }
  void longValuesAreCutInMessages() {
    // A 10 MB cell is named by its first bytes and its length, not echoed
    // whole into a 10 MB message.
    const QByteArray cell(10 * 1024 * 1024, 'x');
    const auto res = parse("model,metric,value\nm,loss," + cell + "\n");
    QVERIFY(!res.ok());
    const std::string shown = res.error->text();
    QVERIFY2(shown.size() < 300, shown.substr(0, 300).c_str());
    QVERIFY2(shown.find("'" + std::string(60, 'x') + "…' (10485760 bytes) is not a finite number") != std::string::npos, shown.c_str());
  }
  void longNamesAreRefused() {
    // A 10 MB model name made `plot` take 35 s and 700 MB: names have a limit.
    const QByteArray name(10 * 1024 * 1024, 'm');
    const auto res = parse("model,metric,value\n" + name + ",loss,2\n");
    QVERIFY(!res.ok());
    const std::string shown = res.error->text();
    QVERIFY2(shown.size() < 300, shown.substr(0, 300).c_str());
    QVERIFY2(shown.find("in.csv:2: column 'model': model name 'mmm") != std::string::npos, shown.c_str());
    QVERIFY2(shown.find("is too long: 10485760 bytes, at most 256 are allowed") != std::string::npos, shown.c_str());
    // 256 bytes is still a name.
    QVERIFY(parse("model,metric,value\n" + QByteArray(256, 'm') + ",loss,2\n").ok());
  }
  void negativeZeroIsZero() {
    // -0 and 0 are one value (the store cannot tell them apart), so a run
    // given -0 is the same run as one given 0.
    const auto res = parse("model,method,ratio,sparsity,metric,value\nm,magnitude,0.5,-0,loss,-0\n");
    QVERIFY2(res.ok(), res.error ? res.error->text().c_str() : "");
    QVERIFY(!std::signbit(*res.batch.runs[0].sparsity));
    QVERIFY(!std::signbit(res.batch.runs[0].metrics[0].value));
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
