#pragma once
// Runs fits off the GUI thread. Each request gets a generation number; a
// newer request cancels the running one (through FitOptions::cancelled) and
// only the newest result is delivered, so the panel never shows a stale fit
// and the event loop never waits for Ceres (the shape of Qt's mandelbrot
// RenderThread, with QtConcurrent and a QFutureWatcher).

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

#include "ui/figure/fit_jobs.h"

namespace rs::ui {

class FitRunner : public QObject {
  Q_OBJECT
 public:
  explicit FitRunner(QObject* parent = nullptr);
  ~FitRunner() override;
  int submit(FitRequest request);  // returns the request's generation
  // The same, with the request built in the background (its data gathered
  // from thousands of runs would stall the window).
  int submit(std::function<FitRequest()> build);
  void cancel();   // stops the running fit; it reports cancelled()
  void discard();  // stops it and drops its result, whatever stage it is at
  bool busy() const { return watcher_.isRunning(); }

 Q_SIGNALS:
  void progress(int done, int total);
  void finished(const rs::ui::FitOutcome& outcome);  // newest request only
  void cancelled();

 private:
  QFutureWatcher<FitOutcome> watcher_;
  QList<QFuture<FitOutcome>> running_;  // superseded fits still finishing: waited for on destruction
  std::shared_ptr<std::atomic<bool>> cancel_;
  int generation_ = 0;
  std::shared_ptr<std::atomic<int>> latestProgress_;
};

}  // namespace rs::ui
