#pragma once
// The trials' progress bar: the share of the sweep's work done (from
// TrialOptions::on_progress, which moves during training as well as when a
// run lands) and, in the bar's text, the time left at the pace so far.

#include <QElapsedTimer>
#include <QProgressBar>

namespace rs::ui {

class TrialProgressBar : public QProgressBar {
  Q_OBJECT
 public:
  explicit TrialProgressBar(QWidget* parent = nullptr);
  // A new sweep: 0 %, its clock from now.
  void start();
  // The share of the sweep's work done, 0..1.
  void setFraction(double fraction);
  // "ETA 1 min 30 s" for a sweep `fraction` done after `elapsedSeconds`
  // (the rest at the same pace); "ETA …" before anything is done.
  static QString remainingText(double fraction, double elapsedSeconds);

 private:
  QElapsedTimer clock_;
};

}  // namespace rs::ui
