// Experiment store: round trip, idempotent re-import, all-or-nothing imports,
// and clear refusals of files that are not our database.
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"
#include "tests/support/fixture_file.h"
#include "tests/support/raw_sqlite.h"

using namespace rs;

namespace {
const QByteArray kRuns =
    "run,family,model,params,method,ratio,seed,metric,value,stderr,n\n"
    "d,f,m,1e9,,,1,loss,2.0,,\n"
    "d,f,m,1e9,,,1,piqa,0.75,0.01,1838\n"
    "q,f,m,1e9,rtn,0.75,1,loss,2.2,,\n"
    "q,f,m,1e9,rtn,0.75,1,piqa,0.70,0.011,1838\n";
}  // namespace

// A store at `path` holding kRuns (imported from a.csv), open for writing:
// what most tests start from. Null when it could not be made.
std::unique_ptr<ExperimentStore> storeWithRuns(const QTemporaryDir& dir, const std::string& path) {
  std::string error;
  auto store = ExperimentStore::open(path, error);
  ImportSummary s;
  if (!store || importFileInto(*store, test::writeFixture(dir, QStringLiteral("a.csv"), kRuns), s)) return nullptr;
  return store;
}

// A closed store holding kRuns, then changed by `statement` behind
// Ratioscope's back: what the tampering tests read. Empty when it could not be made.
std::string tamperedStore(const QTemporaryDir& dir, const QString& statement) {
  const std::string path = dir.filePath(QStringLiteral("tampered.sqlite")).toStdString();
  if (!storeWithRuns(dir, path) || !test::execRawSql(QString::fromStdString(path), {statement})) return {};
  return path;
}

// "" when reading the store at `path` is refused whole (no run half-read)
// with a message holding `named`; otherwise what happened instead.
QString refusalMismatch(const std::string& path, const QString& named) {
  const LoadedRuns loaded = loadRuns(path);
  if (loaded.ok()) return QStringLiteral("read without complaint");
  if (!loaded.runs.empty()) return QStringLiteral("half-read: %1 runs").arg(loaded.runs.size());
  const QString error = QString::fromStdString(loaded.error);
  return error.contains(named) ? QString() : error;
}

