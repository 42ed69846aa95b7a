// The trials-only build (-DRATIOSCOPE_TRIALS_ONLY=ON: LibTorch, no Qt, no
// Ceres), as a GPU server would build it, configured and built here into
// build/trials-only with ccache, and its ratioscope-trial writing sweep
// entries into an SQLite file and into a real PostgreSQL server
// (tests/support/pg_server.h): every run stored once, a rerun storing nothing
// new, and the messages of stores it cannot open, also from a build that
// found neither client library.
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "core/io/store/experiment_store.h"
#include "tests/support/pg_server.h"
#include "tests/support/run_program.h"

namespace {

using rs::test::ProgramResult;
using rs::test::runCli;
using rs::test::runProgram;

const QString kBuildDir = QStringLiteral(RS_BINARY_DIR "/trials-only");

// The stored runs' methods, sorted, and how many runs there are.
QStringList methodsIn(const std::string& url, std::string& error) {
  auto store = rs::ExperimentStore::open(url, error, rs::ExperimentStore::Mode::ReadOnly);
  if (!store) return {};
  QStringList methods;
  for (const rs::Run& r : store->loadRuns(error)) {
    methods << QString::fromStdString(r.method);
    // The trials-only runner names itself as the runs' producer.
    if (r.source.producer.rfind("ratioscope-trial trial on cpu", 0) != 0) error = "producer '" + r.source.producer + "'";
  }
  methods.sort();
  return methods;
}

}  // namespace

