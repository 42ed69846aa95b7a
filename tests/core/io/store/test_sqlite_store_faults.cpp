// Faults under an SQLite store, with the real ratioscope-cli: a disk that
// fills in the middle of an import, and a folder that turns read-only. Each
// must leave the store exactly as it was, with a message that says what
// happened; the import is repeated once the fault is gone. (kill -9 of an
// import and of a sweep: test_cli.) Needs root for the small tmpfs; skipped
// without it.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

#include "tests/support/run_program.h"

namespace {

using rs::test::ProgramResult;
using rs::test::runProgram;
ProgramResult cli(const QStringList& args) { return rs::test::runCli(args); }

QString writeCsv(const QString& path, int runs, int metricsPerRun, const QString& prefix) {
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write("run,family,model,params,method,ratio,metric,value\n");
  for (int r = 0; r < runs; ++r)
    for (int m = 0; m < metricsPerRun; ++m)
      f.write(QStringLiteral("%1-%2,fam,model-%1,1e9,rtn,0.5,some_rather_long_task_name_%3,0.%4\n").arg(prefix).arg(r).arg(m).arg(100 + m).toUtf8());
  return path;
}

// The runs `runs --input db --json` lists, as "key:metric count" lines: a
// store "as it was" lists the same.
QStringList listing(const QString& db) {
  const ProgramResult r = cli({QStringLiteral("runs"), QStringLiteral("--input"), db, QStringLiteral("--json")});
  if (r.code != 0) return {QStringLiteral("error: ") + QString::fromUtf8(r.err)};
  QStringList out;
  for (const QJsonValue& v : QJsonDocument::fromJson(r.out).object()[QStringLiteral("runs")].toArray())
    out << v[QStringLiteral("run")].toString() + QLatin1Char(':') + QString::number(v[QStringLiteral("metrics")].toArray().size());
  return out;
}

// A small file system of its own, so filling it or making it read-only
// touches nothing else.
class SmallDisk {
 public:
  explicit SmallDisk(const QString& size) {
    if (::getuid() != 0) return;
    mounted_ = runProgram(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"), QStringLiteral("size=") + size,
                                             QStringLiteral("tmpfs"), dir_.path()}).code == 0;
  }
  ~SmallDisk() {
    if (mounted_) runProgram(QStringLiteral("umount"), {dir_.path()});
  }
  bool mounted() const { return mounted_; }
  QString path(const QString& name) const { return dir_.filePath(name); }
  bool remount(const QString& mode) {
    return runProgram(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,") + mode, dir_.path()}).code == 0;
  }

 private:
  QTemporaryDir dir_;
  bool mounted_ = false;
};

}  // namespace

class TestSqliteStoreFaults : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void diskFullLeavesTheStoreAsItWas() {
    SmallDisk disk(QStringLiteral("4m"));
    if (!disk.mounted()) QSKIP("needs root and tmpfs to make a small disk");
    QTemporaryDir inputs;
    const QString db = disk.path(QStringLiteral("x.sqlite"));
    const ProgramResult first = cli({QStringLiteral("import"), writeCsv(inputs.filePath(QStringLiteral("small.csv")), 20, 5, QStringLiteral("a")),
                              QStringLiteral("--db"), db});
    QVERIFY2(first.code == 0, first.err.constData());
    const QStringList before = listing(db);
    QCOMPARE(before.size(), 20);
    // ~8 MB of metrics into what is left of 4 MB.
    const QString big = writeCsv(inputs.filePath(QStringLiteral("big.csv")), 2000, 40, QStringLiteral("b"));
    const ProgramResult full = cli({QStringLiteral("import"), big, QStringLiteral("--db"), db});
    QCOMPARE(full.code, 1);
    QVERIFY2(full.err.contains("x.sqlite") && full.err.contains("disk is full"), full.err.constData());
    QCOMPARE(listing(db), before);
    // Room again (a bigger disk): the same import completes.
    QVERIFY(disk.remount(QStringLiteral("size=64m")));
    const ProgramResult again = cli({QStringLiteral("import"), big, QStringLiteral("--db"), db, QStringLiteral("--json")});
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(listing(db).size(), 20 + 2000);
  }

  void readOnlyFolderLeavesTheStoreAsItWas() {
    SmallDisk disk(QStringLiteral("16m"));
    if (!disk.mounted()) QSKIP("needs root and tmpfs to make a read-only folder (root writes anywhere else)");
    QTemporaryDir inputs;
    const QString db = disk.path(QStringLiteral("x.sqlite"));
    const ProgramResult first = cli({QStringLiteral("import"), writeCsv(inputs.filePath(QStringLiteral("a.csv")), 10, 3, QStringLiteral("a")),
                              QStringLiteral("--db"), db});
    QVERIFY2(first.code == 0, first.err.constData());
    const QStringList before = listing(db);
    QVERIFY(disk.remount(QStringLiteral("ro")));
    // Reading still works (the store opens immutable where it cannot write).
    QCOMPARE(listing(db), before);
    const QString more = writeCsv(inputs.filePath(QStringLiteral("b.csv")), 10, 3, QStringLiteral("b"));
    const ProgramResult refused = cli({QStringLiteral("import"), more, QStringLiteral("--db"), db});
    QCOMPARE(refused.code, 1);
    QVERIFY2(refused.err.contains("x.sqlite") && refused.err.contains("read-only"), refused.err.constData());
    // A new database in the read-only folder: refused, nothing created.
    const ProgramResult create = cli({QStringLiteral("import"), more, QStringLiteral("--db"), disk.path(QStringLiteral("new.sqlite"))});
    QCOMPARE(create.code, 1);
    QVERIFY2(create.err.contains("new.sqlite") && create.err.contains("read-only"), create.err.constData());
    QVERIFY(disk.remount(QStringLiteral("rw")));
    QCOMPARE(listing(db), before);
    QVERIFY(!QFile::exists(disk.path(QStringLiteral("new.sqlite"))));
    const ProgramResult again = cli({QStringLiteral("import"), more, QStringLiteral("--db"), db});
    QVERIFY2(again.code == 0, again.err.constData());
    QCOMPARE(listing(db).size(), 20);
  }
};

QTEST_GUILESS_MAIN(TestSqliteStoreFaults)
#include "test_sqlite_store_faults.moc"
