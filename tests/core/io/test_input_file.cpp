// Inputs that are not regular files (core/io/input_file.h): a FIFO must not
// hang a command, /dev/zero must not exhaust memory, and standard input and
// process substitution are named for what they are, not "file is empty".
// The CLI cases run the real executable on a real FIFO.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

#include "core/io/dataset_source.h"
#include "core/io/importer.h"
#include "core/io/input_file.h"
#include "tests/support/run_program.h"

using namespace rs;
using rs::test::ProgramResult;
using rs::test::runCli;

namespace {

// A hang shows as the 60 s wait running out (code -1), failing the test.
ProgramResult cli(const QStringList& args) { return runCli(args, 60000); }

}  // namespace

class TestInputFile : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void acceptsFilesAndFolders() {
    QTemporaryDir dir;
    QCOMPARE(inputFileProblem(dir.path().toStdString()), std::string());
    QCOMPARE(inputFileProblem(RS_EXAMPLE_CSV), std::string());
    QCOMPARE(inputFileProblem("/nonexistent/x.csv"), std::string());  // the caller says "no such file"
  }

  void refusesWhatIsNotAFile() {
    QTemporaryDir dir;
    const std::string fifo = dir.filePath(QStringLiteral("pipe.csv")).toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    QVERIFY(inputFileProblem(fifo).find("is a pipe (a FIFO, standard input from a pipe, or a <(...) process substitution)") == 0);
    QVERIFY(inputFileProblem("/dev/zero").find("is a device, not a file") == 0);
    QVERIFY(inputFileProblem("-").find("reading standard input is not supported") == 0);
  }

  void readersNameTheProblem() {
    QTemporaryDir dir;
    const std::string fifo = dir.filePath(QStringLiteral("pipe.csv")).toStdString();
    QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
    // Neither opens it (opening a FIFO with no writer blocks for ever).
    const LoadedRuns loaded = loadRuns(fifo);
    QVERIFY(loaded.error.find(fifo + ": is a pipe") == 0);
    const ImportResult read = importFile("/dev/zero");
    QVERIFY(read.error);
    QCOMPARE(read.error->text(), std::string("/dev/zero: is a device, not a file: Ratioscope reads results files (CSV, JSON) and databases"));
  }

  void commandsDoNotHangOnAFifo() {
    QTemporaryDir dir;
    const QString fifo = dir.filePath(QStringLiteral("pipe.csv"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const ProgramResult runs = cli({QStringLiteral("runs"), QStringLiteral("--input"), fifo});
    QCOMPARE(runs.code, 1);
    QVERIFY2(runs.err.contains("pipe.csv: is a pipe"), runs.err.constData());
    const ProgramResult import = cli({QStringLiteral("import"), fifo, QStringLiteral("--db"), dir.filePath(QStringLiteral("x.sqlite"))});
    QCOMPARE(import.code, 1);
    QVERIFY2(import.err.contains("pipe.csv: is a pipe"), import.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.sqlite"))));
  }

  void commandsRefuseDevZeroAndStdin() {
    // /dev/zero aborted with std::bad_alloc; standard input said "file is empty".
    const ProgramResult zero = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral("/dev/zero")});
    QCOMPARE(zero.code, 1);
    QVERIFY2(zero.err.contains("/dev/zero: is a device, not a file"), zero.err.constData());
    const ProgramResult dash = cli({QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral("-")});
    QCOMPARE(dash.code, 1);
    QVERIFY2(dash.err.contains("-: reading standard input is not supported"), dash.err.constData());
    // Standard input from a pipe (as `producer | ratioscope-cli runs --input /dev/stdin`).
    QProcess p;
    p.start(QStringLiteral(RS_CLI), {QStringLiteral("runs"), QStringLiteral("--input"), QStringLiteral("/dev/stdin")});
    p.write("model,metric,value\nm,loss,2\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError();
    QVERIFY2(err.contains("/dev/stdin: is a pipe"), err.constData());
  }
};

QTEST_GUILESS_MAIN(TestInputFile)
#include "test_input_file.moc"