class TestTrialsOnlyBuild : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString trial_;

  ProgramResult trial(const QStringList& args) { return runProgram(trial_, args); }

  // Builds ratioscope-trial as README's "Trials on another machine" says,
  // into `dir`, with scripts/build-trials-only.sh (which the test command
  // has already run for both variants, so this is a no-op there; run alone,
  // a cold ccache compiles the LibTorch sources: minutes). Returns the
  // script's output when it failed.
  static QByteArray build(const QString& dir, const QStringList& options) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("bash"), QStringList{QStringLiteral(RS_SOURCE_DIR "/scripts/build-trials-only.sh"), dir} + options);
    if (!p.waitForFinished(1500000)) p.kill();
    const QByteArray out = p.readAll();
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0 ? QByteArray() : out.right(4000) + " (the build failed)";
  }

  // `sweep plan` (the full build's CLI) of a tiny sweep: 1 dense entry, 2 compress entries.
  QString plan(const QString& name, const QString& db) {
    const QString path = dir_.filePath(name);
    const ProgramResult r = runCli({QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QStringLiteral("mlp-tiny"),
                                    QStringLiteral("--methods"), QStringLiteral("magnitude,rtn"), QStringLiteral("--ratios"), QStringLiteral("0.5"),
                                    QStringLiteral("--bits"), QStringLiteral("4"), QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--threads"),
                                    QStringLiteral("1"), QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--cache-dir"),
                                    dir_.filePath(QStringLiteral("cache")), QStringLiteral("--db"), db, QStringLiteral("--out"), path});
    if (r.code != 0) qWarning("%s", r.err.constData());
    return path;
  }

  // Runs every entry of `manifest` (with `extra` arguments), checks the
  // store holds each run once, then that reruns store nothing new.
  void runsEveryEntryOnce(const QString& manifest, const std::string& url, const QStringList& extra) {
    for (const char* index : {"0", "1", "2"}) {
      const ProgramResult r = trial(QStringList{QStringLiteral("--manifest"), manifest, QStringLiteral("--index"), QLatin1String(index)} + extra);
      QVERIFY2(r.code == 0, r.err.constData());
      QVERIFY2(r.err.contains(QByteArray("entry ") + index + " done: " + QByteArray::fromStdString(rs::ExperimentStore::withoutPassword(url))), r.err.constData());
    }
    std::string error;
    QCOMPARE(methodsIn(url, error), (QStringList{QStringLiteral("dense"), QStringLiteral("magnitude"), QStringLiteral("rtn")}));
    QVERIFY2(error.empty(), error.c_str());
    // An entry that is done does nothing.
    const ProgramResult again = trial(QStringList{QStringLiteral("--manifest"), manifest, QStringLiteral("--index"), QStringLiteral("2")} + extra);
    QVERIFY2(again.code == 0 && again.err.contains("entry 2 of " + manifest.toUtf8() + " is already done; nothing to do"), again.err.constData());
    // A task killed after its runs landed but before it was marked done runs
    // again: its run is kept as stored, and nothing is added.
    QVERIFY(QFile::remove(manifest + QStringLiteral(".state/entry-1.done")));
    const ProgramResult rerun = trial(QStringList{QStringLiteral("--manifest"), manifest, QStringLiteral("--index"), QStringLiteral("1")} + extra);
    QVERIFY2(rerun.code == 0, rerun.err.constData());
    QVERIFY2(rerun.err.contains("already in " + QByteArray::fromStdString(rs::ExperimentStore::withoutPassword(url)) + ", kept"), rerun.err.constData());
    QVERIFY2(rerun.err.contains("0 runs written to"), rerun.err.constData());
    QCOMPARE(methodsIn(url, error), (QStringList{QStringLiteral("dense"), QStringLiteral("magnitude"), QStringLiteral("rtn")}));
    QVERIFY(QFile::exists(manifest + QStringLiteral(".state/entry-1.done")));
  }

 private Q_SLOTS:
  void initTestCase() {
    const QByteArray failed = build(kBuildDir, {});
    QVERIFY2(failed.isEmpty(), failed.constData());
    trial_ = kBuildDir + QStringLiteral("/app/ratioscope-trial");
  }

  void linksNoQt() {
    // The libraries it names itself (Debian's LibTorch brings Qt 5 in
    // through OpenCV, so ldd's full list has Qt in it either way).
    const ProgramResult dynamic = runProgram(QStringLiteral("objdump"), {QStringLiteral("-p"), trial_});
    QCOMPARE(dynamic.code, 0);
    QByteArray needed;
    for (const QByteArray& line : dynamic.out.split('\n'))
      if (line.trimmed().startsWith("NEEDED")) needed += line.trimmed().mid(6).trimmed() + ' ';
    QVERIFY2(needed.contains("libtorch") && needed.contains("libsqlite3") && needed.contains("libpq"), needed.constData());
    QVERIFY2(!needed.contains("Qt"), needed.constData());
    QFile cache(kBuildDir + QStringLiteral("/CMakeCache.txt"));
    QVERIFY(cache.open(QIODevice::ReadOnly));
    QVERIFY(!cache.readAll().contains("Qt6_DIR:PATH=/"));
  }

  void writesEntriesIntoSqlite() {
    const QString db = dir_.filePath(QStringLiteral("lab.sqlite"));
    runsEveryEntryOnce(plan(QStringLiteral("sqlite.json"), db), db.toStdString(), {});
  }

  void writesEntriesIntoPostgres() {
    rs::test::PgServer pg;
    QVERIFY2(pg.ok(), qPrintable(pg.error()));
    qputenv("PGPASSWORD", rs::test::PgServer::kPassword);  // the runner inherits it, as Slurm tasks do
    // Planned into a folder, sent to the store on the runner's command line.
    const QString manifest = plan(QStringLiteral("pg.json"), dir_.filePath(QStringLiteral("unused.sqlite")));
    runsEveryEntryOnce(manifest, pg.url(), {QStringLiteral("--db"), QString::fromStdString(pg.url())});
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("unused.sqlite"))));
    qunsetenv("PGPASSWORD");
  }

  void namesAStoreItCannotOpen() {
    const QStringList tiny{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--db")};
    // No server on that port: the URL is named without its password, before any training.
    const ProgramResult refused = trial(tiny + QStringList{QStringLiteral("postgresql://ratioscope:secret@127.0.0.1:1/lab")});
    QCOMPARE(refused.code, 2);
    QVERIFY2(refused.err.startsWith("ratioscope-trial: postgresql://ratioscope@127.0.0.1:1/lab: cannot connect: cannot reach the server"), refused.err.constData());
    QVERIFY2(!refused.err.contains("secret") && !refused.err.contains("trial 1"), refused.err.constData());
    const ProgramResult other = trial(tiny + QStringList{QStringLiteral("mysql://u:pw@host/lab")});
    QCOMPARE(other.code, 2);
    QCOMPARE(other.err.trimmed(), QByteArray("ratioscope-trial: mysql://u@host/lab: not a store Ratioscope can open (a path or sqlite:PATH for SQLite, "
                                             "postgresql://user@host:port/db for PostgreSQL)"));
    const QString missing = dir_.filePath(QStringLiteral("no/such/folder/lab.sqlite"));
    const ProgramResult noFolder = trial(tiny + QStringList{missing});
    QCOMPARE(noFolder.code, 2);
    QCOMPARE(noFolder.err.trimmed(), ("ratioscope-trial: " + missing + ": cannot create the database: folder " + QFileInfo(missing).absolutePath() +
                                      " does not exist")
                                         .toUtf8());
  }

  // A GPU server without libsqlite3-dev and libpq-dev still builds the
  // runner (--out CSV works); a store URL says what is missing.
  void refusesAStoreItWasBuiltWithout() {
    const QString dir = kBuildDir + QStringLiteral("-no-clients");
    const QByteArray failed = build(dir, {QStringLiteral("-DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON"), QStringLiteral("-DCMAKE_DISABLE_FIND_PACKAGE_PostgreSQL=ON")});
    QVERIFY2(failed.isEmpty(), failed.constData());
    const QString bare = dir + QStringLiteral("/app/ratioscope-trial");
    const QStringList tiny{QStringLiteral("--model"), QStringLiteral("mlp-tiny"), QStringLiteral("--steps"), QStringLiteral("20"), QStringLiteral("--db")};
    const ProgramResult pg = runProgram(bare, tiny + QStringList{QStringLiteral("postgresql://lab:secret@db.example/lab")});
    QCOMPARE(pg.code, 2);
    QCOMPARE(pg.err.trimmed(), QByteArray("ratioscope-trial: postgresql://lab@db.example/lab: this build has no PostgreSQL client (libpq-dev was missing when "
                                          "it was configured; install it and configure again)"));
    const QString db = dir_.filePath(QStringLiteral("bare.sqlite"));
    const ProgramResult lite = runProgram(bare, tiny + QStringList{db});
    QCOMPARE(lite.code, 2);
    QCOMPARE(lite.err.trimmed(), ("ratioscope-trial: " + db + ": this build has no SQLite client (libsqlite3-dev was missing when it was configured; "
                                  "install it and configure again)")
                                     .toUtf8());
    QVERIFY(!QFile::exists(db));
  }
};

QTEST_GUILESS_MAIN(TestTrialsOnlyBuild)
#include "test_trials_only_build.moc"
