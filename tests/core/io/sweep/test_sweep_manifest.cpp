// Sweep manifests (core/io/sweep/sweep_manifest): what sweep plan writes reads
// back the same, and every way a hand-edited manifest can be wrong is refused
// with the file and the JSON pointer of the problem.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/io/sweep/sweep_manifest.h"

using rs::sweep::SweepManifest;

class TestSweepManifest : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

  std::string write(const QByteArray& text) {
    const QString path = dir_.filePath(QStringLiteral("m.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(text);
    return path.toStdString();
  }

 private Q_SLOTS:
  void roundTrips() {
    SweepManifest m;
    m.path = dir_.filePath(QStringLiteral("sweep.json")).toStdString();
    m.trial_args = {"--steps", "20", "--cache-dir", "/shared/cache"};
    m.out_dir = "/shared/results";
    m.entries = {{0, "dense", {"--model", "mlp-tiny", "--methods", ""}, {}},
                 {1, "compress", {"--model", "mlp-tiny", "--methods", "rtn", "--no-dense-runs"}, {0}}};
    QVERIFY(!rs::sweep::writeManifest(m));
    SweepManifest back;
    const auto error = rs::sweep::readManifest(m.path, back);
    QVERIFY2(!error, error ? error->c_str() : "");
    QCOMPARE(back.path, m.path);
    QCOMPARE(back.trial_args, m.trial_args);
    QCOMPARE(back.out_dir, m.out_dir);
    QVERIFY(back.db.empty());
    QCOMPARE(back.entries.size(), std::size_t(2));
    QCOMPARE(back.entries[1].kind, std::string("compress"));
    QCOMPARE(back.entries[1].args, m.entries[1].args);
    QCOMPARE(back.entries[0].args[3], std::string(""));  // "--methods" "": dense only
    QCOMPARE(back.entries[1].depends_on, std::vector<int>{0});
    // Where an entry's results and state go.
    QCOMPARE(back.resultFile(7), std::string("/shared/results/entry-0007.csv"));
    QCOMPARE(back.doneMarker(3), m.path + ".state/entry-3.done");
    // No temporary file is left beside it.
    QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("sweep.json")});
  }

  void refusesBadManifests_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray entries = R"("entries": [{"index": 0, "kind": "dense", "args": ["--model", "mlp-tiny"], "depends_on": []}])";
    QTest::newRow("not JSON") << QByteArray("{\"ratioscope_sweep\": 1,\n \"trial_args\": [") << "m.json:2: not valid JSON";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "m.json: at /ratioscope_sweep: not a Ratioscope sweep manifest of version 1";
    QTest::newRow("newer version") << QByteArray(R"({"ratioscope_sweep": 2})") << "at /ratioscope_sweep: not a Ratioscope sweep manifest of version 1";
    QTest::newRow("trial_args not strings") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": ["--steps", 20]})")
                                            << "m.json: at /trial_args: must be a list of strings";
    QTest::newRow("destination in trial_args") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": ["--db", "x.sqlite"]})")
                                               << "at /trial_args: --db is the manifest's to set";
    QTest::newRow("both destinations") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "db": "a.sqlite", "out_dir": "/o", )" + entries + "}")
                                       << "m.json: at /: give exactly one of \"db\" and \"out_dir\"";
    QTest::newRow("no destination") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], )" + entries + "}")
                                    << "at /: give exactly one of \"db\" and \"out_dir\"";
    QTest::newRow("db not a string") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "db": 5})") << "at /db: must be a string";
    QTest::newRow("no entries") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": []})")
                                << "at /entries: must be a non-empty list";
    QTest::newRow("entry not an object") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [3]})")
                                         << "at /entries/0: must be an object";
    QTest::newRow("entries out of order") << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 1}]})")
                                          << "at /entries/0/index: entries must be numbered 0, 1, 2, ... in order";
    QTest::newRow("unknown kind")
        << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "train", "args": []}]})")
        << "at /entries/0/kind: must be \"dense\" or \"compress\"";
    QTest::newRow("args not a list")
        << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "dense", "args": "--model x"}]})")
        << "at /entries/0/args: must be a list of strings";
    QTest::newRow("manifest in an entry")
        << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "dense", "args": ["--manifest", "m.json"]}]})")
        << "at /entries/0/args: --manifest is the manifest's to set";
    QTest::newRow("depends on itself")
        << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "dense", "args": [], "depends_on": [0]}]})")
        << "at /entries/0/depends_on: an entry depends only on earlier entries";
    QTest::newRow("depends_on not a list")
        << QByteArray(R"({"ratioscope_sweep": 1, "trial_args": [], "out_dir": "/o", "entries": [{"index": 0, "kind": "dense", "args": [], "depends_on": 0}]})")
        << "at /entries/0/depends_on: must be a list of entry numbers";
  }
  void refusesBadManifests() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    SweepManifest m;
    const auto error = rs::sweep::readManifest(write(text), m);
    QVERIFY(error);
    QVERIFY2(QString::fromStdString(*error).contains(message), error->c_str());
  }

  void refusesWhatIsNoManifest() {
    SweepManifest m;
    auto error = rs::sweep::readManifest(dir_.filePath(QStringLiteral("absent.json")).toStdString(), m);
    QVERIFY(error && error->find("absent.json: cannot open: no such file") != std::string::npos);
    error = rs::sweep::readManifest(dir_.path().toStdString(), m);
    QVERIFY2(error && error->find(": cannot open: not a regular file") != std::string::npos, error->c_str());
  }
};

QTEST_GUILESS_MAIN(TestSweepManifest)
#include "test_sweep_manifest.moc"
