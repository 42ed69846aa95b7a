#include "ui/fit_runner.h"

#include <QMetaObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace rs::ui {

FitRunner::FitRunner(QObject* parent) : QObject(parent) {
  connect(&watcher_, &QFutureWatcher<FitOutcome>::finished, this, [this] {
    const FitOutcome outcome = watcher_.result();
    if (outcome.generation != generation_) return;  // superseded while running
    if (outcome.result.cancelled) Q_EMIT cancelled();
    else Q_EMIT finished(outcome);
  });
}

FitRunner::~FitRunner() {
  cancel();
  watcher_.waitForFinished();
}

void FitRunner::cancel() {
  if (cancel_) cancel_->store(true);
}

int FitRunner::submit(FitRequest request) {
  cancel();  // the running fit, if any, stops at its next start
  const int generation = ++generation_;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancel_;
  request.options.cancelled = [flag] { return flag->load(); };
  // Progress crosses to the GUI thread queued, at most ~1% steps.
  QPointer<FitRunner> self(this);
  auto lastPercent = std::make_shared<std::atomic<int>>(-1);
  request.options.progress = [self, generation, lastPercent](int done, int total) {
    const int percent = total > 0 ? done * 100 / total : 100;
    if (lastPercent->exchange(percent) == percent) return;
    QMetaObject::invokeMethod(self.data(), [self, generation, done, total] {
      if (self && generation == self->generation_) Q_EMIT self->progress(done, total);
    }, Qt::QueuedConnection);
  };
  // The previous future may still be finishing its current start; the
  // watcher switches to the new one and the old result is dropped above.
  watcher_.setFuture(QtConcurrent::run([request = std::move(request), generation]() {
    FitOutcome out;
    out.generation = generation;
    out.law = request.law;
    out.data = request.data;
    out.result = fit::fitLaw(*request.law, request.data, request.options);
    return out;
  }));
  return generation;
}

}  // namespace rs::ui
