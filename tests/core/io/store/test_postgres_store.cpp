// The PostgreSQL store against a real server started for the suite: the
// same runs as the SQLite store, idempotent re-imports, conflicts refused
// whole, selections evaluated by the server, eight writers at once, and one
// clear message for each way a connection fails.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <thread>

#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/io/store/postgres_store.h"
#include "core/io/store_import.h"
#include "tests/support/fixture_file.h"
#include "tests/support/pg_server.h"

using namespace rs;

namespace {
const QByteArray kRuns =
    "run,family,model,params,method,ratio,bits,seed,device,metric,value,stderr,n\n"
    "d,f,m,1e9,,,,1,,loss,2.0,,\n"
    "d,f,m,1e9,,,,1,,piqa,0.75,0.01,1838\n"
    "q,f,m,1e9,rtn,0.75,4,1,cpu,loss,2.2,,\n"
    "q,f,m,1e9,rtn,0.75,4,1,cpu,piqa,0.70,0.011,1838\n"
    "q8,f,m,1e9,rtn,0.5,8,1,,piqa,0.74,0.011,1838\n"
    "g,g,n,2e9,magnitude,0.5,,2,,piqa,0.6,,\n";

// Runs as comparable text: fields, metrics, provenance.
QString describe(const std::vector<Run>& runs) {
  QString out;
  for (const Run& r : runs) {
    out += QString::fromStdString(r.key + "|" + r.family + "|" + r.model + "|" + r.method + "|" + r.device + "|" + r.source.text() + "|" +
                                  std::to_string(r.ratio.value_or(-1)) + "|" + std::to_string(r.bits.value_or(-1)) + "|" + std::to_string(r.seed.value_or(-1)));
    for (const Metric& m : r.metrics)
      out += QStringLiteral(" %1=%2±%3 n%4").arg(QString::fromStdString(m.name)).arg(m.value).arg(m.std_error.value_or(-1)).arg(m.n.value_or(-1));
    out += QLatin1Char('\n');
  }
  return out;
}
}  // namespace

