// ratioscope-cli end to end: the real executable, its JSON and its errors.
#include <QImage>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "support/run_program.h"

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

QJsonObject json(const Result& r) {
  QJsonParseError e;
  const QJsonDocument d = QJsonDocument::fromJson(r.out, &e);
  if (e.error != QJsonParseError::NoError) qWarning("not JSON: %s\n%s", qPrintable(e.errorString()), r.out.constData());
  return d.object();
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void versionAndHelp() {
    const Result v = cli({QStringLiteral("--version")});
    QCOMPARE(v.code, 0);
    QVERIFY(v.out.startsWith("ratioscope-cli "));
    QVERIFY(v.out.contains("Qt 6") && v.out.contains("Ceres") && v.out.contains("LibTorch"));
    const Result h = cli({QStringLiteral("--help")});
    QCOMPARE(h.code, 0);
    QVERIFY(h.out.contains("import PATH... --db DB") && h.out.contains("plot --input"));
    const Result none = cli({});
    QCOMPARE(none.code, 2);
    const Result bad = cli({QStringLiteral("frobnicate")});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("unknown command 'frobnicate'"));
  }

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

  void listsRunsAsJson() {
    const Result r = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--where"),
                          QStringLiteral("method=rtn"), QStringLiteral("--where"), QStringLiteral("bits<=4"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonArray runs = json(r)[QStringLiteral("runs")].toArray();
    QVERIFY(runs.size() >= 2);
    for (const QJsonValue& v : runs) {
      const QJsonObject run = v.toObject();
      QCOMPARE(run[QStringLiteral("method")].toString(), QStringLiteral("rtn"));
      QVERIFY(run[QStringLiteral("bits")].toDouble() <= 4);
      QVERIFY(run[QStringLiteral("ratio")].toDouble() > 0);
      QVERIFY(run[QStringLiteral("axes")].toObject()[QStringLiteral("fold")].toDouble() > 1);
      QVERIFY(!run[QStringLiteral("metrics")].toArray().isEmpty());
      const QJsonObject m = run[QStringLiteral("metrics")].toArray().first().toObject();
      QVERIFY(m.contains(QStringLiteral("name")) && m.contains(QStringLiteral("value")) && m.contains(QStringLiteral("stderr")));
    }
    const Result badWhere = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--where"), QStringLiteral("colour=red")});
    QCOMPARE(badWhere.code, 2);
    QVERIFY(badWhere.err.contains("unknown field 'colour'"));
    const Result missing = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral("/nonexistent.sqlite")});
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.contains("/nonexistent.sqlite: no such file"));
  }

  void readsTheBuiltExampleDatabase() {
    const Result r = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_DB), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonArray runs = json(r)[QStringLiteral("runs")].toArray();
    QVERIFY(runs.size() >= 50);
    QVERIFY(runs.first().toObject()[QStringLiteral("source")].toString().contains(QStringLiteral("compression-example.csv:")));
  }

  void plotsEveryFormat() {
    QTemporaryDir dir;
    for (const char* suffix : {"pdf", "svg", "png"}) {
      const QString out = dir.filePath(QStringLiteral("fig.") + QLatin1String(suffix));
      const Result r = cli({QStringLiteral("plot"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--metric"),
                            QStringLiteral("arc_easy"), QStringLiteral("--x"), QStringLiteral("ratio"), QStringLiteral("--out"), out,
                            QStringLiteral("--width-mm"), QStringLiteral("85"), QStringLiteral("--dpi"), QStringLiteral("200")});
      QVERIFY2(r.code == 0, r.err.constData());
      QVERIFY(QFileInfo(out).size() > 1000);
    }
    QImage png(dir.filePath(QStringLiteral("fig.png")));
    QCOMPARE(png.width(), qRound(85 / 25.4 * 200));
  }

  void listsLaws() {
    const Result r = cli({QStringLiteral("laws"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonArray laws = json(r)[QStringLiteral("laws")].toArray();
    QStringList ids;
    for (const QJsonValue& v : laws) ids << v.toObject()[QStringLiteral("id")].toString();
    for (const char* id : {"kaplan-n", "kaplan-d", "kaplan-nd", "chinchilla", "compression", "compression-quadratic",
                           "compression-linear", "gadre-downstream", "power", "logistic", "segmented", "epm", "capacity"})
      QVERIFY2(ids.contains(QLatin1String(id)), id);
    for (const QJsonValue& v : laws) {
      const QJsonObject law = v.toObject();
      if (law[QStringLiteral("id")].toString() != QLatin1String("chinchilla")) continue;
      QCOMPARE(law[QStringLiteral("default_starts")].toInt(), 4500);
      QCOMPARE(law[QStringLiteral("params")].toArray().size(), 5);
      QVERIFY(law[QStringLiteral("formula_latex")].toString().contains(QStringLiteral("\\frac")));
    }
  }

  void fitsALaw() {
    const Result r = cli({QStringLiteral("fit"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--law"),
                          QStringLiteral("compression-quadratic"), QStringLiteral("--where"), QStringLiteral("model=synth-llama-7b"),
                          QStringLiteral("--where"), QStringLiteral("method=magnitude"), QStringLiteral("--bootstrap"), QStringLiteral("100"),
                          QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--holdout-above"), QStringLiteral("0.6"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = json(r);
    QCOMPARE(o[QStringLiteral("law")].toString(), QStringLiteral("compression-quadratic"));
    QCOMPARE(o[QStringLiteral("n_points")].toInt(), 27);  // 9 ratios x 3 seeds; the dense run is the anchor
    const QJsonObject b = o[QStringLiteral("params")].toObject()[QStringLiteral("b")].toObject();
    // The example's generator used b = 1.2 for magnitude pruning (datasets/README.md).
    QVERIFY(b[QStringLiteral("ci_low")].toDouble() < 1.2 && 1.2 < b[QStringLiteral("ci_high")].toDouble());
    for (const char* key : {"objective", "r2", "rmse", "aic", "bic", "starts", "converged", "seconds"}) QVERIFY2(o.contains(QLatin1String(key)), key);
    QCOMPARE(o[QStringLiteral("holdout")].toObject()[QStringLiteral("n_test")].toInt(), 9);
    QCOMPARE(o[QStringLiteral("bootstrap")].toObject()[QStringLiteral("succeeded")].toInt(), 100);
    // With --bootstrap the errors are the bootstrap's, and the JSON says so.
    QCOMPARE(o[QStringLiteral("error_method")].toString(), QStringLiteral("bootstrap"));
    QVERIFY(o[QStringLiteral("influence")].isArray());
    // --errors picks the estimator; the text report names it.
    const Result sandwich = cli({QStringLiteral("fit"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--law"),
                             QStringLiteral("compression-quadratic"), QStringLiteral("--where"), QStringLiteral("model=synth-llama-7b"),
                             QStringLiteral("--where"), QStringLiteral("method=magnitude"), QStringLiteral("--errors"), QStringLiteral("sandwich")});
    QVERIFY2(sandwich.code == 0, sandwich.err.constData());
    QVERIFY2(sandwich.out.contains("errors: sandwich"), sandwich.out.constData());
    // Same seed, same intervals.
    const Result again = cli({QStringLiteral("fit"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--law"),
                              QStringLiteral("compression-quadratic"), QStringLiteral("--where"), QStringLiteral("model=synth-llama-7b"),
                              QStringLiteral("--where"), QStringLiteral("method=magnitude"), QStringLiteral("--bootstrap"), QStringLiteral("100"),
                              QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--holdout-above"), QStringLiteral("0.6"), QStringLiteral("--json")});
    QCOMPARE(json(again)[QStringLiteral("params")].toObject()[QStringLiteral("b")].toObject()[QStringLiteral("ci_low")].toDouble(),
             b[QStringLiteral("ci_low")].toDouble());
  }

  void analyzes() {
    const Result r = cli({QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--where"),
                          QStringLiteral("model=synth-llama-7b"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = json(r);
    const QJsonArray dropouts = o[QStringLiteral("dropouts")].toArray();
    QVERIFY(!dropouts.isEmpty());
    // The example was generated with mmlu collapsing before piqa under magnitude pruning.
    double mmlu = -1, piqa = -1;
    QString piqaStatus;
    for (const QJsonValue& v : dropouts) {
      const QJsonObject d = v.toObject();
      if (d[QStringLiteral("series")].toString() != QStringLiteral("synth-llama-7b · magnitude")) continue;
      for (const char* key : {"series", "task", "ratio", "ci_low", "ci_high", "criterion", "status", "explanation"}) QVERIFY2(d.contains(QLatin1String(key)), key);
      if (d[QStringLiteral("task")].toString() == QLatin1String("mmlu")) mmlu = d[QStringLiteral("ratio")].toDouble();
      if (d[QStringLiteral("task")].toString() == QLatin1String("piqa")) piqaStatus = d[QStringLiteral("status")].toString(), piqa = d[QStringLiteral("ratio")].toDouble(2);
    }
    QVERIFY(mmlu > 0.4 && mmlu < 0.8);
    QVERIFY(piqaStatus == QLatin1String("never") || piqa > mmlu);
    const QJsonArray knees = o[QStringLiteral("knees")].toArray();
    QStringList methods;
    for (const QJsonValue& v : knees) methods << v.toObject()[QStringLiteral("method")].toString();
    QVERIFY(methods.contains(QStringLiteral("kneedle")) && methods.contains(QStringLiteral("max-curvature")) && methods.contains(QStringLiteral("segmented")));
    QVERIFY(!o[QStringLiteral("categories")].toArray().isEmpty());
    const QJsonArray fairness = o[QStringLiteral("fairness")].toArray();
    QVERIFY(!fairness.isEmpty());
    QStringList checks;
    for (const QJsonValue& v : fairness.first().toObject()[QStringLiteral("checks")].toArray()) checks << v.toObject()[QStringLiteral("id")].toString();
    QCOMPARE(checks, (QStringList{QStringLiteral("budget-match"), QStringLiteral("baseline-training"), QStringLiteral("eval-match"),
                                  QStringLiteral("data-confound"), QStringLiteral("significance"), QStringLiteral("average-hides-collapse"),
                                  QStringLiteral("seeds")}));
    const Result bad = cli({QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--dropout"), QStringLiteral("headroom:2")});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("--dropout must be chance, chance+MARGIN or headroom:SHARE"));
    const Result badLaw = cli({QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--dense-law"), QStringLiteral("foo")});
    QCOMPARE(badLaw.code, 2);
    QVERIFY(badLaw.err.contains("--dense-law must be auto, chinchilla, kaplan-nd or power, not 'foo'"));
    // The text report has every section the JSON has.
    const Result text = cli({QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--dense-law"), QStringLiteral("kaplan-nd")});
    QVERIFY2(text.code == 0, text.err.constData());
    for (const char* section : {"Capability dropout", "Categories", "Knees", "Effective parameters", "Native-small frontier", "Fairness"})
      QVERIFY2(text.out.contains(section), section);
    QVERIFY(text.out.contains("N_eff / N_eff(parent)"));
  }

  void runsTrials() {
    const Result list = cli({QStringLiteral("trial"), QStringLiteral("--list")});
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains("mlp-small") && list.out.contains("nm24"));
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("t.csv")), db = dir.filePath(QStringLiteral("t.sqlite"));
    const QStringList sweep{QStringLiteral("trial"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"),
                            QStringLiteral("magnitude,rtn"), QStringLiteral("--ratios"), QStringLiteral("0,0.5"), QStringLiteral("--bits"),
                            QStringLiteral("4"), QStringLiteral("--steps"), QStringLiteral("50"), QStringLiteral("--device"), QStringLiteral("cpu"),
                            QStringLiteral("--cache-dir"), QStringLiteral("none")};
    const Result toCsv = cli(sweep + QStringList{QStringLiteral("--out"), csv});
    QVERIFY2(toCsv.code == 0, toCsv.err.constData());
    QVERIFY(toCsv.err.contains("trial 3:"));  // a progress line per run
    // The CSV is the long shape every other command reads.
    const Result runs = cli({QStringLiteral("runs"), QStringLiteral("--input"), csv, QStringLiteral("--json")});
    QVERIFY2(runs.code == 0, runs.err.constData());
    QCOMPARE(json(runs)[QStringLiteral("runs")].toArray().size(), 3);  // dense, magnitude 0.5, rtn 4-bit
    QCOMPARE(json(runs)[QStringLiteral("runs")].toArray().first().toObject()[QStringLiteral("device")].toString(), QStringLiteral("cpu"));
    // A second sweep appended to the same CSV: its dense run is already there and kept once.
    QStringList lowrank = sweep;
    lowrank[lowrank.indexOf(QStringLiteral("magnitude,rtn"))] = QStringLiteral("lowrank");
    const Result appended = cli(lowrank + QStringList{QStringLiteral("--out"), csv, QStringLiteral("--append")});
    QVERIFY2(appended.code == 0, appended.err.constData());
    QVERIFY(appended.err.contains("already in the CSV, kept"));
    const Result both4 = cli({QStringLiteral("runs"), QStringLiteral("--input"), csv, QStringLiteral("--json")});
    QVERIFY2(both4.code == 0, both4.err.constData());
    QCOMPARE(json(both4)[QStringLiteral("runs")].toArray().size(), 4);  // + lowrank 0.5
    // A CSV with other columns (an older version's) is not appended to: the rows would misalign.
    QFile old(dir.filePath(QStringLiteral("old.csv")));
    old.open(QIODevice::WriteOnly);
    old.write("run,family,model,method,params,metric,value\nx,f,m,,1e5,loss,2\n");
    old.close();
    const Result misaligned = cli(lowrank + QStringList{QStringLiteral("--out"), old.fileName(), QStringLiteral("--append")});
    QCOMPARE(misaligned.code, 1);
    QVERIFY2(misaligned.err.contains("its columns differ from this version's long CSV"), misaligned.err.constData());
    const Result toDb = cli(sweep + QStringList{QStringLiteral("--db"), db});
    QVERIFY2(toDb.code == 0, toDb.err.constData());
    const QJsonArray stored = json(cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")}))[QStringLiteral("runs")].toArray();
    QCOMPARE(stored.size(), 3);
    QCOMPARE(stored.first().toObject()[QStringLiteral("device")].toString(), QStringLiteral("cpu"));
    QVERIFY(stored.first().toObject()[QStringLiteral("source")].toString().contains(QStringLiteral("on cpu")));
    // The same sweep again (a resumed one): every run is already stored and kept as it is.
    const Result again = cli(sweep + QStringList{QStringLiteral("--db"), db});
    QVERIFY2(again.code == 0 && again.err.count("already in the database, kept") == 3 && again.err.contains("0 runs written to"), again.err.constData());
    QCOMPARE(json(cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")}))[QStringLiteral("runs")].toArray().size(), 3);
    const Result both = cli(sweep + QStringList{QStringLiteral("--out"), csv, QStringLiteral("--db"), db});
    QCOMPARE(both.code, 2);
    QVERIFY(both.err.contains("exactly one of --db DB or --out CSV"));
  }

  void trialErrors_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown model") << QStringList{QStringLiteral("--model"), QStringLiteral("gpt-5")} << "unknown model 'gpt-5'; see trial --list";
    QTest::newRow("heads on an MLP") << QStringList{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"), QStringLiteral("heads")}
                                     << "method 'heads' prunes attention heads: 'mlp-tiny' has none";
    QTest::newRow("distill alone") << QStringList{QStringLiteral("--distill")} << "--distill needs --rft-steps N or --rft-tokens N";
    QTest::newRow("bad rft tokens") << QStringList{QStringLiteral("--rft-tokens"), QStringLiteral("many")} << "--rft-tokens takes a number >= 0";
    QTest::newRow("both budgets") << QStringList{QStringLiteral("--rft-tokens"), QStringLiteral("100"), QStringLiteral("--rft-steps"), QStringLiteral("3")}
                                  << "give --rft-steps or --rft-tokens, not both";
    QTest::newRow("steps and tokens per param") << QStringList{QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--tokens-per-param"), QStringLiteral("20")}
                                                << "give --steps or --tokens-per-param, not both";
    QTest::newRow("bad budget") << QStringList{QStringLiteral("--tokens-per-param"), QStringLiteral("0")} << "--tokens-per-param takes a positive number";
    QTest::newRow("bad baseline") << QStringList{QStringLiteral("--model"), QStringLiteral("tf-small"), QStringLiteral("--baselines"), QStringLiteral("mlp-tiny")}
                                  << "baseline 'mlp-tiny' is not a transformer like 'tf-small'";
  }
  void trialErrors() {
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const Result r = cli(QStringList{QStringLiteral("trial"), QStringLiteral("--cache-dir"), QStringLiteral("none"), QStringLiteral("--out"),
                                     dir.filePath(QStringLiteral("t.csv"))} + extra);
    QCOMPARE(r.code, 2);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
  }

  void qtFreeTrialRunnerWritesTheSameCsv() {
    // ratioscope-trial (no Qt, for a GPU server) writes the long CSV the CLI reads.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("gpu.csv"));
    auto trial = [](const QStringList& args) {
      QProcess p;
      p.start(QStringLiteral(RS_TRIAL), args);
      p.waitForFinished(120000);
      return Result{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
    };
    const QStringList sweep{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"), QStringLiteral("magnitude"),
                            QStringLiteral("--ratios"), QStringLiteral("0,0.5"), QStringLiteral("--steps"), QStringLiteral("20"),
                            QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"), QStringLiteral("none"),
                            QStringLiteral("--out"), csv};
    const Result first = trial(sweep);
    QVERIFY2(first.code == 0, first.err.constData());
    QStringList more = sweep;
    more[more.indexOf(QStringLiteral("magnitude"))] = QStringLiteral("lowrank");
    const Result second = trial(more + QStringList{QStringLiteral("--append")});
    QVERIFY2(second.code == 0, second.err.constData());
    QVERIFY(second.err.contains("already in the CSV, kept"));  // the dense run
    const Result runs = cli({QStringLiteral("runs"), QStringLiteral("--input"), csv, QStringLiteral("--json")});
    QVERIFY2(runs.code == 0, runs.err.constData());
    const QJsonArray list = json(runs)[QStringLiteral("runs")].toArray();
    QCOMPARE(list.size(), 3);  // dense, magnitude 0.5, lowrank 0.5
    for (const QJsonValue& r : list) QCOMPARE(r[QStringLiteral("metrics")].toArray().size(), 5);
    QVERIFY(trial({QStringLiteral("--list")}).out.contains("tf-small"));
    const Result noOut = trial({QStringLiteral("--model"), QStringLiteral("mlp-tiny")});
    QCOMPARE(noOut.code, 2);
    QVERIFY(noOut.err.contains("give exactly one of --out CSV and --db URL"));
    const Result badSteps = trial({QStringLiteral("--steps"), QStringLiteral("many"), QStringLiteral("--out"), csv});
    QCOMPARE(badSteps.code, 2);
    QVERIFY(badSteps.err.contains("--steps: cannot read 'many'"));
    const Result unknown = trial({QStringLiteral("--frobnicate"), QStringLiteral("1")});
    QVERIFY(unknown.code == 2 && unknown.err.contains("unknown option '--frobnicate'"));
    const Result badModel = trial({QStringLiteral("--model"), QStringLiteral("gpt-5"), QStringLiteral("--out"), dir.filePath(QStringLiteral("x.csv"))});
    QVERIFY(badModel.code == 2 && badModel.err.contains("unknown model 'gpt-5'"));
    const Result twoBudgets = trial({QStringLiteral("--steps"), QStringLiteral("5"), QStringLiteral("--tokens-per-param"), QStringLiteral("20"),
                                     QStringLiteral("--out"), dir.filePath(QStringLiteral("x.csv"))});
    QVERIFY(twoBudgets.code == 2 && twoBudgets.err.contains("give --steps or --tokens-per-param, not both"));
    const Result twoRecoveries = trial({QStringLiteral("--rft-steps"), QStringLiteral("5"), QStringLiteral("--rft-tokens"), QStringLiteral("100"),
                                        QStringLiteral("--out"), dir.filePath(QStringLiteral("x.csv"))});
    QVERIFY(twoRecoveries.code == 2 && twoRecoveries.err.contains("give --rft-steps or --rft-tokens, not both"));
    const Result version = trial({QStringLiteral("--version")});
    QVERIFY(version.code == 0 && version.out.startsWith("ratioscope-trial ") && version.out.contains("LibTorch"));
  }

  void killedSweepLeavesDatabaseConsistent() {
    // A sweep killed between runs keeps every run that landed, whole (one
    // transaction per run), and running it again completes it without conflict.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("t.sqlite"));
    const QStringList sweep{QStringLiteral("trial"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"),
                            QStringLiteral("magnitude,lowrank"), QStringLiteral("--ratios"), QStringLiteral("0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9"),
                            QStringLiteral("--steps"), QStringLiteral("30"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"),
                            QStringLiteral("none"), QStringLiteral("--db"), db};
    QProcess p;
    p.start(QStringLiteral(RS_CLI), sweep);
    QByteArray progress;
    QTRY_VERIFY_WITH_TIMEOUT((progress += p.readAllStandardError()).contains("trial 3:"), 120000);
    p.kill();
    p.waitForFinished();
    const Result partial = cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
    QVERIFY2(partial.code == 0, partial.err.constData());
    const QJsonArray landed = json(partial)[QStringLiteral("runs")].toArray();
    QVERIFY(landed.size() >= 3 && landed.size() < 19);
    for (const QJsonValue& run : landed) QCOMPARE(run[QStringLiteral("metrics")].toArray().size(), 5);  // no half-written run
    const Result again = cli(sweep);
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(json(cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")}))[QStringLiteral("runs")].toArray().size(), 19);
  }

  void fitErrors_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("no law") << QStringList{} << 2 << "--law ID is required; laws: kaplan-n";
    QTest::newRow("unknown law") << QStringList{QStringLiteral("--law"), QStringLiteral("moore")} << 2 << "unknown law 'moore'";
    QTest::newRow("bad robust") << QStringList{QStringLiteral("--law"), QStringLiteral("power"), QStringLiteral("--robust"), QStringLiteral("huber")}
                                << 2 << "--robust must be none, huber:DELTA or cauchy:DELTA";
    QTest::newRow("too few points") << QStringList{QStringLiteral("--law"), QStringLiteral("chinchilla"), QStringLiteral("--where"), QStringLiteral("method=dense")}
                                    << 1 << "cannot fit chinchilla: 4 points for 5 parameters";
    QTest::newRow("axis for a named law") << QStringList{QStringLiteral("--law"), QStringLiteral("compression-quadratic"), QStringLiteral("--x"), QStringLiteral("bits")}
                                          << 2 << "--x applies to the generic shapes (power, logistic, ...); compression-quadratic reads its own variables";
    QTest::newRow("bad starts") << QStringList{QStringLiteral("--law"), QStringLiteral("power"), QStringLiteral("--starts"), QStringLiteral("many")}
                                << 2 << "--starts must be grid or a positive number";
    QTest::newRow("bad errors") << QStringList{QStringLiteral("--law"), QStringLiteral("power"), QStringLiteral("--errors"), QStringLiteral("jackknife")}
                                << 2 << "--errors must be wald, sandwich or bootstrap";
  }
  void fitErrors() {
    QFETCH(QStringList, extra);
    QFETCH(int, code);
    QFETCH(QString, message);
    const Result r = cli(QStringList{QStringLiteral("fit"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV)} + extra);
    QCOMPARE(r.code, code);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
  }

  void plotErrors_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown metric") << QStringList{QStringLiteral("--metric"), QStringLiteral("bleu"), QStringLiteral("--out"), QStringLiteral("x.pdf")}
                                    << 1 << "no selected run has metric 'bleu'; metrics present: arc_challenge";
    QTest::newRow("bad axis") << QStringList{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--x"), QStringLiteral("speed"), QStringLiteral("--out"), QStringLiteral("x.pdf")}
                              << 2 << "--x must be one of ratio|fold|bits|params|tokens";
    QTest::newRow("bad format") << QStringList{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--out"), QStringLiteral("x.jpg")}
                                << 1 << "unknown figure format '.jpg'";
    QTest::newRow("no out") << QStringList{QStringLiteral("--metric"), QStringLiteral("loss")} << 2 << "--out FILE.pdf|.svg|.png is required";
    QTest::newRow("bad width") << QStringList{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--out"), QStringLiteral("x.pdf"),
                                              QStringLiteral("--width-mm"), QStringLiteral("5")}
                               << 2 << "width must be between 20 and 1000 mm";
    QTest::newRow("selection empty") << QStringList{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--out"), QStringLiteral("x.pdf"),
                                                    QStringLiteral("--where"), QStringLiteral("model=nope")}
                                     << 1 << "no run matches the --where filters (";
  }
  void plotErrors() {
    QFETCH(QStringList, extra);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QStringList args{QStringLiteral("plot"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV)};
    for (QString a : extra) args << (a.startsWith(QLatin1String("x.")) ? dir.filePath(a) : a);
    const Result r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
