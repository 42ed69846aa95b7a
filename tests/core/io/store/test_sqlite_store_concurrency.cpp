// Several real ratioscope-cli processes importing into one SQLite database at
// the same moment, the first of them creating it: every import must land,
// once, and none may see the half-created file as "not a Ratioscope database".
#include <sqlite3.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <vector>

#include "tests/support/run_program.h"

namespace {

constexpr int kImporters = 6;

// One CSV per importer: its own model with `runs` compressed runs of 5
// metrics each, so every importer's runs are distinct and countable.
QString writeCsv(const QTemporaryDir& dir, int importer, int runs) {
  const QString path = dir.filePath(QStringLiteral("in%1.csv").arg(importer));
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write("run,family,model,params,method,ratio,metric,value\n");
  for (int r = 0; r < runs; ++r)
    for (int m = 0; m < 5; ++m)
      f.write(QStringLiteral("w%1-r%2,fam,model-%1,1e9,rtn,%3,task%4,0.%5\n")
                  .arg(importer).arg(r).arg(0.1 + 0.8 * r / runs).arg(m).arg(10 + r % 80).toUtf8());
  return path;
}

struct Finished {
  int code = -1;
  QByteArray out, err;
};

// Starts every command before waiting for any: the imports overlap.
std::vector<Finished> runTogether(const std::vector<QStringList>& commands) {
  std::vector<std::unique_ptr<QProcess>> processes;
  for (const QStringList& args : commands) {
    processes.push_back(std::make_unique<QProcess>());
    processes.back()->start(QStringLiteral(RS_CLI), args);
  }
  std::vector<Finished> out;
  for (auto& p : processes) {
    p->waitForFinished(120000);
    out.push_back({p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1, p->readAllStandardOutput(), p->readAllStandardError()});
  }
  return out;
}

QJsonArray storedRuns(const QString& db) {
  const rs::test::ProgramResult r = rs::test::runCli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
  if (r.code != 0) qWarning("runs failed: %s", r.err.constData());
  return QJsonDocument::fromJson(r.out).object()[QStringLiteral("runs")].toArray();
}

// Another writer, here the test itself, holding the database's write lock
// for `seconds` while `commands` start: they must wait for it, not fail.
std::vector<Finished> runWhileLocked(const QString& db, bool wal, int seconds, const std::vector<QStringList>& commands) {
  sqlite3* holder = nullptr;
  sqlite3_open(db.toUtf8().constData(), &holder);
  if (wal) sqlite3_exec(holder, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
  sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  std::vector<std::unique_ptr<QProcess>> processes;
  for (const QStringList& args : commands) {
    processes.push_back(std::make_unique<QProcess>());
    processes.back()->start(QStringLiteral(RS_CLI), args);
  }
  QTest::qWait(seconds * 1000);
  sqlite3_exec(holder, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  std::vector<Finished> out;
  for (auto& p : processes) {
    p->waitForFinished(120000);
    out.push_back({p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1, p->readAllStandardOutput(), p->readAllStandardError()});
  }
  return out;
}

}  // namespace

class TestSqliteStoreConcurrency : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sixImportersCreateOneDatabase() {
    // Several rounds: the race is for who creates the file, which happens
    // once per round; one round could pass by luck.
    for (int round = 0; round < 5; ++round) {
      QTemporaryDir dir;
      const QString db = dir.filePath(QStringLiteral("new.sqlite"));
      std::vector<QStringList> commands;
      for (int i = 0; i < kImporters; ++i)
        commands.push_back({QStringLiteral("import"), writeCsv(dir, i, 20 + 10 * i), QStringLiteral("--db"), db, QStringLiteral("--json")});
      const std::vector<Finished> done = runTogether(commands);
      int added = 0;
      for (int i = 0; i < kImporters; ++i) {
        QVERIFY2(done[i].code == 0, qPrintable(QStringLiteral("round %1, importer %2: %3").arg(round).arg(i).arg(QString::fromUtf8(done[i].err))));
        const QJsonObject summary = QJsonDocument::fromJson(done[i].out).object();
        QCOMPARE(summary[QStringLiteral("runs_added")].toInt(), 20 + 10 * i);
        QCOMPARE(summary[QStringLiteral("metrics_added")].toInt(), 5 * (20 + 10 * i));
        added += summary[QStringLiteral("runs_added")].toInt();
      }
      // Every run landed once: 20+30+...+70 = 270 distinct keys.
      const QJsonArray runs = storedRuns(db);
      QCOMPARE(added, 270);
      QCOMPARE(runs.size(), 270);
      QSet<QString> keys;
      for (const QJsonValue& r : runs) {
        keys.insert(r[QStringLiteral("run")].toString());
        QCOMPARE(r[QStringLiteral("metrics")].toArray().size(), 5);
      }
      QCOMPARE(keys.size(), 270);
    }
  }

  void sixImportersOfOneFileStoreItOnce() {
    // The same file six times at once: one import stores it, the other five
    // find every run and metric already there.
    for (int round = 0; round < 3; ++round) {
      QTemporaryDir dir;
      const QString db = dir.filePath(QStringLiteral("same.sqlite"));
      const QString csv = writeCsv(dir, 0, 40);
      const std::vector<Finished> done =
          runTogether(std::vector<QStringList>(kImporters, {QStringLiteral("import"), csv, QStringLiteral("--db"), db, QStringLiteral("--json")}));
      int added = 0, existing = 0;
      for (const Finished& f : done) {
        QVERIFY2(f.code == 0, f.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(f.out).object();
        added += summary[QStringLiteral("runs_added")].toInt();
        existing += summary[QStringLiteral("runs_skipped")].toInt();
      }
      QCOMPARE(added, 40);
      QCOMPARE(existing, 5 * 40);
      QCOMPARE(storedRuns(db).size(), 40);
    }
  }

  void importersWaitForASlowCreator() {
    // The file exists, empty, and another process holds it (as the first of
    // six importers does while it switches a new file to WAL). SQLite does
    // not wait for that switch by itself: the others failed at once with
    // "cannot use WAL: database is locked".
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("new.sqlite"));
    std::vector<QStringList> commands;
    for (int i = 0; i < kImporters; ++i) commands.push_back({QStringLiteral("import"), writeCsv(dir, i, 10), QStringLiteral("--db"), db});
    const std::vector<Finished> done = runWhileLocked(db, false, 2, commands);
    for (const Finished& f : done) QVERIFY2(f.code == 0, f.err.constData());
    QCOMPARE(storedRuns(db).size(), kImporters * 10);
  }

  void importersWaitForALongWrite() {
    // A write that holds the lock longer than the 5 s SQLite's busy timeout
    // used to allow (a large import on a loaded machine): the others wait.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("busy.sqlite"));
    std::vector<QStringList> commands;
    for (int i = 0; i < 3; ++i) commands.push_back({QStringLiteral("import"), writeCsv(dir, i, 10), QStringLiteral("--db"), db});
    const std::vector<Finished> done = runWhileLocked(db, true, 7, commands);
    for (const Finished& f : done) QVERIFY2(f.code == 0, f.err.constData());
    QCOMPARE(storedRuns(db).size(), 3 * 10);
  }

  void readingADatabaseBeingCreatedSaysSo() {
    // `runs` on the file a first import has only just created (empty): the
    // message says it is empty, not that it is someone else's database.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("empty.sqlite"));
    QFile(db).open(QIODevice::WriteOnly);
    const rs::test::ProgramResult r = rs::test::runCli({QStringLiteral("runs"), QStringLiteral("--input"), db});
    QCOMPARE(r.code, 1);
    const QByteArray& err = r.err;
    QVERIFY2(err.contains(": an empty file: nothing has been imported into it (yet)"), err.constData());
  }

  void aFailedImportKeepsWhatOthersWrote() {
    // One importer fails on a bad file while five others write into the
    // database it may have created: nothing the five stored is lost.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("mixed.sqlite"));
    const QString bad = dir.filePath(QStringLiteral("bad.csv"));
    QFile f(bad);
    f.open(QIODevice::WriteOnly);
    f.write("run,model,method,ratio,metric,value\nr1,m,rtn,0.5,task,not-a-number\n");
    f.close();
    std::vector<QStringList> commands{{QStringLiteral("import"), bad, QStringLiteral("--db"), db}};
    for (int i = 1; i < kImporters; ++i) commands.push_back({QStringLiteral("import"), writeCsv(dir, i, 10), QStringLiteral("--db"), db});
    const std::vector<Finished> done = runTogether(commands);
    QCOMPARE(done[0].code, 1);
    QVERIFY2(done[0].err.contains("not-a-number"), done[0].err.constData());
    for (int i = 1; i < kImporters; ++i) QVERIFY2(done[i].code == 0, done[i].err.constData());
    QVERIFY(QFile::exists(db));
    QCOMPARE(storedRuns(db).size(), 5 * 10);
  }
};

QTEST_GUILESS_MAIN(TestSqliteStoreConcurrency)
#include "test_sqlite_store_concurrency.moc"
