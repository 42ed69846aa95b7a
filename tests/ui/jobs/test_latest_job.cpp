// ui/jobs/latest_job.h: the newest request wins, an older one sees
// cancelled() and its result is dropped, done() runs on the context's
// thread, and destruction waits for work still running. Built with
// ThreadSanitizer too (scripts/sanitize-thread.sh): the work runs on Qt's
// thread pool while the test thread reads what it delivered.
#include <QCoreApplication>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <atomic>
#include <memory>
#include <vector>

#include "ui/jobs/latest_job.h"

using rs::ui::LatestJob;

class TestLatestJob : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void deliversTheResultOnTheContextThread() {
    QObject context;
    LatestJob<int> job(&context);
    int value = 0;
    QThread* deliveredOn = nullptr;
    QThread* workedOn = nullptr;
    job.run([&workedOn](const auto&) { workedOn = QThread::currentThread(); return 6 * 7; },
            [&](int v) { value = v; deliveredOn = QThread::currentThread(); });
    QVERIFY(job.busy());
    QTRY_COMPARE(value, 42);
    QCOMPARE(deliveredOn, QThread::currentThread());
    QVERIFY(workedOn != QThread::currentThread());  // the work ran off this thread
    QVERIFY(!job.busy());
  }

  void theNewestRequestWins() {
    QObject context;
    LatestJob<int> job(&context);
    QSemaphore started, release;
    std::atomic<bool> firstSawCancel{false};
    std::vector<int> delivered;
    // The first request blocks until the test lets it go, then reports
    // whether it was told to stop.
    job.run([&](const LatestJob<int>::Cancelled& cancelled) {
              started.release();
              release.acquire();
              firstSawCancel = cancelled();
              return 1;
            },
            [&](int v) { delivered.push_back(v); });
    started.acquire();
    job.run([](const auto&) { return 2; }, [&](int v) { delivered.push_back(v); });
    release.release();
    QTRY_COMPARE(delivered, std::vector<int>{2});
    // The older result, finishing after the newer one, is never delivered:
    // let every task end and every queued notification arrive, then look.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(delivered, std::vector<int>{2});
    QVERIFY(firstSawCancel);
  }

  void discardDropsTheRunningResult() {
    QObject context;
    LatestJob<int> job(&context);
    QSemaphore started, release;
    std::atomic<bool> sawCancel{false};
    bool delivered = false;
    job.run([&](const LatestJob<int>::Cancelled& cancelled) {
              started.release();
              release.acquire();
              sawCancel = cancelled();
              return 1;
            },
            [&](int) { delivered = true; });
    started.acquire();
    job.discard();
    QVERIFY(!job.busy());
    release.release();
    // A later request still delivers; the discarded one never does.
    int later = 0;
    job.run([](const auto&) { return 3; }, [&](int v) { later = v; });
    QTRY_COMPARE(later, 3);
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY(sawCancel);
    QVERIFY(!delivered);
  }

  void destructionWaitsForRunningWork() {
    auto finished = std::make_shared<std::atomic<bool>>(false);
    QSemaphore started;
    {
      QObject context;
      LatestJob<int> job(&context);
      job.run([&started, finished](const LatestJob<int>::Cancelled& cancelled) {
                started.release();
                while (!cancelled()) QThread::yieldCurrentThread();  // stops only when told
                finished->store(true);
                return 0;
              },
              [](int) {});
      started.acquire();
    }  // ~LatestJob cancels and waits
    QVERIFY(finished->load());
  }
};

QTEST_GUILESS_MAIN(TestLatestJob)
#include "test_latest_job.moc"
