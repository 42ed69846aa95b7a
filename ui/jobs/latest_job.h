#pragma once
// Long work off the window's thread, the newest request winning: run()
// starts `work` on the thread pool; a newer run() cancels the older one
// (its `cancelled()` turns true) and drops its result, so a view never
// shows a stale value and the event loop never waits. `done` receives the
// value on the thread of `context` (the GUI thread). The shape the fit
// runner has always had (Qt's mandelbrot RenderThread with QtConcurrent),
// for any work that returns a value: fits, the native-small frontier,
// fairness checks, effective parameters, dropouts and knees, reading and
// writing imports, trial sweeps. Work may report progress (permille), which
// reaches `progress` on the context's thread while it is still the newest.

#include <QFuture>
#include <QFutureWatcher>
#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <functional>
#include <memory>
#include <optional>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace rs::ui {

// Background work yields the CPU to the window's thread (the job runner's
// pool threads and the live view's follower). On a two-core
// machine the loader, the frontier, the plot analysis and the panels' dense
// fits otherwise share the cores with it as equals, and every one of its
// turns (input, paint) waits for a core: opening 12,000 runs was 57.7 ms
// late for 29.4 ms of its own work. Linux keeps a nice value per thread
// (threads a job starts inherit it), and raising one needs no privilege.
// SCHED_IDLE would shorten the window's waits further (opening: 29-30 ms
// late instead of 42-55 beside two training processes), but would leave a
// fit almost no CPU beside a training job on the same workstation; +10
// leaves it about a tenth of a core.
inline void yieldToTheWindow() {
#ifdef __linux__
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  const auto tid = static_cast<id_t>(syscall(SYS_gettid));
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno == 0) setpriority(PRIO_PROCESS, tid, std::min(19, now + 10));
#endif
}

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
    for (QFuture<void>& f : running_) f.waitForFinished();
  }

  using Progress = std::function<void(int permille)>;

  void run(std::function<T(const Cancelled&)> work, std::function<void(T)> done) {
    run([work = std::move(work)](const Cancelled& c, const Progress&) { return work(c); }, std::move(done), {});
  }
  // The same for work that reports its progress; `progress` is called on the
  // context's thread, and never for work that a newer run() superseded.
  void run(std::function<T(const Cancelled&, const Progress&)> work, std::function<void(T)> done,
           std::function<void(int permille)> progress) {
    cancel();
    const int generation = ++generation_;
    auto flag = std::make_shared<std::atomic<bool>>(false);
    cancel_ = flag;
    auto latest = generation_now_;
    latest->store(generation);
    Progress report;
    if (progress)
      report = [context = QPointer<QObject>(context_), latest, generation, progress = std::move(progress)](int permille) {
        if (!context) return;
        QMetaObject::invokeMethod(context.data(), [latest, generation, progress, permille] {
          if (latest->load() == generation) progress(permille);
        }, Qt::QueuedConnection);
      };
    // The value travels in a slot of its own and is moved out, not copied
    // out of a QFuture<T> (a loaded study is 12,000 runs: 5 ms of the
    // window's turn). QFuture::takeResult() would move it too, but races
    // with the pool thread's own clean-up of the result store (ThreadSanitizer).
    auto slot = std::make_shared<std::optional<T>>();
    QFuture<void> future = QtConcurrent::run([work = std::move(work), flag, report, slot] {
      yieldToTheWindow();
      slot->emplace(work([flag] { return flag->load(); }, report));
    });
    auto* watcher = new QFutureWatcher<void>(context_);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context_, [this, watcher, generation, slot, done = std::move(done)] {
      watcher->deleteLater();
      if (generation == generation_) {
        busy_ = false;
        if (!*slot) watcher->waitForFinished();  // the work threw: rethrown here, as QFuture<T>::result() did
        done(std::move(**slot));
      }
    });
    watcher->setFuture(future);
    busy_ = true;
    running_.removeIf([](const QFuture<void>& f) { return f.isFinished(); });
    running_.append(future);
  }
  // Asks the running work to stop; what it returns (saying it stopped) is
  // still delivered.
  void cancel() {
    if (cancel_) cancel_->store(true);
  }
  // Stops the running work and drops its result.
  void discard() {
    cancel();
    generation_now_->store(++generation_);
    busy_ = false;
  }
  bool busy() const { return busy_; }

 private:
  QObject* context_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  QList<QFuture<void>> running_;
  int generation_ = 0;
  // The newest generation, shared with the progress reports in flight.
  std::shared_ptr<std::atomic<int>> generation_now_ = std::make_shared<std::atomic<int>>(0);
  bool busy_ = false;
};

}  // namespace rs::ui
