// `ratioscope-cli trial` and the Qt-free `ratioscope-trial` end to end: the
// real executables (LibTorch), their CSV and database output, their errors and
// a sweep killed between runs. Apart from the other CLI suites because these
// are the ones that need the trials runners: the sanitizer build
// (scripts/sanitize.sh) builds the CLI without them.
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

class TestCliTrial : public QObject {
  Q_OBJECT
 private Q_SLOTS:
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
    QTest::newRow("learning rate zero") << QStringList{QStringLiteral("--lr"), QStringLiteral("0")} << "trial: --lr takes a number in (0, 1], e.g. 0.002";
    QTest::newRow("learning rate words") << QStringList{QStringLiteral("--lr"), QStringLiteral("fast")} << "trial: --lr takes a number in (0, 1], e.g. 0.002";
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

  void learningRateIsPartOfTheRun() {
    // Two sweeps that differ only in the learning rate are two sets of runs,
    // trained differently: appending the second keeps both, and the key
    // names the rate when it is not the model's own.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("lr.csv"));
    const QStringList sweep{QStringLiteral("trial"), QStringLiteral("--model"), QStringLiteral("tf-femto"), QStringLiteral("--methods"), QString(),
                            QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--device"), QStringLiteral("cpu"),
                            QStringLiteral("--cache-dir"), QStringLiteral("none"), QStringLiteral("--out"), csv};
    const Result plain = cli(sweep);
    QVERIFY2(plain.code == 0, plain.err.constData());
    const Result slower = cli(sweep + QStringList{QStringLiteral("--lr"), QStringLiteral("0.0003"), QStringLiteral("--append")});
    QVERIFY2(slower.code == 0, slower.err.constData());
    QVERIFY2(!slower.err.contains("already in the CSV"), slower.err.constData());
    const QJsonArray runs = json(cli({QStringLiteral("runs"), QStringLiteral("--input"), csv, QStringLiteral("--json")}))[QStringLiteral("runs")].toArray();
    QCOMPARE(runs.size(), 2);
    QStringList keys;
    double loss[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
      keys << runs[i][QStringLiteral("run")].toString();
      for (const QJsonValue& m : runs[i][QStringLiteral("metrics")].toArray())
        if (m[QStringLiteral("name")].toString() == QLatin1String("loss")) loss[i] = m[QStringLiteral("value")].toDouble();
    }
    QVERIFY2(keys[0].endsWith(QLatin1String("/rft0")) && keys[1].endsWith(QLatin1String("/rft0/lr0.0003")), qPrintable(keys.join(QLatin1Char(' '))));
    // Twenty steps at 0.0003 barely move tf-femto; at its own 0.008 it learns.
    QVERIFY2(loss[0] < loss[1] - 0.05, qPrintable(QStringLiteral("%1 %2").arg(loss[0]).arg(loss[1])));
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
    const Result badRate = trial({QStringLiteral("--lr"), QStringLiteral("2"), QStringLiteral("--out"), dir.filePath(QStringLiteral("x.csv"))});
    QVERIFY2(badRate.code == 2 && badRate.err.contains("--lr: cannot read '2'"), badRate.err.constData());
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
};

QTEST_GUILESS_MAIN(TestCliTrial)
#include "test_cli_trial.moc"
