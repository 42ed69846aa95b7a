// ratioscope-trial, the Qt-free runner (app/trial_main.cpp), running the
// entries of a sweep manifest into an output folder as Slurm array tasks
// would: each entry's file whole, an entry done twice left alone, the folder
// imported by ratioscope-cli, an entry written to a store, and the clear
// refusals (a bad manifest, an index out of range, bad destinations).
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
  int code = -1;
  QByteArray out, err;
};
Result run(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(program, args);
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
Result trial(const QStringList& args) { return run(QStringLiteral(RS_TRIAL), args); }
Result cli(const QStringList& args) { return run(QStringLiteral(RS_CLI), args); }
}  // namespace

class TestTrialMain : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString manifest_, out_;

  // `sweep plan` of a tiny sweep: 1 dense entry, 2 compress entries.
  QString plan(const QString& name, const QStringList& destination) {
    const QString path = dir_.filePath(name);
    const Result r = cli(QStringList{QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"),
                                     QStringLiteral("--methods"), QStringLiteral("magnitude,rtn"), QStringLiteral("--ratios"), QStringLiteral("0.5"),
                                     QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--steps"), QStringLiteral("20"),
                                     QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--device"), QStringLiteral("cpu"),
                                     QStringLiteral("--cache-dir"), dir_.filePath(QStringLiteral("cache")), QStringLiteral("--out"), path} +
                         destination);
    if (r.code != 0) qWarning("%s", r.err.constData());
    return path;
  }

 private Q_SLOTS:
  void initTestCase() {
    out_ = dir_.filePath(QStringLiteral("results"));
    manifest_ = plan(QStringLiteral("sweep.json"), {QStringLiteral("--out-dir"), out_});
    QVERIFY(QFile::exists(manifest_));
  }

  void runsEveryEntryIntoTheFolder() {
    const Result dense = trial({QStringLiteral("--manifest"), manifest_, QStringLiteral("--index"), QStringLiteral("0")});
    QVERIFY2(dense.code == 0, dense.err.constData());
    QVERIFY2(dense.err.contains("entry 0 done"), dense.err.constData());
    // As a Slurm array task: the index from SLURM_ARRAY_TASK_ID.
    for (const char* task : {"1", "2"}) {
      QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
      env.insert(QStringLiteral("SLURM_ARRAY_TASK_ID"), QLatin1String(task));
      const Result r = run(QStringLiteral(RS_TRIAL), {QStringLiteral("--manifest"), manifest_}, env);
      QVERIFY2(r.code == 0, r.err.constData());
      QVERIFY2(r.err.contains(QByteArray("entry ") + task + " done"), r.err.constData());
    }
    // One whole file per entry and nothing half-written beside them.
    QCOMPARE(QDir(out_).entryList(QDir::Files | QDir::Hidden),
             (QStringList{QStringLiteral("entry-0000.csv"), QStringLiteral("entry-0001.csv"), QStringLiteral("entry-0002.csv")}));
    // The compress entries record only their compressed run.
    QFile rtn(out_ + QStringLiteral("/entry-0002.csv"));
    QVERIFY(rtn.open(QIODevice::ReadOnly));
    const QByteArray rows = rtn.readAll();
    QVERIFY(rows.contains("rtn") && !rows.contains(",dense,"));
    // Rerunning an entry that is done does nothing.
    const QDateTime before = QFileInfo(rtn).lastModified();
    const Result again = trial({QStringLiteral("--manifest"), manifest_, QStringLiteral("--index"), QStringLiteral("2")});
    QVERIFY2(again.code == 0 && again.err.contains("entry 2 of " + manifest_.toUtf8() + " is already done; nothing to do"), again.err.constData());
    QCOMPARE(QFileInfo(rtn).lastModified(), before);
    // sweep status reads the folder.
    const Result status = cli({QStringLiteral("sweep"), QStringLiteral("status"), manifest_, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(status.out).object()[QStringLiteral("counts")].toObject()[QStringLiteral("done")].toInt(), 3);
    // ratioscope-cli imports the folder: every run once.
    const QString db = dir_.filePath(QStringLiteral("lab.sqlite"));
    const Result imported = cli({QStringLiteral("import"), out_, QStringLiteral("--db"), db});
    QVERIFY2(imported.code == 0, imported.err.constData());
    const Result runs = cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
    QStringList methods;
    for (const QJsonValue& r : QJsonDocument::fromJson(runs.out).object()[QStringLiteral("runs")].toArray())
      methods << r[QStringLiteral("method")].toString();
    methods.sort();
    QCOMPARE(methods, (QStringList{QStringLiteral("dense"), QStringLiteral("magnitude"), QStringLiteral("rtn")}));
  }

  void refusesAnIndexOutOfRange() {
    const Result r = trial({QStringLiteral("--manifest"), manifest_, QStringLiteral("--index"), QStringLiteral("3")});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err.trimmed(), "ratioscope-trial: --index '3' is not an entry of " + manifest_.toUtf8() + " (0 to 2)");
    const Result none = trial({QStringLiteral("--manifest"), manifest_});
    QCOMPARE(none.code, 2);
    QVERIFY2(none.err.contains("give --index N (or run it as a Slurm array task, which sets SLURM_ARRAY_TASK_ID)"), none.err.constData());
  }

  void refusesAHandEditedManifest() {
    QFile f(manifest_);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    text.replace("\"compress\"", "\"prune\"");
    const QString edited = dir_.filePath(QStringLiteral("edited.json"));
    QFile g(edited);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(text);
    g.close();
    const Result r = trial({QStringLiteral("--manifest"), edited, QStringLiteral("--index"), QStringLiteral("1")});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err.trimmed(), "ratioscope-trial: " + edited.toUtf8() + ": at /entries/1/kind: must be \"dense\" or \"compress\"");
    // The CLI's runner reads manifests with the same reader.
    const Result viaCli = cli({QStringLiteral("trial"), QStringLiteral("--manifest"), edited, QStringLiteral("--index"), QStringLiteral("1")});
    QCOMPARE(viaCli.code, 1);
    QVERIFY2(viaCli.err.contains(edited.toUtf8() + ": at /entries/1/kind: must be \"dense\" or \"compress\""), viaCli.err.constData());
  }

  void writesAStoreOrAFolder() {
    // A manifest that sends its runs to a store: the runner writes them there
    // (test_trials_only_build runs the Qt-free build against SQLite and
    // PostgreSQL, reruns included).
    const QString db = dir_.filePath(QStringLiteral("entries.sqlite"));
    const QString toStore = plan(QStringLiteral("store.json"), {QStringLiteral("--db"), db});
    const Result r = trial({QStringLiteral("--manifest"), toStore, QStringLiteral("--index"), QStringLiteral("0")});
    QVERIFY2(r.code == 0 && r.err.contains("entry 0 done: " + db.toUtf8()), r.err.constData());
    const Result runs = cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(runs.out).object()[QStringLiteral("runs")].toArray().size(), 1);  // the dense run
    // --out-dir sends that entry to a folder instead.
    const QString folder = dir_.filePath(QStringLiteral("instead"));
    const Result instead = trial({QStringLiteral("--manifest"), toStore, QStringLiteral("--index"), QStringLiteral("1"), QStringLiteral("--out-dir"), folder});
    QVERIFY2(instead.code == 0, instead.err.constData());
    QVERIFY(QFile::exists(folder + QStringLiteral("/entry-0001.csv")));
    const Result help = trial({QStringLiteral("--help")});
    QVERIFY(help.out.contains("--manifest SWEEP.json [--index N] [--db URL | --out-dir DIR]") && help.out.contains("(--out CSV [--append] | --db URL)"));
  }

  void refusesBadDestinations() {
    const QStringList tiny{QStringLiteral("--model"), QStringLiteral("mlp-tiny")};
    const Result both = trial(tiny + QStringList{QStringLiteral("--out"), dir_.filePath(QStringLiteral("a.csv")), QStringLiteral("--db"), dir_.filePath(QStringLiteral("a.sqlite"))});
    QCOMPARE(both.code, 2);
    QVERIFY2(both.err.startsWith("ratioscope-trial: give exactly one of --out CSV and --db URL"), both.err.constData());
    const Result append = trial(tiny + QStringList{QStringLiteral("--db"), dir_.filePath(QStringLiteral("a.sqlite")), QStringLiteral("--append")});
    QCOMPARE(append.code, 2);
    QCOMPARE(append.err.trimmed(), QByteArray("ratioscope-trial: --append is for --out CSV; a store keeps the runs it has"));
    // A results file is not a store.
    const QString csv = dir_.filePath(QStringLiteral("results.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("model,metric,value\nm,loss,1\n");
    f.close();
    const Result notStore = trial(tiny + QStringList{QStringLiteral("--db"), csv});
    QCOMPARE(notStore.code, 2);
    QCOMPARE(notStore.err.trimmed(), "ratioscope-trial: " + csv.toUtf8() + ": not an SQLite database (an experiment database starts with the SQLite header)");
  }
};

QTEST_GUILESS_MAIN(TestTrialMain)
#include "test_trial_main.moc"
