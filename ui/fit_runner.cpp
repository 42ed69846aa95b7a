#include "ui/fit_runner.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace rs::ui {

FitRunner::FitRunner(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<FitOutcome>::finished, this, [this] {
    const FitOutcome outcome = watcher_.result();
    if (outcome.generation != generation_) return;  // superseded while running
    if (outcome.cancelled) Q_EMIT cancelled();
    else Q_EMIT finished(outcome);
  });
}

FitRunner::~FitRunner() {
  cancel();
  // Every task still running reports to this object: wait for all of them.
  for (QFuture<FitOutcome>& f : running_) f.waitForFinished();
}

void FitRunner::cancel() {
  if (cancel_) cancel_->store(true);
}

void FitRunner::discard() {
  cancel();
  ++generation_;  // whatever the running task delivers is now stale
}

int FitRunner::submit(FitRequest request) {
  return submit([request = std::move(request)] { return request; });
}

int FitRunner::submit(std::function<FitRequest()> build) {
  cancel();  // the running fit, if any, stops at its next start
  const int generation = ++generation_;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancel_;
  const auto cancelled = [flag] { return flag->load(); };
  // Progress crosses to the GUI thread queued, as permille of the jobs.
  QPointer<FitRunner> self(this);
  auto report = [self, generation](int permille) {
    QMetaObject::invokeMethod(self.data(), [self, generation, permille] {
      if (self && generation == self->generation_) Q_EMIT self->progress(permille, 1000);
    }, Qt::QueuedConnection);
  };
  // The previous future may still be finishing its current start; the
  // watcher switches to the new one and the old result is dropped above.
  QFuture<FitOutcome> future = QtConcurrent::run([build = std::move(build), cancelled, generation, report]() {
    FitRequest request = build();
    request.options.cancelled = cancelled;
    FitOutcome out = runFitJobs(request, report);
    out.generation = generation;
    return out;
  });
  running_.removeIf([](const QFuture<FitOutcome>& f) { return f.isFinished(); });
  running_.append(future);
  watcher_.setFuture(future);
  return generation;
}

}  // namespace rs::ui
