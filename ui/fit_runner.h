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

#include "core/fit/fitter.h"

namespace rs::ui {

// One fit of a request: a plotted series ("model · method"), or "all" when
// every plotted run is fitted together.
struct SeriesFit {
  std::string label;
  fit::FitData data;
  fit::FitResult result;
};

struct FitRequest {
  std::shared_ptr<const laws::Law> law;
  std::vector<SeriesFit> jobs;  // data filled, results empty; fitted in order
  fit::FitOptions options;
};

struct FitOutcome {
  int generation = 0;
  bool cancelled = false;
  std::shared_ptr<const laws::Law> law;
  std::vector<SeriesFit> fits;
  const SeriesFit* find(const std::string& label) const {
    for (const SeriesFit& f : fits)
      if (f.label == label) return &f;
    return nullptr;
  }
};

class FitRunner : public QObject {
  Q_OBJECT
 public:
  explicit FitRunner(QObject* parent = nullptr);
  ~FitRunner() override;
  int submit(FitRequest request);  // returns the request's generation
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