class TestPostgresStore : public QObject {
  Q_OBJECT
  std::unique_ptr<test::PgServer> server_;
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    server_ = test::PgServer::forSuite();
    QVERIFY2(server_->ok(), qPrintable(server_->error()));
  }

  void storesWhatSqliteStores() {
    const std::string csv = test::writeFixture(dir_, QStringLiteral("runs.csv"), kRuns);
    std::string error;
    auto pg = ExperimentStore::open(server_->url(), error);
    QVERIFY2(pg, error.c_str());
    auto lite = ExperimentStore::open(dir_.filePath(QStringLiteral("same.sqlite")).toStdString(), error);
    QVERIFY2(lite, error.c_str());
    ImportSummary s;
    QVERIFY(!importFileInto(*pg, csv, s));
    QCOMPARE(s.runs_added, std::size_t(4));
    QCOMPARE(s.metrics_added, std::size_t(6));
    QVERIFY(!importFileInto(*lite, csv, s));
    const auto fromPg = pg->loadRuns(error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(describe(fromPg), describe(lite->loadRuns(error)));
    QCOMPARE(fromPg[1].device, std::string("cpu"));
    QCOMPARE(fromPg[1].source.line, std::size_t(4));
    QCOMPARE(fromPg[1].source.sha256.size(), std::size_t(64));
    // Re-importing adds nothing.
    QVERIFY(!importFileInto(*pg, csv, s));
    QCOMPARE(s.runs_added, std::size_t(0));
    QCOMPARE(s.runs_existing, std::size_t(4));
    QCOMPARE(s.metrics_existing, std::size_t(6));
  }

  void evaluatesSelectionsInTheServer() {
    std::string error;
    auto pg = ExperimentStore::open(server_->url(), error, ExperimentStore::Mode::ReadOnly);
    QVERIFY2(pg, error.c_str());
    const auto all = pg->loadRuns(error);
    for (const char* text : {"method=rtn", "bits<=4", "ratio=0.5", "method=dense", "method!=rtn", "device=cpu", "device=", "seed>1", "family=f",
                             "structured=true", "params=abc", "model!=m"}) {
      Condition c;
      QVERIFY2(parseCondition(text, c).empty(), text);
      Selection sel;
      sel.conditions.push_back(c);
      QCOMPARE(describe(pg->loadRuns(error, sel)), describe(sel.apply(all)));
    }
  }

  void refusesAConflictWhole() {
    std::string error;
    auto pg = ExperimentStore::open(server_->url(), error);
    ImportSummary s;
    const auto e = importFileInto(*pg,
                                  test::writeFixture(dir_, QStringLiteral("c.csv"),
                                                     "run,family,model,params,method,ratio,bits,seed,metric,value\n"
                                                     "new,f,m,1e9,rtn,0.875,2,1,loss,3.0\n"
                                                     "q,f,m,1e9,rtn,0.75,4,1,loss,2.3\n"),
                                  s);
    QVERIFY(e);
    QVERIFY2(QString::fromStdString(e->text()).contains(QStringLiteral("c.csv:3: column 'loss': metric 'loss' of run 'q' is already in postgresql://ratioscope@127.0.0.1:")) &&
                 QString::fromStdString(e->text()).contains(QStringLiteral("with value 2.2, but this file gives 2.3")),
             e->text().c_str());
    QCOMPARE(pg->loadRuns(error).size(), std::size_t(4));  // 'new' was rolled back with it
  }

  void eightWritersAtOnceStoreEachRunOnce() {
    QVERIFY(server_->createDatabase(QStringLiteral("race")));
    // Eight writers, each a file of 30 runs of which 20 are shared by all.
    std::vector<std::string> files;
    for (int w = 0; w < 8; ++w) {
      QByteArray csv = "run,family,model,params,method,ratio,metric,value\n";
      for (int i = 0; i < 30; ++i) {
        const QByteArray key = i < 20 ? "shared" + QByteArray::number(i) : "own" + QByteArray::number(w) + "_" + QByteArray::number(i);
        csv += key + ",f,m,1e9,rtn,0.5,loss," + QByteArray::number(2.0 + i * 0.01) + "\n";
      }
      files.push_back(test::writeFixture(dir_, QStringLiteral("w%1.csv").arg(w), csv));
    }
    std::vector<std::string> errors(8);
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w)
      writers.emplace_back([&, w] {
        std::string error;
        auto store = ExperimentStore::open(server_->url(QStringLiteral("race")), error);
        if (!store) { errors[w] = error; return; }
        ImportSummary s;
        if (auto e = importFileInto(*store, files[w], s)) errors[w] = e->text();
      });
    for (auto& t : writers) t.join();
    for (const std::string& e : errors) QVERIFY2(e.empty(), e.c_str());
    std::string error;
    auto store = ExperimentStore::open(server_->url(QStringLiteral("race")), error, ExperimentStore::Mode::ReadOnly);
    const auto runs = store->loadRuns(error);
    QCOMPARE(runs.size(), std::size_t(20 + 8 * 10));
    for (const Run& r : runs) QCOMPARE(r.metrics.size(), std::size_t(1));
  }

  // The server goes away in the middle of an import: the import fails with a
  // message, nothing of it is stored, and the same import run again
  // completes.
  void serverStoppedMidImportLeavesNothingHalfWritten() {
    QVERIFY(server_->createDatabase(QStringLiteral("crash")));
    RunBatch big;
    big.file = "big.csv";
    big.sha256 = std::string(64, 'a');
    for (int i = 0; i < 20000; ++i) {
      Run r;
      r.family = "f";
      r.model = "m";
      r.method = "rtn";
      r.ratio = 0.5;
      r.seed = i;
      r.key = "r" + std::to_string(i);
      for (int t = 0; t < 25; ++t) r.metrics.push_back(Metric("task" + std::to_string(t), 0.25 + t * 0.01));
      big.runs.push_back(std::move(r));
    }
    std::string error;
    auto store = ExperimentStore::open(server_->url(QStringLiteral("crash")), error);
    QVERIFY2(store, error.c_str());
    std::optional<ImportError> failure;
    std::thread importer([&] {
      ImportSummary s;
      failure = store->importRuns(big, s);
    });
    QTest::qWait(400);
    server_->stop();
    importer.join();
    QVERIFY2(failure.has_value(), "the import finished before the server stopped; make the batch larger");
    QVERIFY2(QString::fromStdString(failure->text()).contains(QStringLiteral("postgresql://ratioscope@127.0.0.1:")), failure->text().c_str());
    server_->start();
    store = ExperimentStore::open(server_->url(QStringLiteral("crash")), error);
    QVERIFY2(store, error.c_str());
    QCOMPARE(store->loadRuns(error).size(), std::size_t(0));  // nothing half-written
    ImportSummary s;
    QVERIFY(!store->importRuns(big, s));
    QCOMPARE(s.runs_added, std::size_t(20000));
    QCOMPARE(s.metrics_added, std::size_t(500000));
  }

  void connectionFailuresSayWhatIsWrong() {
    std::string error;
    // A wrong password: named as such, and the password never printed.
    const std::string withPassword = "postgresql://ratioscope:not-the-password@127.0.0.1:" + std::to_string(server_->port()) + "/lab";
    QVERIFY(!ExperimentStore::open(withPassword, error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("wrong user or password")), error.c_str());
    QVERIFY2(!QString::fromStdString(error).contains(QStringLiteral("not-the-password")), error.c_str());
    QVERIFY2(QString::fromStdString(error).startsWith(QStringLiteral("postgresql://ratioscope@127.0.0.1:")), error.c_str());
    // A missing database.
    QVERIFY(!ExperimentStore::open(server_->url(QStringLiteral("nosuchdb")), error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("no such database or user")), error.c_str());
    // Nothing listening: refused at once, well within the 5 s bound.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const int closed = probe.serverPort();
    probe.close();
    const auto t0 = std::chrono::steady_clock::now();
    QVERIFY(!ExperimentStore::open("postgresql://ratioscope@127.0.0.1:" + std::to_string(closed) + "/lab", error));
    QVERIFY(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("cannot reach the server")), error.c_str());
    // A schema from a newer Ratioscope is refused, not read wrongly.
    QVERIFY(server_->createDatabase(QStringLiteral("future")));
    QVERIFY(ExperimentStore::open(server_->url(QStringLiteral("future")), error));
    QVERIFY(server_->sql(QStringLiteral("UPDATE ratioscope_schema SET version = 99"), QStringLiteral("future")));
    QVERIFY(!ExperimentStore::open(server_->url(QStringLiteral("future")), error, ExperimentStore::Mode::ReadOnly));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("schema version 99 is newer than this Ratioscope")), error.c_str());
    // A database Ratioscope did not make.
    QVERIFY(server_->createDatabase(QStringLiteral("other")));
    QVERIFY(server_->sql(QStringLiteral("CREATE TABLE runs (x int)"), QStringLiteral("other")));
    QVERIFY(!ExperimentStore::open(server_->url(QStringLiteral("other")), error));
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("not a Ratioscope experiment store")), error.c_str());
  }

  void cliImportsAndSelectsThroughTheUrl() {
    QVERIFY(server_->createDatabase(QStringLiteral("cli")));
    const QString url = QString::fromStdString(server_->url(QStringLiteral("cli")));
    const QString csv = QString::fromStdString(test::writeFixture(dir_, QStringLiteral("cli.csv"), kRuns));
    auto cli = [](const QStringList& args) {
      QProcess p;
      p.start(QStringLiteral(RS_CLI), args);
      p.waitForFinished(60000);
      return std::pair{p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError()};
    };
    const auto imported = cli({QStringLiteral("import"), csv, QStringLiteral("--db"), url});
    QVERIFY2(imported.first == 0, imported.second.constData());
    QVERIFY2(imported.second.contains("4 runs added"), imported.second.constData());
    const auto listed = cli({QStringLiteral("runs"), QStringLiteral("--input"), url, QStringLiteral("--where"), QStringLiteral("method=rtn")});
    QVERIFY2(listed.first == 0, listed.second.constData());
    QVERIFY2(listed.second.contains("2 runs"), listed.second.constData());
    const auto none = cli({QStringLiteral("runs"), QStringLiteral("--input"), url, QStringLiteral("--where"), QStringLiteral("method=gptq")});
    QCOMPARE(none.first, 1);
    QVERIFY2(none.second.contains("no run matches the --where filters in postgresql://ratioscope@"), none.second.constData());
  }

  // A live view LISTENs: another writer's import is noticed without a query,
  // and only the runs it touched are read.
  void notifiesAndReadsOnlyWhatChanged() {
    QVERIFY(server_->createDatabase(QStringLiteral("live")));
    std::string error;
    auto writer = ExperimentStore::open(server_->url(QStringLiteral("live")), error);
    QVERIFY2(writer, error.c_str());
    ImportSummary s;
    QVERIFY(!importFileInto(*writer, test::writeFixture(dir_, QStringLiteral("l1.csv"), kRuns), s));
    auto view = ExperimentStore::open(server_->url(QStringLiteral("live")), error, ExperimentStore::Mode::ReadOnly);
    QVERIFY(view->watch().empty());
    std::int64_t latest = 0;
    QVERIFY(view->loadChangedRuns(std::numeric_limits<std::int64_t>::max(), latest, error).empty());
    QCOMPARE(latest, std::int64_t(1));
    QVERIFY(!view->changedSinceLastCheck());
    QVERIFY(!importFileInto(*writer,
                            test::writeFixture(dir_, QStringLiteral("l2.csv"),
                                               "run,family,model,params,method,ratio,bits,seed,metric,value\n"
                                               "q,f,m,1e9,rtn,0.75,4,1,arc_easy,0.5\n"  // a new metric of a stored run
                                               "r2,f,m,1e9,rtn,0.875,2,1,loss,3.1\n"),  // a new run
                            s));
    bool noticed = false;
    for (int i = 0; i < 50 && !noticed; ++i) {
      noticed = view->changedSinceLastCheck();
      if (!noticed) QTest::qWait(20);
    }
    QVERIFY(noticed);
    const auto changed = view->loadChangedRuns(latest, latest, error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(changed.size(), std::size_t(2));
    QCOMPARE(changed[0].key, std::string("q"));
    QCOMPARE(changed[0].metrics.size(), std::size_t(3));  // whole: loss, piqa and the new arc_easy
    QCOMPARE(changed[1].key, std::string("r2"));
    QCOMPARE(latest, std::int64_t(2));
  }

  void commandsTakeTheUrl() {
    // Every command's --input takes the URL as it takes a file.
    const LoadedRuns loaded = loadRuns(server_->url());
    QVERIFY2(loaded.ok(), loaded.error.c_str());
    QVERIFY(loaded.from_database);
    QCOMPARE(loaded.runs.size(), std::size_t(4));
    QCOMPARE(redactedStoreUrl("postgresql://u:secret@h:5/db?sslmode=require"), std::string("postgresql://u@h:5/db?sslmode=require"));
    QCOMPARE(redactedStoreUrl("postgresql:///db?password=secret&host=h"), std::string("postgresql:///db?password=***&host=h"));
  }
};

QTEST_GUILESS_MAIN(TestPostgresStore)
#include "test_postgres_store.moc"
