// ratioscope-cli end to end: the real executable, its JSON and its errors for
// runs, plot, laws, fit and analyze. Import is tests/app/test_cli_import.cpp,
// trials tests/app/test_cli_trial.cpp.
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "support/run_program.h"

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

QJsonObject json(const Result& r) { return rs::test::jsonObject(r); }

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
