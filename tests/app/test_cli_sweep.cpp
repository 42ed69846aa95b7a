// Sweeps on a real one-node Slurm cluster (tests/support/slurm-cluster.sh)
// writing into a real PostgreSQL store: plan, submit as job arrays, a task
// cancelled before it ran and one killed mid-run, status, --missing, and
// every run stored once;
// eight array tasks writing into the store at the same time; the tasks run
// by the Qt-free ratioscope-trial into an output folder and into the store.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <set>

#include "core/io/store/experiment_store.h"
#include "tests/support/pg_server.h"

namespace {
struct Result {
  int code = -1;
  QByteArray out, err;
};
QProcessEnvironment environment;

Result run(const QString& program, const QStringList& args, int timeoutMs = 120000) {
  QProcess p;
  p.setProcessEnvironment(environment);
  p.start(program, args);
  p.waitForFinished(timeoutMs);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}
Result cli(const QStringList& args) { return run(QStringLiteral(RS_CLI), args); }

// The start and end of each task of a job array, from slurmctld (it keeps
// finished jobs for MinJobAge, 300 s; times to the second). A task is done
// (its marker written) a moment before its process ends, so first wait until
// Slurm has none of them left in the queue.
std::vector<std::pair<QDateTime, QDateTime>> taskTimes(const QString& arrayJob) {
  for (int i = 0; i < 120 && !run(QStringLiteral("squeue"), {QStringLiteral("-h"), QStringLiteral("-j"), arrayJob}).out.trimmed().isEmpty(); ++i)
    QTest::qWait(250);
  std::vector<std::pair<QDateTime, QDateTime>> out;
  const Result r = run(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("job"), QStringLiteral("-o"), arrayJob});
  static const QRegularExpression start(QStringLiteral("StartTime=(\\S+)")), end(QStringLiteral("EndTime=(\\S+)"));
  for (const QByteArray& line : r.out.split('\n')) {
    const QString text = QString::fromUtf8(line);
    const auto s = start.match(text), e = end.match(text);
    if (s.hasMatch() && e.hasMatch())
      out.emplace_back(QDateTime::fromString(s.captured(1), Qt::ISODate), QDateTime::fromString(e.captured(1), Qt::ISODate));
  }
  return out;
}
}  // namespace

