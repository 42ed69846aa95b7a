#pragma once
// Runs fits off the GUI thread on the window's job runner (LatestJob): a
// newer request cancels the running one (through FitOptions::cancelled) and
// only the newest result is delivered, so the panel never shows a stale fit
// and the event loop never waits for Ceres. Progress arrives as permille of
// the jobs.

#include <QObject>

#include "ui/figure/fit_jobs.h"
#include "ui/jobs/latest_job.h"

namespace rs::ui {

class FitRunner : public QObject {
  Q_OBJECT
 public:
  explicit FitRunner(QObject* parent = nullptr);
  int submit(FitRequest request);  // returns the request's generation
  // The same, with the request built in the background (its data gathered
  // from thousands of runs would stall the window).
  int submit(std::function<FitRequest()> build);
  void cancel();   // stops the running fit; it reports cancelled()
  void discard();  // stops it and drops its result, whatever stage it is at
  bool busy() const { return job_.busy(); }

 Q_SIGNALS:
  void progress(int done, int total);
  void finished(const rs::ui::FitOutcome& outcome);  // newest request only
  void cancelled();

 private:
  LatestJob<FitOutcome> job_{this};
  int generation_ = 0;
};

}  // namespace rs::ui
