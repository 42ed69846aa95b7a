#pragma once
// Compression trials run from the window: the sweep runs in the background
// (trials::runTrials), each run is written to the open experiment store on
// the sweep's own thread (one transaction per run, through a connection of
// that thread), and then handed to the window, which shows it. The status
// bar shows the sweep's progress, an ETA and Cancel. Only one sweep runs at
// a time. The trial dialog itself (trial_dialog.h) only gathers options.

#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <set>
#include <string>

#include "core/model/run.h"
#include "core/trials/trials.h"
#include "ui/jobs/latest_job.h"

class QLabel;
class QPushButton;
class QStatusBar;

namespace rs::ui {

class TrialProgressBar;

class TrialController : public QObject {
  Q_OBJECT
 public:
  // Puts its label, progress bar and Cancel button on `bar` (hidden until a sweep runs).
  TrialController(QStatusBar* bar, QObject* parent = nullptr);
  ~TrialController() override;

  // Starts a sweep; false when one is running. Runs are stored into `store`
  // when it is an experiment store; runs whose key is in `shown` (a sweep
  // run again, or resumed after a kill) are counted but neither stored nor
  // handed over, so their stored measurements stay.
  bool start(trials::TrialOptions options, const QString& store, std::set<std::string> shown);
  void cancel();
  bool running() const { return job_.busy(); }
  QString status() const;

 Q_SIGNALS:
  // A run of the sweep finished; `writeError` says why it is not stored ("" when it is).
  void runLanded(const rs::Run& run, const QString& writeError);
  void finished(int runs, bool cancelled, const QString& error);

 private:
  void landed(const Run& run, const QString& writeError, bool known);
  void onFinished(const std::string& why);
  // The sweep on the window's job runner: its progress (permille of the
  // sweep's work) and its end come back on the window's thread.
  LatestJob<std::string> job_{this};
  bool cancelRequested_ = false;
  QLabel* label_;
  TrialProgressBar* progress_;
  QPushButton* cancelButton_;
  int planned_ = 0, done_ = 0;
};

}  // namespace rs::ui