class TestCliSweep : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<rs::test::PgServer> pg_;
  QString slurm_, manifest_;

  QJsonObject status() {
    const Result r = cli({QStringLiteral("sweep"), QStringLiteral("status"), manifest_, QStringLiteral("--json")});
    return QJsonDocument::fromJson(r.out).object();
  }
  // Waits until every entry is done, failed or missing: none is still in
  // Slurm's queue (pending, running, or completing: a cancelled task's
  // last moments).
  bool settle() {
    for (int i = 0; i < 180; ++i) {
      QJsonObject counts = status().value(QStringLiteral("counts")).toObject();
      for (const char* settled : {"done", "failed", "missing"}) counts.remove(QLatin1String(settled));
      if (counts.isEmpty()) return true;
      QTest::qWait(500);
    }
    return false;
  }

 private Q_SLOTS:
  void initTestCase() {
    pg_ = rs::test::PgServer::forSuite();
    QVERIFY2(pg_->ok(), qPrintable(pg_->error()));
    environment = QProcessEnvironment::systemEnvironment();  // with PGPASSWORD: the jobs inherit it
    slurm_ = dir_.filePath(QStringLiteral("slurm"));
    const Result up = run(QStringLiteral("bash"), {QStringLiteral(RS_SOURCE_DIR "/tests/support/slurm-cluster.sh"), QStringLiteral("start"), slurm_});
    QVERIFY2(up.code == 0, up.err.constData());
    environment.insert(QStringLiteral("SLURM_CONF"), QString::fromUtf8(up.out).trimmed());
  }
  void cleanupTestCase() {
    run(QStringLiteral("bash"), {QStringLiteral(RS_SOURCE_DIR "/tests/support/slurm-cluster.sh"), QStringLiteral("stop"), slurm_});
    pg_.reset();
  }

  void runsASweepAndResubmitsWhatDidNotRun() {
    manifest_ = dir_.filePath(QStringLiteral("sweep.json"));
    const QString db = QString::fromStdString(pg_->url());
    const Result planned = cli({QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"),
                                QStringLiteral("magnitude,rtn"), QStringLiteral("--ratios"), QStringLiteral("0.5"), QStringLiteral("--bits"), QStringLiteral("4"),
                                QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--device"),
                                QStringLiteral("cpu"), QStringLiteral("--cache-dir"), dir_.filePath(QStringLiteral("cache")), QStringLiteral("--db"), db,
                                QStringLiteral("--out"), manifest_});
    QVERIFY2(planned.code == 0, planned.err.constData());
    QVERIFY2(planned.out.contains("3 entries (1 dense, 2 compress)"), planned.out.constData());
    const Result submitted = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--max-parallel"), QStringLiteral("2")});
    QVERIFY2(submitted.code == 0, submitted.err.constData());
    const QList<QByteArray> jobs = submitted.out.trimmed().split('\n');
    QCOMPARE(jobs.size(), 2);  // the dense array, then the compress array after it
    // A task killed before it ran (it waits on the dense array).
    QCOMPARE(run(QStringLiteral("scancel"), {QString::fromUtf8(jobs[1]) + QStringLiteral("_2")}).code, 0);
    QVERIFY(settle());
    QJsonArray entries = status().value(QStringLiteral("entries")).toArray();
    QCOMPARE(entries[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(entries[1].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(entries[2].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    // A plain submit would run everything again: refused.
    const Result again = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_});
    QCOMPARE(again.code, 1);
    QVERIFY2(again.err.contains("already submitted") && again.err.contains("--missing"), again.err.constData());
    const Result missing = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--missing")});
    QVERIFY2(missing.code == 0, missing.err.constData());
    QCOMPARE(missing.out.trimmed().split('\n').size(), 1);  // only the compress entry
    QVERIFY(settle());
    QCOMPARE(status().value(QStringLiteral("counts")).toObject().value(QStringLiteral("done")).toInt(), 3);
    // Every run once: the dense model, magnitude at 0.5, rtn at 4 bits.
    std::string error;
    auto store = rs::ExperimentStore::open(db.toStdString(), error, rs::ExperimentStore::Mode::ReadOnly);
    QVERIFY2(store, error.c_str());
    const auto runs = store->loadRuns(error);
    QCOMPARE(runs.size(), std::size_t(3));
    QStringList methods;
    for (const auto& r : runs) methods << QString::fromStdString(r.method);
    methods.sort();
    QCOMPARE(methods, (QStringList{QStringLiteral("dense"), QStringLiteral("magnitude"), QStringLiteral("rtn")}));
    // Rerunning a stored entry does nothing.
    const Result rerun = cli({QStringLiteral("trial"), QStringLiteral("--manifest"), manifest_, QStringLiteral("--index"), QStringLiteral("1")});
    QVERIFY2(rerun.code == 0 && rerun.err.contains("already done"), rerun.err.constData());
  }

  void refusesBadManifestsAndIndices() {
    const Result outOfRange = cli({QStringLiteral("trial"), QStringLiteral("--manifest"), manifest_, QStringLiteral("--index"), QStringLiteral("7")});
    QCOMPARE(outOfRange.code, 2);
    QVERIFY2(outOfRange.err.contains("--index '7' is not an entry of") && outOfRange.err.contains("(0 to 2)"), outOfRange.err.constData());
    QFile f(manifest_);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    f.close();
    QJsonArray entries = o[QStringLiteral("entries")].toArray();
    QJsonObject e = entries[1].toObject();
    e[QStringLiteral("depends_on")] = QJsonArray{5};
    entries[1] = e;
    o[QStringLiteral("entries")] = entries;
    const QString edited = dir_.filePath(QStringLiteral("edited.json"));
    QFile g(edited);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(QJsonDocument(o).toJson());
    g.close();
    const Result bad = cli({QStringLiteral("sweep"), QStringLiteral("status"), edited});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.contains("edited.json: at /entries/1/depends_on: an entry depends only on earlier entries"), bad.err.constData());
    // No sbatch on the PATH: said so, nothing submitted.
    QProcessEnvironment saved = environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/nonexistent"));
    const Result noSlurm = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--missing")});
    environment = saved;
    QCOMPARE(noSlurm.code, 1);
    QVERIFY2(noSlurm.err.contains("sbatch is not on the PATH"), noSlurm.err.constData());
    // sbatch refusing the job (no such partition): its own message is shown.
    const QString other = dir_.filePath(QStringLiteral("other.json"));
    QCOMPARE(cli({QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"),
                  QStringLiteral("rtn"), QStringLiteral("--cache-dir"), dir_.path(), QStringLiteral("--out-dir"), dir_.filePath(QStringLiteral("out")),
                  QStringLiteral("--out"), other})
                 .code,
             0);
    const Result refused = cli({QStringLiteral("sweep"), QStringLiteral("submit"), other, QStringLiteral("--partition"), QStringLiteral("nosuchpartition")});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains("sbatch failed") && refused.err.contains("partition"), refused.err.constData());
    // A URL with a password never goes into a manifest.
    const Result secret = cli({QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--cache-dir"),
                               dir_.path(), QStringLiteral("--db"), QStringLiteral("postgresql://u:pw@h/db"), QStringLiteral("--out"), dir_.filePath(QStringLiteral("s.json"))});
    QCOMPARE(secret.code, 2);
    QVERIFY2(secret.err.contains("holds a password"), secret.err.constData());
  }

  void aTaskKilledMidRunIsResubmittedOnce() {
    // A compress entry of four slow runs (recovery fine-tuning, about a
    // second each), cancelled while it runs: after its first run landed and
    // before its last. `submit --missing` runs it again, and every run is
    // stored once (the one that had landed is kept as it was).
    manifest_ = dir_.filePath(QStringLiteral("killed.json"));
    const std::string db = pg_->url();
    QCOMPARE(cli({QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"),
                  QStringLiteral("magnitude"), QStringLiteral("--ratios"), QStringLiteral("0.1,0.2,0.3,0.4"), QStringLiteral("--rft-steps"), QStringLiteral("1500"),
                  QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--seeds"), QStringLiteral("11"), QStringLiteral("--threads"), QStringLiteral("1"),
                  QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"), dir_.filePath(QStringLiteral("cache")), QStringLiteral("--db"),
                  QString::fromStdString(db), QStringLiteral("--out"), manifest_})
                 .code,
             0);
    std::string error;
    auto store = rs::ExperimentStore::open(db, error, rs::ExperimentStore::Mode::ReadOnly);
    QVERIFY2(store, error.c_str());
    rs::Selection recovered;
    recovered.conditions.push_back({"seed", rs::Condition::Op::Equal, "11"});
    recovered.conditions.push_back({"method", rs::Condition::Op::Equal, "magnitude+rft"});
    const Result submitted = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_});
    QVERIFY2(submitted.code == 0, submitted.err.constData());
    const QList<QByteArray> jobs = submitted.out.trimmed().split('\n');
    QCOMPARE(jobs.size(), 2);
    std::size_t landed = 0;
    for (int i = 0; i < 1200 && landed == 0; ++i) {
      landed = store->loadRuns(error, recovered).size();
      if (landed == 0) QTest::qWait(100);
    }
    QVERIFY2(landed > 0, error.c_str());
    QCOMPARE(run(QStringLiteral("scancel"), {QString::fromUtf8(jobs[1]) + QStringLiteral("_1")}).code, 0);
    QVERIFY(settle());
    landed = store->loadRuns(error, recovered).size();
    QVERIFY2(landed >= 1 && landed < 4, qPrintable(QStringLiteral("%1 of 4 runs had landed when the task was cancelled").arg(landed)));
    QCOMPARE(status().value(QStringLiteral("entries")).toArray()[1].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("failed"));
    const Result missing = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--missing")});
    QVERIFY2(missing.code == 0, missing.err.constData());
    QVERIFY(settle());
    QCOMPARE(status().value(QStringLiteral("counts")).toObject().value(QStringLiteral("done")).toInt(), 2);
    const auto runs = store->loadRuns(error, recovered);
    QVERIFY2(error.empty(), error.c_str());
    std::set<std::string> keys;  // the four ratios, each once
    for (const auto& r : runs) keys.insert(r.key);
    QCOMPARE(runs.size(), std::size_t(4));
    QCOMPARE(keys.size(), std::size_t(4));
  }

  void eightArrayTasksWriteAtOnce() {
    // Eight independent entries (the same tiny model, seeds 1 to 8), one array
    // with no limit: the node's eight CPUs run them together, and all eight
    // write into the store at once.
    const QString db = QString::fromStdString(pg_->url());
    QJsonArray entries;
    for (int i = 0; i < 8; ++i)
      entries.append(QJsonObject{{QStringLiteral("index"), i},
                                 {QStringLiteral("kind"), QStringLiteral("dense")},
                                 {QStringLiteral("args"), QJsonArray{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"), QString(),
                                                                     QStringLiteral("--seeds"), QString::number(i + 1)}},
                                 {QStringLiteral("depends_on"), QJsonArray{}}});
    // 60 steps (not the 20 above): new runs, and tasks long enough (a few
    // seconds on two cores) that their overlap shows in whole seconds.
    const QJsonObject manifest{{QStringLiteral("ratioscope_sweep"), 1},
                               {QStringLiteral("trial_args"), QJsonArray{QStringLiteral("--steps"), QStringLiteral("60"), QStringLiteral("--threads"), QStringLiteral("1"),
                                                                          QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"),
                                                                          dir_.filePath(QStringLiteral("cache8"))}},
                               {QStringLiteral("db"), db},
                               {QStringLiteral("entries"), entries}};
    manifest_ = dir_.filePath(QStringLiteral("eight.json"));
    QFile f(manifest_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(manifest).toJson());
    f.close();
    std::string error;
    auto store = rs::ExperimentStore::open(db.toStdString(), error, rs::ExperimentStore::Mode::ReadOnly);
    QVERIFY2(store, error.c_str());
    std::set<std::string> before;
    for (const auto& r : store->loadRuns(error)) before.insert(r.key);
    const Result submitted = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_});
    QVERIFY2(submitted.code == 0, submitted.err.constData());
    const QString job = QString::fromUtf8(submitted.out.trimmed());
    QVERIFY(settle());
    QCOMPARE(status().value(QStringLiteral("counts")).toObject().value(QStringLiteral("done")).toInt(), 8);
    // They ran at the same time: every task started before any had ended.
    const auto times = taskTimes(job);
    QCOMPARE(times.size(), std::size_t(8));
    QDateTime lastStart, firstEnd;
    for (const auto& [start, end] : times) {
      QVERIFY2(start.isValid() && end.isValid(), qPrintable(run(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("job"), QStringLiteral("-o"), job}).out));
      if (!lastStart.isValid() || start > lastStart) lastStart = start;
      if (!firstEnd.isValid() || end < firstEnd) firstEnd = end;
    }
    qInfo("eight tasks: the last started %s, the first ended %s", qPrintable(lastStart.toString(Qt::ISODate)), qPrintable(firstEnd.toString(Qt::ISODate)));
    QVERIFY2(lastStart < firstEnd, qPrintable(QStringLiteral("last task started %1, first ended %2").arg(lastStart.toString(Qt::ISODate), firstEnd.toString(Qt::ISODate))));
    // Every run landed exactly once: eight new runs, one per seed (two
    // writers of one run would break the unique key, or leave one run
    // missing and another twice).
    const auto runs = store->loadRuns(error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(runs.size(), before.size() + 8);
    std::vector<std::int64_t> seeds;
    for (const auto& r : runs)
      if (!before.count(r.key)) seeds.push_back(r.seed.value_or(0));
    std::sort(seeds.begin(), seeds.end());
    QCOMPARE(seeds, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
  }

  void tasksRunByTheQtFreeRunner() {
    // Compute nodes with only the trials-only build: the tasks run
    // ratioscope-trial, into an output folder that ratioscope-cli imports.
    manifest_ = dir_.filePath(QStringLiteral("folder.json"));
    const QString out = dir_.filePath(QStringLiteral("results"));
    const QStringList tiny{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--methods"), QStringLiteral("rtn"), QStringLiteral("--bits"),
                           QStringLiteral("4"), QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--threads"), QStringLiteral("1"),
                           QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"), dir_.filePath(QStringLiteral("cache"))};
    QCOMPARE(cli(QStringList{QStringLiteral("sweep"), QStringLiteral("plan")} + tiny + QStringList{QStringLiteral("--out-dir"), out, QStringLiteral("--out"), manifest_}).code, 0);
    const Result submitted = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--runner"), QStringLiteral(RS_TRIAL)});
    QVERIFY2(submitted.code == 0, submitted.err.constData());
    QFile script(manifest_ + QStringLiteral(".sbatch"));
    QVERIFY(script.open(QIODevice::ReadOnly));
    QVERIFY(script.readAll().contains(QByteArray("exec '" RS_TRIAL "' --manifest '") + manifest_.toUtf8()));
    QVERIFY(settle());
    QCOMPARE(status().value(QStringLiteral("counts")).toObject().value(QStringLiteral("done")).toInt(), 2);
    QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden), (QStringList{QStringLiteral("entry-0000.csv"), QStringLiteral("entry-0001.csv")}));
    const QString db = dir_.filePath(QStringLiteral("folder.sqlite"));
    const Result imported = cli({QStringLiteral("import"), out, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(imported.code == 0, imported.err.constData());
    std::string error;
    auto store = rs::ExperimentStore::open(db.toStdString(), error, rs::ExperimentStore::Mode::ReadOnly);
    QVERIFY2(store, error.c_str());
    QCOMPARE(store->loadRuns(error).size(), std::size_t(2));  // dense, rtn 4 bits
    // The same runner writes a sweep planned into the PostgreSQL store: each
    // run lands once, as the tasks run.
    manifest_ = dir_.filePath(QStringLiteral("tostore.json"));
    QCOMPARE(cli(QStringList{QStringLiteral("sweep"), QStringLiteral("plan")} + tiny +
                 QStringList{QStringLiteral("--seeds"), QStringLiteral("9"), QStringLiteral("--db"), QString::fromStdString(pg_->url()), QStringLiteral("--out"), manifest_})
                 .code,
             0);
    auto lab = rs::ExperimentStore::open(pg_->url(), error, rs::ExperimentStore::Mode::ReadOnly);
    QVERIFY2(lab, error.c_str());
    rs::Selection seed9;
    seed9.conditions.push_back({"seed", rs::Condition::Op::Equal, "9"});
    QCOMPARE(lab->loadRuns(error, seed9).size(), std::size_t(0));
    const Result toStore = cli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest_, QStringLiteral("--runner"), QStringLiteral(RS_TRIAL)});
    QVERIFY2(toStore.code == 0, toStore.err.constData());
    QVERIFY(settle());
    QCOMPARE(status().value(QStringLiteral("counts")).toObject().value(QStringLiteral("done")).toInt(), 2);
    const auto landed = lab->loadRuns(error, seed9);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(landed.size(), std::size_t(2));  // dense, rtn 4 bits
    for (const auto& r : landed) QVERIFY2(r.source.producer.rfind("ratioscope-trial trial on cpu", 0) == 0, r.source.producer.c_str());
  }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "test_cli_sweep.moc"
