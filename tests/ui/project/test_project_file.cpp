// Project files (ui/project/project_file): a project written and read back
// is the same project; the SHA-256 of a source is the file's (checked
// against a known digest); a moved or changed source is reported; a store
// URL keeps no password; and every bad file says what is wrong with it,
// naming the field.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include "ui/project/project_file.h"

using namespace rs;
using namespace rs::ui;

namespace {
QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  const QString path = dir.filePath(name);
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write(bytes);
  return path;
}

Project sample(const QString& source) {
  Project p;
  p.source = describeInput(source);
  p.filter = QStringLiteral("rtn bits<=4");
  p.figure.metric = "arc_easy";
  p.figure.axis = Axis::Bits;
  p.figure.log_y = true;
  p.figure.error_bars = false;
  p.figure.analysis = false;
  p.figure.hidden = {"method:nm24", "model:synth\x1fsynth-7b"};
  p.excluded_keys = {"synth-7b/rtn/s1", "synth-3b/rtn/s2"};
  p.fit.law = QStringLiteral("compression");
  p.fit.per_series = false;
  p.fit.options.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, 0.01};
  p.fit.options.random_starts = 64;
  p.fit.options.seed = 7;
  p.fit.options.bootstrap = 40;
  p.fit.options.holdout_above = 0.5;
  p.fit.result = QJsonObject{{QStringLiteral("law"), QStringLiteral("compression")}};
  p.window_geometry = QByteArray("\x01\x02geometry", 10);
  p.window_state = QByteArray("state\x00\xff", 7);
  return p;
}

// The message loadProject gives for `json` written to a file.
QString messageFor(const QByteArray& json) {
  QTemporaryDir dir;
  QString error;
  const auto p = loadProject(write(dir, QStringLiteral("bad.ratioscope"), json), error);
  return p ? QStringLiteral("(read)") : error;
}
}  // namespace

class TestProjectFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writtenAndReadBackIsTheSameProject() {
    QTemporaryDir dir;
    const QString source = write(dir, QStringLiteral("runs.csv"), "abc");
    const Project p = sample(source);
    const QString path = dir.filePath(QStringLiteral("study.ratioscope"));
    QCOMPARE(saveProject(p, path), QString());
    QString error;
    const auto back = loadProject(path, error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->source.location, source);
    QCOMPARE(back->filter, p.filter);
    QVERIFY(back->figure == p.figure);
    QCOMPARE(back->excluded_keys, p.excluded_keys);
    QCOMPARE(back->fit.law, p.fit.law);
    QCOMPARE(back->fit.per_series, false);
    QCOMPARE(back->fit.options.robust->kind, laws::RobustLoss::Kind::Huber);
    QCOMPARE(back->fit.options.robust->delta, 0.01);
    QCOMPARE(back->fit.options.random_starts, 64);
    QCOMPARE(back->fit.options.seed, std::uint64_t(7));
    QCOMPARE(back->fit.options.bootstrap, 40);
    QCOMPARE(back->fit.options.holdout_above.value(), 0.5);
    QCOMPARE(back->fit.result, p.fit.result);
    QCOMPARE(back->window_geometry, p.window_geometry);
    QCOMPARE(back->window_state, p.window_state);
    QVERIFY(!back->task_overrides);
    // Written twice, the same bytes: a project can live in version control.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray first = f.readAll();
    QCOMPARE(saveProject(*back, path), QString());
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), first);
  }

  void hashesTheSourceAndNoticesChanges() {
    QTemporaryDir dir;
    const QString source = write(dir, QStringLiteral("runs.csv"), "abc");
    const ProjectInput in = describeInput(source);
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    QCOMPARE(in.sha256, QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(inputChanged(in), QString());
    write(dir, QStringLiteral("runs.csv"), "abd");
    QVERIFY2(inputChanged(in).contains(QStringLiteral("changed since the project was saved")), qPrintable(inputChanged(in)));
    QFile::remove(source);
    QVERIFY2(inputChanged(in).contains(QStringLiteral("not found")), qPrintable(inputChanged(in)));
  }

  void aMovedProjectFolderReopensThroughRelativePaths() {
    QTemporaryDir outer;
    QVERIFY(QDir(outer.path()).mkpath(QStringLiteral("study/data")));
    const QString oldDir = outer.filePath(QStringLiteral("study"));
    const QString source = oldDir + QStringLiteral("/data/runs.csv");
    QFile f(source);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("abc");
    f.close();
    Project p = sample(source);
    p.task_overrides = describeInput(source);  // any file: both inputs are resolved alike
    QCOMPARE(saveProject(p, oldDir + QStringLiteral("/study.ratioscope")), QString());
    QFile saved(oldDir + QStringLiteral("/study.ratioscope"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QJsonObject json = QJsonDocument::fromJson(saved.readAll()).object();
    QCOMPARE(json[QStringLiteral("source")].toObject()[QStringLiteral("relative")].toString(), QStringLiteral("data/runs.csv"));
    QCOMPARE(json[QStringLiteral("source")].toObject()[QStringLiteral("location")].toString(), source);

    // Where the absolute path is still there, it is the one used.
    QString error;
    auto back = loadProject(oldDir + QStringLiteral("/study.ratioscope"), error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->source.location, source);
    QCOMPARE(inputMoved(back->source), QString());

    // The whole folder moved (copied to another machine): found through the relative path.
    const QString newDir = outer.filePath(QStringLiteral("moved"));
    QVERIFY(QDir().rename(oldDir, newDir));
    back = loadProject(newDir + QStringLiteral("/study.ratioscope"), error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->source.location, newDir + QStringLiteral("/data/runs.csv"));
    QCOMPARE(back->task_overrides->location, newDir + QStringLiteral("/data/runs.csv"));
    QCOMPARE(inputMoved(back->source),
             QStringLiteral("%1 is gone; using %2/data/runs.csv (its place relative to the project)").arg(source, newDir));
    QCOMPARE(inputChanged(back->source), QString());  // the same bytes
    // The hash is still checked where it was found.
    QFile changed(newDir + QStringLiteral("/data/runs.csv"));
    QVERIFY(changed.open(QIODevice::Append));
    changed.write("d");
    changed.close();
    QVERIFY2(inputChanged(back->source).contains(QStringLiteral("changed since the project was saved")), qPrintable(inputChanged(back->source)));
    // Neither path there: the saved absolute path is reported missing.
    QVERIFY(QFile::remove(newDir + QStringLiteral("/data/runs.csv")));
    back = loadProject(newDir + QStringLiteral("/study.ratioscope"), error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->source.location, source);
    QCOMPARE(inputChanged(back->source), source + QStringLiteral(": not found (moved or deleted since the project was saved)"));
  }

  void aStoreUrlKeepsNoPassword() {
    const ProjectInput in = describeInput(QStringLiteral("postgresql://lab:secret@db.example:5432/runs"));
    QVERIFY2(!in.location.contains(QStringLiteral("secret")), qPrintable(in.location));
    QVERIFY(in.location.startsWith(QStringLiteral("postgresql://lab")));
    QCOMPARE(in.sha256, QString());
    QCOMPARE(inputChanged(in), QString());  // a server's data is not one file
    const QJsonObject json = projectToJson(Project{in, {}, {}, {}, {}, {}, {}, {}});
    QVERIFY(!QJsonDocument(json).toJson().contains("secret"));
  }

  void badFilesSayWhatIsWrong_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    const QByteArray head = R"({"format": "ratioscope-project", "version": 1, "source": {"location": "/x.csv"})";
    QTest::newRow("not json") << QByteArray("{format:") << "not a Ratioscope project (";
    QTest::newRow("an array") << QByteArray("[1, 2]") << "not a JSON object";
    QTest::newRow("another format") << QByteArray(R"({"format": "x", "version": 1})") << "no \"format\": \"ratioscope-project\"";
    QTest::newRow("newer") << QByteArray(R"({"format": "ratioscope-project", "version": 2})") << "written by a newer Ratioscope (project version 2";
    QTest::newRow("version text") << QByteArray(R"({"format": "ratioscope-project", "version": "1"})") << "version: must be a whole number";
    QTest::newRow("no source") << QByteArray(R"({"format": "ratioscope-project", "version": 1})") << "source.location: is missing";
    QTest::newRow("bad hash") << QByteArray(R"({"format": "ratioscope-project", "version": 1, "source": {"location": "/x", "sha256": "zz"}})")
                              << "source.sha256: must be 64 lower-case hex digits";
    QTest::newRow("relative number") << QByteArray(R"({"format": "ratioscope-project", "version": 1, "source": {"location": "/x", "relative": 3}})")
                                     << "source.relative: must be a string";
    QTest::newRow("bad axis") << head + R"(, "figure": {"axis": "sideways"}})" << "figure.axis: 'sideways' is not an axis";
    QTest::newRow("log as text") << head + R"(, "figure": {"log_y": "yes"}})" << "figure.log_y: must be true or false";
    QTest::newRow("hidden not list") << head + R"(, "figure": {"hidden": "method:rtn"}})" << "figure.hidden: must be a list of strings";
    QTest::newRow("bad filter") << head + R"(, "filter": "bits<="})" << "filter: ";
    QTest::newRow("bad robust") << head + R"(, "fit": {"options": {"robust": "huber:-1"}}})"
                                << "fit.options.robust: must be none, huber:DELTA or cauchy:DELTA with DELTA > 0, not 'huber:-1'";
    QTest::newRow("robust typo") << head + R"(, "fit": {"options": {"robust": "HUBER"}}})"
                                 << "fit.options.robust: must be none, huber:DELTA or cauchy:DELTA with DELTA > 0, not 'HUBER'";
    QTest::newRow("negative bootstrap") << head + R"(, "fit": {"options": {"bootstrap": -3}}})" << "fit.options.bootstrap: must be a number from 0";
    QTest::newRow("excluded numbers") << head + R"(, "excluded_runs": [1, 2]})" << "excluded_runs: must be a list of strings";
  }
  void badFilesSayWhatIsWrong() {
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const QString got = messageFor(json);
    QVERIFY2(got.contains(message), qPrintable(got));
    QVERIFY2(got.contains(QStringLiteral("bad.ratioscope: ")), qPrintable(got));  // names the file
  }

  void aRobustLossReadsInAnyCase() {
    // As the CLI's --robust takes it (core/laws/robust_loss_text.h).
    QString error;
    const auto p = projectFromJson(QJsonDocument::fromJson(R"({"format": "ratioscope-project", "version": 1, "source": {"location": "/x"},
                                                               "fit": {"options": {"robust": "HUBER:0.01"}}})").object(), error);
    QVERIFY2(p, qPrintable(error));
    QCOMPARE(p->fit.options.robust->kind, laws::RobustLoss::Kind::Huber);
    QCOMPARE(p->fit.options.robust->delta, 0.01);
    QCOMPARE(projectToJson(*p)[QStringLiteral("fit")].toObject()[QStringLiteral("options")].toObject()[QStringLiteral("robust")].toString(),
             QStringLiteral("huber:0.01"));
  }

  void notAProjectFileAtAll() {
    QTemporaryDir dir;
    QString error;
    QVERIFY(!loadProject(dir.filePath(QStringLiteral("none.ratioscope")), error));
    QVERIFY2(error.endsWith(QStringLiteral("none.ratioscope: no such file")), qPrintable(error));
    QVERIFY(!loadProject(dir.path(), error));
    QVERIFY2(error.endsWith(QStringLiteral(": not a regular file")), qPrintable(error));
    const QString big = dir.filePath(QStringLiteral("big.ratioscope"));
    QFile f(big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.resize(17 << 20));
    f.close();
    QVERIFY(!loadProject(big, error));
    QVERIFY2(error.contains(QStringLiteral("too large for a project file")), qPrintable(error));
  }
};

QTEST_MAIN(TestProjectFile)
#include "test_project_file.moc"
