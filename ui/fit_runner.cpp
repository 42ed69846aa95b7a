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
  cancel();  // the running fit, if any, stops at its next start
  const int generation = ++generation_;
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancel_;
  request.options.cancelled = [flag] { return flag->load(); };
  // Progress crosses to the GUI thread queued, in at most ~1% steps, as
  // jobs done out of jobs (the starts of the job running refine it).
  QPointer<FitRunner> self(this);
  const int jobs = static_cast<int>(request.jobs.size());
  auto report = [self, generation](int done, int total) {
    QMetaObject::invokeMethod(self.data(), [self, generation, done, total] {
      if (self && generation == self->generation_) Q_EMIT self->progress(done, total);
    }, Qt::QueuedConnection);
  };
  // The previous future may still be finishing its current start; the
  // watcher switches to the new one and the old result is dropped above.
  QFuture<FitOutcome> future = QtConcurrent::run([request = std::move(request), generation, jobs, report]() {
    FitOutcome out;
    out.generation = generation;
    out.law = request.law;
    out.fits = request.jobs;
    for (int j = 0; j < jobs; ++j) {
      fit::FitOptions options = request.options;
      auto lastPercent = std::make_shared<std::atomic<int>>(-1);
      options.progress = [report, j, jobs, lastPercent](int done, int total) {
        const int permille = total > 0 ? (j * 1000 + done * 1000 / total) / jobs : 1000;
        if (lastPercent->exchange(permille / 10) != permille / 10) report(permille, 1000);
      };
      SeriesFit& f = out.fits[static_cast<std::size_t>(j)];
      f.result = fit::fitLaw(*request.law, f.data, options);
      if (f.result.cancelled) { out.cancelled = true; break; }
      report((j + 1) * 1000 / jobs, 1000);
    }
    return out;
  });
  running_.removeIf([](const QFuture<FitOutcome>& f) { return f.isFinished(); });
  running_.append(future);
  watcher_.setFuture(future);
  return generation;
}

}  // namespace rs::ui
