// The private runtime directory the executables make when XDG_RUNTIME_DIR
// is unset (app/runtime_dir.h). Its path is in a world-writable folder, so
// whatever another user planted there must be left alone: never followed,
// never made ours by chmod.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

#include "app/runtime_dir.h"

namespace {

unsigned modeOf(const QString& path) {
  struct stat st {};
  ::stat(QFile::encodeName(path).constData(), &st);
  return st.st_mode & 07777;
}

}  // namespace

class TestRuntimeDir : public QObject {
  Q_OBJECT

  QTemporaryDir tmp_;
  QString planted() const { return tmp_.path() + QStringLiteral("/runtime-ratioscope-%1").arg(::getuid()); }

 private Q_SLOTS:
  void init() {
    qputenv("TMPDIR", QFile::encodeName(tmp_.path()));
    qunsetenv("XDG_RUNTIME_DIR");
    QDir(planted()).removeRecursively();
    QFile::remove(planted());
  }

  void makesAPrivateDirectory() {
    rs::app::ensureRuntimeDir();
    QCOMPARE(qEnvironmentVariable("XDG_RUNTIME_DIR"), planted());
    QCOMPARE(modeOf(planted()), 0700u);
  }

  void makesItsOwnDirectoryPrivate() {
    QVERIFY(QDir().mkdir(planted()));
    ::chmod(QFile::encodeName(planted()).constData(), 0755);
    rs::app::ensureRuntimeDir();
    QCOMPARE(modeOf(planted()), 0700u);
    QCOMPARE(qEnvironmentVariable("XDG_RUNTIME_DIR"), planted());
  }

  void leavesAPlantedSymlinkAlone() {
    // Someone links the path to a directory of theirs (here: one of ours,
    // which we could chmod, so following the link would show).
    QTemporaryDir victim;
    ::chmod(QFile::encodeName(victim.path()).constData(), 0755);
    QVERIFY(QFile::link(victim.path(), planted()));
    rs::app::ensureRuntimeDir();
    QCOMPARE(modeOf(victim.path()), 0755u);
    QVERIFY(qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"));
  }

  void leavesAnotherUsersDirectoryAlone() {
    if (::getuid() != 0) QSKIP("needs root to make a directory owned by another user");
    QVERIFY(QDir().mkdir(planted()));
    ::chmod(QFile::encodeName(planted()).constData(), 0755);
    QCOMPARE(::chown(QFile::encodeName(planted()).constData(), 65534, 65534), 0);
    rs::app::ensureRuntimeDir();
    QCOMPARE(modeOf(planted()), 0755u);
    QVERIFY(qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"));
  }

  void leavesAPlantedFileAlone() {
    QFile f(planted());
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    ::chmod(QFile::encodeName(planted()).constData(), 0644);
    rs::app::ensureRuntimeDir();
    QCOMPARE(modeOf(planted()), 0644u);
    QVERIFY(qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"));
  }
};

QTEST_GUILESS_MAIN(TestRuntimeDir)
#include "test_runtime_dir.moc"
