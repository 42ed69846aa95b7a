#pragma once
// Long work off the window's thread, the newest request winning: run()
// starts `work` on the thread pool; a newer run() cancels the older one
// (its `cancelled()` turns true) and drops its result, so a view never
// shows a stale value and the event loop never waits. `done` receives the
// value on the thread of `context` (the GUI thread). The shape the fit
// runner has always had (Qt's mandelbrot RenderThread with QtConcurrent),
// for any work that returns a value: the native-small frontier, fairness
// checks, effective parameters, dropouts and knees.

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <functional>
#include <memory>

namespace rs::ui {

template <class T>
class LatestJob {
 public:
  using Cancelled = std::function<bool()>;
  explicit LatestJob(QObject* context) : context_(context) {}
  LatestJob(const LatestJob&) = delete;
  LatestJob& operator=(const LatestJob&) = delete;
  ~LatestJob() {
    cancel();
    // Every task still running may touch what its work captured: wait.
    for (QFuture<T>& f : running_) f.waitForFinished();
  }

  void run(std::function<T(const Cancelled&)> work, std::function<void(T)> done) {
    cancel();
    const int generation = ++generation_;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    cancel_ = flag;
    QFuture<T> future = QtConcurrent::run([work = std::move(work), flag] { return work([flag] { return flag->load(); }); });
    auto* watcher = new QFutureWatcher<T>(context_);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context_, [this, watcher, generation, done = std::move(done)] {
      watcher->deleteLater();
      if (generation == generation_) {
        busy_ = false;
        done(watcher->result());
      }
    });
    watcher->setFuture(future);
    busy_ = true;
    running_.removeIf([](const QFuture<T>& f) { return f.isFinished(); });
    running_.append(future);
  }
  // Stops the running work and drops its result.
  void discard() {
    cancel();
    ++generation_;
    busy_ = false;
  }
  bool busy() const { return busy_; }

 private:
  void cancel() {
    if (cancel_) cancel_->store(true);
  }
  QObject* context_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  QList<QFuture<T>> running_;
  int generation_ = 0;
  bool busy_ = false;
};

}  // namespace rs::ui
