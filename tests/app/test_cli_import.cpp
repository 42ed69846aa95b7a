// `ratioscope-cli import` end to end: idempotent imports, bad inputs named in
// their messages, a folder of lm-evaluation-harness results imported and
// analysed, and an import killed mid-write.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/run_program.h"

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

QJsonObject json(const Result& r) { return rs::test::jsonObject(r); }

}  // namespace

class TestCliImport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void importIsIdempotent() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("x.sqlite"));
    const Result first = cli({QStringLiteral("import"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(first.code == 0, first.err.constData());
    const QJsonObject a = json(first);
    QVERIFY(a[QStringLiteral("runs_added")].toInt() >= 50);
    QCOMPARE(a[QStringLiteral("runs_skipped")].toInt(), 0);
    const int metrics = a[QStringLiteral("metrics_added")].toInt();
    QVERIFY(metrics > 0);
    QCOMPARE(a[QStringLiteral("files")].toArray().size(), 1);
    const QJsonObject b = json(cli({QStringLiteral("import"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--db"), db, QStringLiteral("--json")}));
    QCOMPARE(b[QStringLiteral("runs_added")].toInt(), 0);
    QCOMPARE(b[QStringLiteral("metrics_added")].toInt(), 0);
    QCOMPARE(b[QStringLiteral("metrics_skipped")].toInt(), metrics);
  }

  void importErrors() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("x.sqlite"));
    QFile bad(dir.filePath(QStringLiteral("bad.csv")));
    bad.open(QIODevice::WriteOnly);
    bad.write("model,metric,value\nm,loss,2\nm,piqa,oops\n");
    bad.close();
    const Result r = cli({QStringLiteral("import"), bad.fileName(), QStringLiteral("--db"), db, QStringLiteral("--json")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("bad.csv:3: column 'value': 'oops' is not a finite number"), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFileInfo::exists(db));  // a failed import leaves no new, empty database behind
    // A database given to import: say what it is, not that its bytes are not UTF-8.
    const Result database = cli({QStringLiteral("import"), QStringLiteral(RS_EXAMPLE_DB), QStringLiteral("--db"), db});
    QCOMPARE(database.code, 1);
    QVERIFY2(database.err.contains("this is an SQLite database, not a results file"), database.err.constData());
    // A file named like a database that is not one.
    QFile junk(dir.filePath(QStringLiteral("junk.sqlite")));
    junk.open(QIODevice::WriteOnly);
    junk.write("model,metric,value\n");
    junk.close();
    const Result notDb = cli({QStringLiteral("runs"), QStringLiteral("--input"), junk.fileName()});
    QCOMPARE(notDb.code, 1);
    QVERIFY2(notDb.err.contains("named like a database, but not an SQLite database"), notDb.err.constData());
    const Result noDb = cli({QStringLiteral("import"), bad.fileName()});
    QCOMPARE(noDb.code, 2);
    QVERIFY(noDb.err.contains("--db DB is required"));
  }

  // A folder of lm-evaluation-harness results (a dense model, three Wanda
  // sparsities placed by a mapping file, and a native 2B model evaluated
  // 25-shot on a 500-example subset) through import and analyze.
  void importsAndAnalyzesLmEvalResults() {
    const QString sweep = QStringLiteral(RS_TEST_DATA "/lm_eval/sweep"), map = QStringLiteral(RS_TEST_DATA "/lm_eval/sweep-map.csv");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    const Result imported = cli({QStringLiteral("import"), sweep, QStringLiteral("--map"), map, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(imported.code == 0, imported.err.constData());
    QCOMPARE(json(imported)[QStringLiteral("runs_added")].toInt(), 5);
    QCOMPARE(json(imported)[QStringLiteral("files")].toArray().size(), 5);
    QVERIFY2(imported.err.contains("wikitext/word_perplexity' is nan (not finite); left out"), imported.err.constData());
    const Result unplaced = cli({QStringLiteral("import"), sweep, QStringLiteral("--db"), dir.filePath(QStringLiteral("other.sqlite"))});
    QCOMPARE(unplaced.code, 0);  // the files name their models: dense runs of five models
    for (const QString& input : {db, sweep}) {
      QStringList args{QStringLiteral("analyze"), QStringLiteral("--input"), input, QStringLiteral("--json")};
      if (input == sweep) args << QStringLiteral("--map") << map;
      const Result r = cli(args);
      QVERIFY2(r.code == 0, r.err.constData());
      const QJsonObject o = json(r);
      double arc = -1, mmlu = -1;
      for (const QJsonValue& v : o[QStringLiteral("dropouts")].toArray()) {
        const QJsonObject d = v.toObject();
        if (d[QStringLiteral("task")].toString() == QLatin1String("arc_challenge/acc")) arc = d[QStringLiteral("ratio")].toDouble();
        if (d[QStringLiteral("task")].toString() == QLatin1String("mmlu/acc")) mmlu = d[QStringLiteral("ratio")].toDouble();
      }
      // arc_challenge: 0.331 ± 0.013 at 0.7 is above chance, 0.262 at 0.9 is not.
      QVERIFY2(arc > 0.7 && arc < 0.9, qPrintable(QString::number(arc)));
      QVERIFY2(mmlu > 0.5 && mmlu < 0.7, qPrintable(QString::number(mmlu)));
      bool sawSeventy = false;
      for (const QJsonValue& v : o[QStringLiteral("fairness")].toArray()) {
        const QJsonObject f = v.toObject();
        if (!f[QStringLiteral("compressed")].toString().contains(QStringLiteral("r=0.7"))) continue;
        sawSeventy = true;
        QCOMPARE(f[QStringLiteral("baseline")].toString(), QStringLiteral("llama-2b · dense"));
        for (const QJsonValue& c : f[QStringLiteral("checks")].toArray()) {
          const QJsonObject check = c.toObject();
          if (check[QStringLiteral("id")].toString() == QLatin1String("budget-match")) QCOMPARE(check[QStringLiteral("verdict")].toString(), QStringLiteral("pass"));
          if (check[QStringLiteral("id")].toString() == QLatin1String("eval-match")) {
            QCOMPARE(check[QStringLiteral("verdict")].toString(), QStringLiteral("fail"));
            QVERIFY2(check[QStringLiteral("evidence")].toString().contains(QStringLiteral("arc_challenge/acc (0 vs 25 shots)")),
                     qPrintable(check[QStringLiteral("evidence")].toString()));
          }
        }
      }
      QVERIFY(sawSeventy);
    }
  }

  void killedImportLeavesDatabaseConsistent() {
    // A large import killed mid-write must leave the database as it was:
    // the transaction is never committed, and WAL recovery discards it.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("big.csv"));
    {
      QFile f(csv);
      f.open(QIODevice::WriteOnly);
      f.write("run,model,method,ratio,metric,value\n");
      for (int i = 0; i < 400000; ++i) f.write(QStringLiteral("r%1,m%2,rtn,0.5,task%3,0.5\n").arg(i / 20).arg((i / 20) % 7).arg(i % 20).toUtf8());
    }
    const QString db = dir.filePath(QStringLiteral("x.sqlite"));
    QProcess p;
    p.start(QStringLiteral(RS_CLI), {QStringLiteral("import"), csv, QStringLiteral("--db"), db});
    // Wait until the write transaction has begun (the WAL grows), then kill.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(db + QStringLiteral("-wal")).size() > 64 * 1024, 60000);
    p.kill();
    p.waitForFinished();
    const Result r = cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    QCOMPARE(json(r)[QStringLiteral("runs")].toArray().size(), 0);
    const Result again = cli({QStringLiteral("import"), csv, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(json(again)[QStringLiteral("metrics_added")].toInt(), 400000);
  }
};

QTEST_GUILESS_MAIN(TestCliImport)
#include "test_cli_import.moc"