class TestExperimentStore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTrips() {
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("a.csv"), kRuns);
    std::string error;
    auto store = ExperimentStore::open(dir.filePath(QStringLiteral("x.sqlite")).toStdString(), error);
    QVERIFY2(store, error.c_str());
    ImportSummary s;
    QVERIFY(!importFileInto(*store, csv, s));
    QCOMPARE(s.runs_added, std::size_t(2));
    QCOMPARE(s.metrics_added, std::size_t(4));
    const auto runs = store->loadRuns(error);
    QVERIFY(error.empty());
    QCOMPARE(runs.size(), std::size_t(2));
    const Run& q = runs[1];
    QCOMPARE(q.key, std::string("q"));
    QCOMPARE(q.method, std::string("rtn"));
    QCOMPARE(*q.ratio, 0.75);
    QCOMPARE(*q.params, 1e9);
    QCOMPARE(*q.seed, std::int64_t(1));
    QCOMPARE(q.metric("piqa")->value, 0.70);
    QCOMPARE(*q.metric("piqa")->std_error, 0.011);
    QCOMPARE(*q.metric("piqa")->n, std::int64_t(1838));
    QVERIFY(QString::fromStdString(q.source.text()).endsWith(QStringLiteral("a.csv:4")) && q.source.line == 4);
    QVERIFY(runs[0].isDense());
  }
  void recordsTheDeviceAndUpgradesVersionOne() {
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("d.csv"),
                                        "run,family,model,params,method,latency_ms,device,metric,value\n"
                                        "g,f,m,1e6,,0.4,cuda,loss,2.0\n"
                                        "c,f,m,1e6,,3.1,,loss,2.0\n");
    const std::string path = dir.filePath(QStringLiteral("v.sqlite")).toStdString();
    std::string error;
    {
      auto store = ExperimentStore::open(path, error);
      QVERIFY2(store, error.c_str());
      ImportSummary s;
      QVERIFY(!importFileInto(*store, csv, s));
      const auto runs = store->loadRuns(error);
      QCOMPARE(runs[0].device, std::string("cuda"));
      QVERIFY(runs[1].device.empty());  // not recorded: NULL, not a device named ""
    }
    // Make it a version-1 database, as Ratioscope wrote before devices.
    QStringList downgrade;
    for (const char* column : {"runs DROP COLUMN device", "runs DROP COLUMN origin_line", "runs DROP COLUMN origin_pointer", "runs DROP COLUMN eval",
                               "metrics DROP COLUMN n_shot", "metrics DROP COLUMN higher_is_better"})
      downgrade << QStringLiteral("ALTER TABLE ") + QLatin1String(column);
    QVERIFY(test::execRawSql(QString::fromStdString(path), downgrade << QStringLiteral("PRAGMA user_version = 1")));
    {
      // Viewing reads it as it is, without a device and without writing.
      auto view = ExperimentStore::open(path, error, ExperimentStore::Mode::ReadOnly);
      QVERIFY2(view, error.c_str());
      const auto runs = view->loadRuns(error);
      QVERIFY2(error.empty(), error.c_str());
      QCOMPARE(runs.size(), std::size_t(2));
      QVERIFY(runs[0].device.empty());
    }
    QCOMPARE(test::rawSqlValue(QString::fromStdString(path), QStringLiteral("PRAGMA user_version")), QVariant(1));  // viewing did not upgrade it
    // Writing upgrades it in place, and the device of a new run is kept.
    auto store = ExperimentStore::open(path, error);
    QVERIFY2(store, error.c_str());
    ImportSummary s;
    QVERIFY(!importFileInto(
        *store, test::writeFixture(dir, QStringLiteral("e.csv"), "run,family,model,params,device,metric,value\nn,f,m2,1e6,cpu,loss,2.1\n"), s));
    const auto runs = store->loadRuns(error);
    QCOMPARE(runs.size(), std::size_t(3));
    QCOMPARE(runs[2].device, std::string("cpu"));
    // The same runs again, now with their device: no conflict, and the device is kept.
    ImportSummary again;
    QVERIFY(!importFileInto(*store,
                            test::writeFixture(dir, QStringLiteral("f.csv"),
                                               "run,family,model,params,method,latency_ms,device,metric,value\n"
                                               "g,f,m,1e6,,0.4,cuda,loss,2.0\n"
                                               "c,f,m,1e6,,3.1,cpu,loss,2.0\n"),
                            again));
    QCOMPARE(again.runs_added, std::size_t(0));
    QCOMPARE(again.runs_existing, std::size_t(2));
    QCOMPARE(store->loadRuns(error)[1].device, std::string("cpu"));
    // A different device for a run that has one is still a conflict.
    ImportSummary other;
    const auto conflict = importFileInto(*store,
                                         test::writeFixture(dir, QStringLiteral("h.csv"),
                                                            "run,family,model,params,method,latency_ms,device,metric,value\n"
                                                            "g,f,m,1e6,,0.4,tpu,loss,2.0\n"),
                                         other);
    QVERIFY(conflict && conflict->message.find("device") != std::string::npos);
  }
  void reimportAddsNothing() {
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("a.csv"), kRuns);
    std::string error;
    const auto db = dir.filePath(QStringLiteral("x.sqlite")).toStdString();
    auto store = ExperimentStore::open(db, error);
    ImportSummary s;
    QVERIFY(!importFileInto(*store, csv, s));
    QVERIFY(!importFileInto(*store, csv, s));
    QCOMPARE(s.runs_added, std::size_t(0));
    QCOMPARE(s.runs_existing, std::size_t(2));
    QCOMPARE(s.metrics_existing, std::size_t(4));
    // A second file adding one metric to a stored run appends just that metric.
    const auto more =
        test::writeFixture(dir, QStringLiteral("b.csv"), "run,family,model,params,method,ratio,seed,metric,value\nq,f,m,1e9,rtn,0.75,1,boolq,0.6\n");
    QVERIFY(!importFileInto(*store, more, s));
    QCOMPARE(s.runs_existing, std::size_t(1));
    QCOMPARE(s.metrics_added, std::size_t(1));
    store.reset();
    auto reopened = ExperimentStore::open(db, error);  // persists across opens
    QCOMPARE(reopened->loadRuns(error).size(), std::size_t(2));
  }
  void reimportsNegativeZero() {
    // Issue #17: a run field of -0 was stored as 0, so the same file again
    // was refused as a conflicting duplicate (-0 against 0).
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("z.csv"),
                                        "run,family,model,method,ratio,sparsity,rft_tokens,metric,value\nz,f,m,magnitude,0.5,0.5,-0,loss,-0\n");
    std::string error;
    auto store = ExperimentStore::open(dir.filePath(QStringLiteral("z.sqlite")).toStdString(), error);
    ImportSummary s;
    QVERIFY(!importFileInto(*store, csv, s));
    QCOMPARE(s.runs_added, std::size_t(1));
    const auto again = importFileInto(*store, csv, s);
    QVERIFY2(!again, again ? again->text().c_str() : "");
    QCOMPARE(s.runs_added, std::size_t(0));
    QCOMPARE(s.runs_existing, std::size_t(1));
    QCOMPARE(s.metrics_existing, std::size_t(1));
  }
  void selectsDenseRunsByRatioZero() {
    // A dense run's ratio is 0 even when the file leaves it empty: ratio=0
    // finds it, ratio<=0.5 keeps it, ratio>0 leaves it out, in the store's
    // SQL as in memory.
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("a.csv"), kRuns);
    std::string error;
    const auto db = dir.filePath(QStringLiteral("x.sqlite")).toStdString();
    auto store = ExperimentStore::open(db, error);
    ImportSummary s;
    QVERIFY(!importFileInto(*store, csv, s));
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"ratio=0", {"d"}}, {"ratio<=0.5", {"d"}}, {"ratio>0", {"q"}}, {"ratio!=0", {"q"}}, {"ratio>=0", {"d", "q"}}, {"ratio=0.75", {"q"}}};
    for (const auto& [text, want] : cases) {
      Selection selection;
      selection.conditions.emplace_back();
      QCOMPARE(parseCondition(text, selection.conditions.back()), std::string());
      for (const bool fromStore : {true, false}) {
        const LoadedRuns loaded = fromStore ? loadRuns(db, {}, selection) : loadRuns(csv, {}, selection);
        QVERIFY2(loaded.ok(), loaded.error.c_str());
        std::vector<std::string> keys;
        for (const Run& r : loaded.runs) keys.push_back(r.key);
        std::sort(keys.begin(), keys.end());
        QVERIFY2(keys == want, (text + (fromStore ? " (store)" : " (file)")).c_str());
      }
    }
  }
  void conflictRollsBackWholeImport() {
    QTemporaryDir dir;
    std::string error;
    auto store = storeWithRuns(dir, dir.filePath(QStringLiteral("x.sqlite")).toStdString());
    QVERIFY(store);
    ImportSummary s;
    // New run first, then a run that conflicts with the stored one: the new
    // run must not be left behind.
    const auto bad = test::writeFixture(dir, QStringLiteral("bad.csv"),
                                        "run,family,model,params,method,ratio,seed,metric,value\n"
                                        "new,f,m,1e9,rtn,0.5,1,loss,2.1\n"
                                        "q,f,m,1e9,rtn,0.8,1,loss,2.2\n");
    const auto err = importFileInto(*store, bad, s);
    QVERIFY(err);
    const QString text = QString::fromStdString(err->text());
    QVERIFY2(text.contains(QStringLiteral("bad.csv:3")) && text.contains(QStringLiteral("ratio")) &&
                 text.contains(QStringLiteral("conflicting duplicate run")),
             qPrintable(text));
    QCOMPARE(store->loadRuns(error).size(), std::size_t(2));
    const auto badMetric =
        test::writeFixture(dir, QStringLiteral("m.csv"), "run,family,model,params,method,ratio,seed,metric,value\nq,f,m,1e9,rtn,0.75,1,loss,9\n");
    const auto err2 = importFileInto(*store, badMetric, s);
    QVERIFY(err2 && QString::fromStdString(err2->text()).contains(QStringLiteral("metric 'loss'")));
    QCOMPARE(store->loadRuns(error)[1].metric("loss")->value, 2.2);
  }
  void conflictsNameTheField() {
    QTemporaryDir dir;
    std::string error;
    auto store = storeWithRuns(dir, dir.filePath(QStringLiteral("x.sqlite")).toStdString());
    QVERIFY(store);
    ImportSummary s;
    // Same value, different standard error: still a conflict, not a silent drop.
    const auto other = test::writeFixture(
        dir, QStringLiteral("b.csv"), "run,family,model,params,method,ratio,seed,metric,value,stderr,n\nq,f,m,1e9,rtn,0.75,1,piqa,0.70,0.02,1838\n");
    const auto err = importFileInto(*store, other, s);
    QVERIFY(err);
    QCOMPARE(err->column, std::string("piqa"));
    QVERIFY2(QString::fromStdString(err->text()).contains(QStringLiteral("different stderr, n or few-shot count")), err->text().c_str());
    const auto run =
        test::writeFixture(dir, QStringLiteral("c.csv"), "run,family,model,params,method,ratio,seed,metric,value\nq,f,m,2e9,rtn,0.75,1,loss,2.2\n");
    const auto err2 = importFileInto(*store, run, s);
    QVERIFY(err2);
    QCOMPARE(err2->column, std::string("params"));
  }

  void viewingNeverWrites() {
    QTemporaryDir dir;
    // An SQLite file without our schema: opening it to look must not add one.
    const QString bare = dir.filePath(QStringLiteral("bare.sqlite"));
    QVERIFY(test::execRawSql(bare, {QStringLiteral("CREATE TABLE t (x)"), QStringLiteral("DROP TABLE t")}));
    QFile before(bare);
    before.open(QIODevice::ReadOnly);
    const QByteArray bytes = before.readAll();
    before.close();
    const LoadedRuns loaded = loadRuns(bare.toStdString());
    QVERIFY(!loaded.ok());
    QVERIFY2(QString::fromStdString(loaded.error).contains(QStringLiteral("not a Ratioscope experiment database")), loaded.error.c_str());
    QFile after(bare);
    after.open(QIODevice::ReadOnly);
    QCOMPARE(after.readAll(), bytes);  // not a byte written
    QVERIFY(!QFile::exists(bare + QStringLiteral("-wal")));
  }

  void badFileImportsNothing() {
    QTemporaryDir dir;
    std::string error;
    auto store = ExperimentStore::open(dir.filePath(QStringLiteral("x.sqlite")).toStdString(), error);
    ImportSummary s;
    const auto err = importFileInto(*store, test::writeFixture(dir, QStringLiteral("bad.csv"), "model,metric,value\nm,loss,1\nm,piqa,x\n"), s);
    QVERIFY(err);
    QCOMPARE(err->line, std::size_t(3));
    QVERIFY(store->loadRuns(error).empty());
  }
  void refusesForeignFiles() {
    QTemporaryDir dir;
    std::string error;
    const auto csv = test::writeFixture(dir, QStringLiteral("a.csv"), kRuns);
    QVERIFY(!ExperimentStore::open(csv, error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not an SQLite database")), error.c_str());
    QVERIFY(!ExperimentStore::open("/nonexistent/dir/x.sqlite", error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("does not exist")), error.c_str());
    const QString other = dir.filePath(QStringLiteral("other.sqlite"));
    QVERIFY(test::execRawSql(other, {QStringLiteral("CREATE TABLE t (x)")}));
    QFile otherFile(other);
    QVERIFY(otherFile.open(QIODevice::ReadOnly));
    const QByteArray otherBytes = otherFile.readAll();
    otherFile.close();
    QVERIFY(!ExperimentStore::open(other.toStdString(), error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not a Ratioscope experiment database")), error.c_str());
    // Refused for writing before anything is written: not even its journal
    // mode changes (a switch to WAL rewrites the header).
    QVERIFY(otherFile.open(QIODevice::ReadOnly));
    QCOMPARE(otherFile.readAll(), otherBytes);
    QVERIFY(!QFile::exists(other + QStringLiteral("-wal")));
    QVERIFY(test::execRawSql(dir.filePath(QStringLiteral("newer.sqlite")), {QStringLiteral("PRAGMA user_version = 99")}));
    QVERIFY(!ExperimentStore::open(dir.filePath(QStringLiteral("newer.sqlite")).toStdString(), error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("newer than this Ratioscope")), error.c_str());
  }
  // An experiment database is data: stored SQL is refused before it can act
  // (a trigger that rewrites every import, a view standing in for a table).
  void refusesStoredSql_data() {
    QTest::addColumn<QString>("statement");
    QTest::addColumn<QString>("named");
    QTest::newRow("trigger") << QStringLiteral("CREATE TRIGGER x10 AFTER INSERT ON metrics BEGIN UPDATE metrics SET value = value * 10; END")
                             << QStringLiteral("holds trigger 'x10'");
    QTest::newRow("view") << QStringLiteral("CREATE VIEW looping AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
                          << QStringLiteral("holds view 'looping'");
    QTest::newRow("table") << QStringLiteral("CREATE TABLE notes (t TEXT)") << QStringLiteral("holds table 'notes'");
    QTest::newRow("column") << QStringLiteral("ALTER TABLE runs ADD COLUMN colour TEXT") << QStringLiteral("table runs does not have the columns");
  }
  void refusesStoredSql() {
    QFETCH(QString, statement);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const std::string path = tamperedStore(dir, statement);
    QVERIFY(!path.empty());
    std::string error;
    for (auto mode : {ExperimentStore::Mode::ReadWrite, ExperimentStore::Mode::ReadOnly}) {
      QVERIFY(!ExperimentStore::open(path, error, mode));
      QVERIFY2(QString::fromStdString(error).contains(named), error.c_str());
    }
    QCOMPARE(refusalMismatch(path, named), QString());
  }

  // Values read from a store pass the checks a file's values do.
  void refusesValuesNoFileCouldGive_data() {
    QTest::addColumn<QString>("statement");
    QTest::addColumn<QString>("named");
    QTest::newRow("negative params") << QStringLiteral("UPDATE runs SET params = -5 WHERE key = 'q'") << QStringLiteral("table runs, run 'q': column 'params'");
    QTest::newRow("ratio 5") << QStringLiteral("UPDATE runs SET ratio = 5 WHERE key = 'q'") << QStringLiteral("table runs, run 'q': column 'ratio'");
    QTest::newRow("text params") << QStringLiteral("UPDATE runs SET params = 'many' WHERE key = 'q'") << QStringLiteral("column 'params': 'many' is not a finite number");
    QTest::newRow("infinite value") << QStringLiteral("UPDATE metrics SET value = 9e999 WHERE name = 'loss'") << QStringLiteral("table metrics, run 'd': column 'loss': inf is not a finite number");
    QTest::newRow("text value") << QStringLiteral("UPDATE metrics SET value = 'x' WHERE name = 'piqa'") << QStringLiteral("column 'piqa': 'x' is not a finite number");
    QTest::newRow("negative stderr") << QStringLiteral("UPDATE metrics SET stderr = -1 WHERE name = 'piqa'") << QStringLiteral("column 'piqa stderr': -1 is negative");
    QTest::newRow("zero n") << QStringLiteral("UPDATE metrics SET n = 0 WHERE name = 'piqa'") << QStringLiteral("column 'piqa n'");
  }
  void refusesValuesNoFileCouldGive() {
    QFETCH(QString, statement);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const std::string path = tamperedStore(dir, statement);
    QVERIFY(!path.empty());
    QCOMPARE(refusalMismatch(path, named), QString());
    // Importing into it meets the same check, and writes nothing.
    std::string error;
    auto store = ExperimentStore::open(path, error);
    QVERIFY2(store, error.c_str());
    ImportSummary s;
    const auto e = importFileInto(*store, test::writeFixture(dir, QStringLiteral("b.csv"), kRuns), s);
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->text()).contains(named), e->text().c_str());
  }

  // A run's evaluation settings are one JSON object of text (store_schema.cpp):
  // anything else was written by hand, and reading the run says so.
  void refusesDamagedEvalSettings_data() {
    QTest::addColumn<QString>("eval");
    QTest::addColumn<QString>("named");
    QTest::newRow("not JSON") << QStringLiteral("not json") << QStringLiteral("table runs, run 'q': column 'eval': 'not json' is not a JSON object of evaluation settings");
    QTest::newRow("an array") << QStringLiteral("[1]") << QStringLiteral("column 'eval': '[1]' is not a JSON object of evaluation settings");
    QTest::newRow("a number") << QStringLiteral("{\"dtype\": 16}") << QStringLiteral("column 'eval': setting 'dtype' is not text");
  }
  void refusesDamagedEvalSettings() {
    QFETCH(QString, eval);
    QFETCH(QString, named);
    QTemporaryDir dir;
    const std::string path = tamperedStore(dir, QStringLiteral("UPDATE runs SET eval = '%1' WHERE key = 'q'").arg(eval));
    QVERIFY(!path.empty());
    QCOMPARE(refusalMismatch(path, named), QString());
  }

  void refusesADamagedFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("d.sqlite")).toStdString();
    std::string error;
    {
      auto store = ExperimentStore::open(path, error);
      ImportSummary s;
      QByteArray many = "run,model,metric,value\n";
      for (int i = 0; i < 3000; ++i) many += "r" + QByteArray::number(i) + ",m" + QByteArray::number(i) + ",loss," + QByteArray::number(2 + i * 1e-4) + "\n";
      QVERIFY(!importFileInto(*store, test::writeFixture(dir, QStringLiteral("many.csv"), many), s));
    }
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadWrite));
    const qint64 size = f.size();
    for (qint64 at = 3 * 4096 + 100; at < size; at += 8192) {  // scribble over a page's cells
      f.seek(at);
      f.write(QByteArray(40, '\x5a'));
    }
    f.close();
    const LoadedRuns loaded = loadRuns(path);
    QVERIFY(!loaded.ok());
    QVERIFY2(QString::fromStdString(loaded.error).contains(QStringLiteral("integrity check")) ||
                 QString::fromStdString(loaded.error).contains(QStringLiteral("malformed")),
             loaded.error.c_str());
  }

  // A flipped byte in a run's row leaves the indexes on runs pointing at a
  // row that no longer matches them; SQLite's quick check does not compare
  // them, the store's check does (found by tests/hostile/hostile_inputs.py).
  void refusesARunRowThatItsIndexesContradict() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("i.sqlite")).toStdString();
    std::string error;
    {
      auto store = ExperimentStore::open(path, error);
      ImportSummary s;
      QVERIFY(!importFileInto(
          *store, test::writeFixture(dir, QStringLiteral("a.csv"), "run,model,metric,value\nr1,marker-model-A,loss,2\nr2,other,loss,3\n"), s));
    }
    QVERIFY(!QFile::exists(QString::fromStdString(path) + QStringLiteral("-wal")));  // all in the one file
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    const qsizetype at = bytes.indexOf("marker-model-A");  // the table's copy: its page comes before the index's
    QVERIFY(at > 0 && bytes.indexOf("marker-model-A", at + 1) > at);
    f.seek(at + 13);
    f.write("B");
    f.close();
    for (auto mode : {ExperimentStore::Mode::ReadWrite, ExperimentStore::Mode::ReadOnly}) {
      QVERIFY(!ExperimentStore::open(path, error, mode));
      QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("fails SQLite's integrity check (row 1 missing from index")), error.c_str());
    }
  }

  void loadsEitherKindOfInput() {
    QTemporaryDir dir;
    const auto csv = test::writeFixture(dir, QStringLiteral("a.csv"), kRuns);
    const LoadedRuns fromCsv = loadRuns(csv);
    QVERIFY(fromCsv.ok());
    QCOMPARE(fromCsv.runs.size(), std::size_t(2));
    QCOMPARE(fromCsv.runs[1].id, std::int64_t(2));
    std::string error;
    const auto db = dir.filePath(QStringLiteral("x.sqlite")).toStdString();
    {
      auto store = ExperimentStore::open(db, error);
      ImportSummary s;
      importFileInto(*store, csv, s);
    }
    const LoadedRuns fromDb = loadRuns(db);
    QVERIFY(fromDb.ok() && fromDb.from_database);
    QCOMPARE(fromDb.runs.size(), std::size_t(2));
    QVERIFY(QString::fromStdString(loadRuns("/nonexistent.csv").error).contains(QStringLiteral("no such file")));
  }
};

QTEST_GUILESS_MAIN(TestExperimentStore)
#include "test_experiment_store.moc"
