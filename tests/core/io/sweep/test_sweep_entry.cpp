// One entry of a sweep (core/io/sweep/sweep_entry), the part both runners
// share: which entry (--index, else SLURM_ARRAY_TASK_ID), where its results
// go, what is already done, and the result file put in place whole.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

#include "core/io/sweep/sweep_entry.h"

using rs::sweep::EntryRun;
using rs::sweep::SweepManifest;

class TestSweepEntry : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string manifest_, outDir_;

  std::vector<std::string> args(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--manifest", manifest_});
    return extra;
  }

 private Q_SLOTS:
  void initTestCase() {
    SweepManifest m;
    m.path = manifest_ = dir_.filePath(QStringLiteral("sweep.json")).toStdString();
    m.trial_args = {"--steps", "20"};
    m.out_dir = outDir_ = dir_.filePath(QStringLiteral("out")).toStdString();
    m.entries = {{0, "dense", {"--model", "mlp-tiny", "--methods", ""}, {}},
                 {1, "compress", {"--model", "mlp-tiny", "--methods", "rtn", "--no-dense-runs"}, {0}},
                 {2, "compress", {"--model", "mlp-tiny", "--methods", "lowrank", "--no-dense-runs"}, {0}}};
    QVERIFY(!rs::sweep::writeManifest(m));
  }

  void runsAnEntryIntoItsOutputFolder() {
    EntryRun run;
    const auto error = rs::sweep::prepareEntry(args({"--index", "1"}), run);
    QVERIFY2(!error, error ? error->c_str() : "");
    QVERIFY(!run.already_done);
    QCOMPARE(run.index, 1);
    // The manifest's options, the entry's, then the temporary file: hidden, in
    // the output folder (one file system, so the rename is atomic).
    QCOMPARE(run.trial_args.size(), std::size_t(9));
    QCOMPARE(run.trial_args[0], std::string("--steps"));
    QCOMPARE(run.trial_args[5], std::string("rtn"));
    QCOMPARE(run.trial_args[7], std::string("--out"));
    QCOMPARE(run.trial_args[8], run.temporary);
    QVERIFY(QString::fromStdString(run.temporary).startsWith(QString::fromStdString(outDir_ + "/.entry-0001.csv.partial-")));
    QVERIFY(QDir(QString::fromStdString(outDir_)).exists());
    // The trial wrote its file: it becomes the entry's result, and the entry is done.
    QFile partial(QString::fromStdString(run.temporary));
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write("run,model\n");
    partial.close();
    QVERIFY(!rs::sweep::finishEntry(run, true));
    QVERIFY(!QFile::exists(QString::fromStdString(run.temporary)));
    QVERIFY(QFile::exists(QString::fromStdString(outDir_ + "/entry-0001.csv")));
    QVERIFY(QFile::exists(QString::fromStdString(manifest_ + ".state/entry-1.done")));
    // Run again: nothing to do.
    EntryRun again;
    QVERIFY(!rs::sweep::prepareEntry(args({"--index", "1"}), again));
    QVERIFY(again.already_done);
    QVERIFY(again.trial_args.empty());
  }

  void aFailedTrialLeavesNothing() {
    EntryRun run;
    QVERIFY(!rs::sweep::prepareEntry(args({"--index", "2"}), run));
    QFile partial(QString::fromStdString(run.temporary));
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write("half a run");
    partial.close();
    QVERIFY(!rs::sweep::finishEntry(run, false));
    QVERIFY(!QFile::exists(QString::fromStdString(run.temporary)));
    QVERIFY(!QFile::exists(QString::fromStdString(outDir_ + "/entry-0002.csv")));
    QVERIFY(!run.manifest.done(2));
  }

  void indexComesFromSlurm() {
    qputenv("SLURM_ARRAY_TASK_ID", "2");
    EntryRun run;
    QVERIFY(!rs::sweep::prepareEntry(args({}), run));
    QCOMPARE(run.index, 2);
    qputenv("SLURM_ARRAY_TASK_ID", "3");
    const auto error = rs::sweep::prepareEntry(args({}), run);
    QVERIFY(error);
    QCOMPARE(*error, "SLURM_ARRAY_TASK_ID '3' is not an entry of " + manifest_ + " (0 to 2)");
    qunsetenv("SLURM_ARRAY_TASK_ID");
    const auto none = rs::sweep::prepareEntry(args({}), run);
    QVERIFY(none && none->find("give --index N (or run it as a Slurm array task, which sets SLURM_ARRAY_TASK_ID)") != std::string::npos);
  }

  void destinationCanBeOverridden() {
    EntryRun run;
    QVERIFY(!rs::sweep::prepareEntry(args({"--index", "0", "--db", "postgresql://lab@db/lab"}), run));
    QCOMPARE(run.manifest.db, std::string("postgresql://lab@db/lab"));
    QVERIFY(run.manifest.out_dir.empty() && run.temporary.empty());
    QCOMPARE(run.trial_args.back(), std::string("postgresql://lab@db/lab"));
    const std::string other = dir_.filePath(QStringLiteral("elsewhere")).toStdString();
    QVERIFY(!rs::sweep::prepareEntry(args({"--index", "0", "--out-dir", other}), run));
    QVERIFY(QString::fromStdString(run.temporary).startsWith(QString::fromStdString(other + "/.entry-0000.csv.partial-")));
  }

  void refusesBadUse_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    QTest::newRow("out of range") << QStringList{QStringLiteral("--index"), QStringLiteral("7")} << "--index '7' is not an entry of %1 (0 to 2)";
    QTest::newRow("negative") << QStringList{QStringLiteral("--index"), QStringLiteral("-1")} << "--index '-1' is not an entry of %1 (0 to 2)";
    QTest::newRow("not a number") << QStringList{QStringLiteral("--index"), QStringLiteral("1e0")} << "--index '1e0' is not an entry of %1 (0 to 2)";
    QTest::newRow("options come from the manifest") << QStringList{QStringLiteral("--index"), QStringLiteral("0"), QStringLiteral("--steps"), QStringLiteral("5")}
                                                    << "--manifest: the trial options come from the manifest; unexpected '--steps'";
    QTest::newRow("two destinations") << QStringList{QStringLiteral("--db"), QStringLiteral("a.sqlite"), QStringLiteral("--out-dir"), QStringLiteral("o")}
                                      << "give --db URL or --out-dir DIR, not both";
    QTest::newRow("no value") << QStringList{QStringLiteral("--index")} << "--index needs a value";
  }
  void refusesBadUse() {
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    std::vector<std::string> rest;
    for (const QString& a : extra) rest.push_back(a.toStdString());
    EntryRun run;
    const auto error = rs::sweep::prepareEntry(args(rest), run);
    QVERIFY(error);
    QCOMPARE(QString::fromStdString(*error), message.arg(QString::fromStdString(manifest_)));
    QVERIFY(!run.bad_manifest);
  }

  void refusesABadManifest() {
    const QString path = dir_.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "prune", "args": []}]})");
    f.close();
    EntryRun run;
    const auto error = rs::sweep::prepareEntry({"--manifest", path.toStdString(), "--index", "0"}, run);
    QVERIFY(error && run.bad_manifest);
    QCOMPARE(QString::fromStdString(*error), path + QStringLiteral(": at /entries/0/kind: must be \"dense\" or \"compress\""));
  }
};

QTEST_GUILESS_MAIN(TestSweepEntry)
#include "test_sweep_entry.moc"
