#include "ui/trial_progress.h"

#include <cmath>

namespace rs::ui {
namespace {
constexpr int kSteps = 1000;  // the bar's resolution: on_progress reports about this often
}

TrialProgressBar::TrialProgressBar(QWidget* parent) : QProgressBar(parent) {
  setObjectName(QStringLiteral("trialProgress"));
  setRange(0, kSteps);
  start();
}

void TrialProgressBar::start() {
  clock_.start();
  setValue(0);
  setFormat(QStringLiteral("%p% · ") + remainingText(0, 0));
}

void TrialProgressBar::setFraction(double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  setValue(static_cast<int>(std::lround(fraction * kSteps)));
  setFormat(QStringLiteral("%p% · ") + remainingText(fraction, clock_.elapsed() / 1000.0));
}

QString TrialProgressBar::remainingText(double fraction, double elapsedSeconds) {
  if (!(fraction > 0)) return QStringLiteral("ETA …");
  const auto seconds = static_cast<long long>(std::lround(elapsedSeconds * (1 - std::min(fraction, 1.0)) / fraction));
  if (seconds < 60) return QStringLiteral("ETA %1 s").arg(seconds);
  if (seconds < 3600) return QStringLiteral("ETA %1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
  return QStringLiteral("ETA %1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace rs::ui
