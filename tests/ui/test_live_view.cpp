// ui/live_view: a worker thread with its own connection follows an SQLite
// store while another connection writes to it, and hands over only the runs
// that landed, whole. Built with ThreadSanitizer too
// (scripts/sanitize-thread.sh).
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <set>
#include <string>
#include <vector>

#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"
#include "ui/live_view.h"

using namespace rs;
using rs::ui::LiveView;

namespace {

std::vector<Run> runsOf(const QSignalSpy& spy, int i) { return spy.at(i).first().value<std::vector<Run>>(); }

}  // namespace

class TestLiveView : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void handsOverTheRunsThatLand() {
    QTemporaryDir dir;
    const std::string db = dir.filePath(QStringLiteral("live.sqlite")).toStdString();
    int files = 0;
    // Imports `csv` through a connection of its own, as another process would.
    auto import = [&](const QByteArray& csv) {
      QFile f(dir.filePath(QStringLiteral("in%1.csv").arg(files++)));
      if (!f.open(QIODevice::WriteOnly) || f.write(csv) != csv.size()) return std::string("cannot write ") + f.fileName().toStdString();
      f.close();
      std::string error;
      auto store = ExperimentStore::open(db, error);
      if (!store) return error;
      ImportSummary s;
      const auto failed = importFileInto(*store, f.fileName().toStdString(), s);
      return failed ? failed->message : std::string();
    };
    QCOMPARE(import("model,method,ratio,metric,value\nm,,,loss,2.0\n"), std::string());

    LiveView view;
    QSignalSpy changed(&view, &LiveView::runsChanged), failed(&view, &LiveView::failed);
    view.follow(dir.filePath(QStringLiteral("live.sqlite")));
    // When the follower starts reading is not observable: runs written before
    // it did are "already there". Write one run at a time until one is
    // handed over; from then on it is certainly following.
    for (int i = 1; i <= 100 && changed.isEmpty(); ++i) {
      QCOMPARE(import(QStringLiteral("model,method,ratio,metric,value\nm,rtn,0.%1,loss,2.5\n").arg(i, 3, 10, QLatin1Char('0')).toUtf8()),
               std::string());
      changed.wait(LiveView::kPollMs * 3);
    }
    QVERIFY(!changed.isEmpty());
    QVERIFY(failed.isEmpty());
    changed.clear();

    // Two runs in one import, one with two metrics: exactly those two, whole.
    QCOMPARE(import("model,method,ratio,metric,value\nm,magnitude,0.5,loss,2.4\nm,magnitude,0.5,piqa,0.6\nm,rtn,0.75,loss,2.9\n"),
             std::string());
    QVERIFY(changed.wait(10000));
    const std::vector<Run> landed = runsOf(changed, 0);
    QCOMPARE(landed.size(), std::size_t(2));
    std::set<std::string> seen;
    for (const Run& r : landed) {
      QVERIFY(r.id > 0);
      seen.insert(r.method + "@" + std::to_string(*r.ratio));
      if (r.method == "magnitude") {
        QCOMPARE(r.metrics.size(), std::size_t(2));
        QCOMPARE(r.metric("piqa")->value, 0.6);
      } else {
        QCOMPARE(r.metric("loss")->value, 2.9);
      }
    }
    QCOMPARE(seen, (std::set<std::string>{"magnitude@" + std::to_string(0.5), "rtn@" + std::to_string(0.75)}));
    QCOMPARE(changed.count(), 1);
    view.follow(QString());  // stops following; the thread ends with the view
  }

  void aStoreThatCannotBeOpenedIsNamed() {
    LiveView view;
    QSignalSpy failed(&view, &LiveView::failed);
    view.follow(QStringLiteral("/nonexistent/live.sqlite"));
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("/nonexistent/live.sqlite")), qPrintable(failed.first().first().toString()));
  }
};

QTEST_GUILESS_MAIN(TestLiveView)
#include "test_live_view.moc"
