// The live view (ui/live_view.h) following a real PostgreSQL lab store
// (tests/support/pg_server.h): another connection's import arrives through
// LISTEN/NOTIFY as just the runs it created or changed, whole; a server that
// goes away is reported naming the store, never a frozen window. (The SQLite
// path, through the window, is test_main_window's followsRunsLandingInTheOpenStore.)
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"
#include "tests/support/fixture_file.h"
#include "tests/support/pg_server.h"
#include "ui/live_view.h"

using namespace rs;

class TestLiveViewPostgres : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<test::PgServer> server_;

 private Q_SLOTS:
  void initTestCase() {
    server_ = test::PgServer::forSuite();
    QVERIFY2(server_->ok(), qPrintable(server_->error()));
  }

  void followsRunsLandingInALabStore() {
    std::string error;
    auto writer = ExperimentStore::open(server_->url(), error);
    QVERIFY2(writer, error.c_str());
    ImportSummary s;
    QVERIFY(!importFileInto(
        *writer, test::writeFixture(dir_, QStringLiteral("a.csv"), "run,model,method,ratio,metric,value\nd,m,,,loss,2.0\nq,m,rtn,0.5,loss,2.2\n"),
        s));
    ui::LiveView live;
    QSignalSpy changed(&live, &ui::LiveView::runsChanged);
    QSignalSpy failed(&live, &ui::LiveView::failed);
    live.follow(QString::fromStdString(server_->url()));
    QTest::qWait(5 * ui::LiveView::kPollMs);  // the follower has connected and listens
    QVERIFY(changed.isEmpty());               // what was there before is the window's already
    // Another writer (a cluster job): a new run, and a new metric of a stored one.
    QVERIFY(!importFileInto(
        *writer,
        test::writeFixture(dir_, QStringLiteral("b.csv"), "run,model,method,ratio,metric,value\nq,m,rtn,0.5,piqa,0.7\nr,m,rtn,0.75,loss,2.9\n"), s));
    QVERIFY(changed.wait(10000));
    const auto runs = changed.first().first().value<std::vector<Run>>();
    QCOMPARE(runs.size(), std::size_t(2));
    QCOMPARE(runs[0].key, std::string("q"));
    QCOMPARE(runs[0].metrics.size(), std::size_t(2));  // whole: loss and the new piqa
    QCOMPARE(runs[1].key, std::string("r"));
    QVERIFY(runs[1].id > 0);
    QVERIFY(failed.isEmpty());
  }

  void saysWhenTheServerGoesAway() {
    ui::LiveView live;
    QSignalSpy failed(&live, &ui::LiveView::failed);
    live.follow(QString::fromStdString(server_->url()));
    QTest::qWait(5 * ui::LiveView::kPollMs);
    server_->stop();
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(QString::fromStdString(server_->url()) + QStringLiteral(": ")), qPrintable(message));
  }
};

QTEST_GUILESS_MAIN(TestLiveViewPostgres)
#include "test_live_view_postgres.moc"
