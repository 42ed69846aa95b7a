// The trials' progress bar: the time left at the pace so far, and a real
// sweep moving the bar while it trains, before its first run lands.
#include <QTest>

#include "core/trials/trials.h"
#include "ui/trial_progress.h"

using rs::ui::TrialProgressBar;

class TestTrialProgress : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void remainingTimeAtThePaceSoFar() {
    QCOMPARE(TrialProgressBar::remainingText(0, 5), QStringLiteral("ETA …"));  // nothing done: no pace yet
    QCOMPARE(TrialProgressBar::remainingText(0.5, 10), QStringLiteral("ETA 10 s"));
    QCOMPARE(TrialProgressBar::remainingText(0.25, 30), QStringLiteral("ETA 1 min 30 s"));  // 30 s per quarter, three to go
    QCOMPARE(TrialProgressBar::remainingText(0.1, 3605), QStringLiteral("ETA 9 h 00 min"));
    QCOMPARE(TrialProgressBar::remainingText(0.8, 20.2), QStringLiteral("ETA 5 s"));  // 5.05 s
    QCOMPARE(TrialProgressBar::remainingText(1, 100), QStringLiteral("ETA 0 s"));
  }

  void showsTheShareDone() {
    TrialProgressBar bar;
    QCOMPARE(bar.value(), 0);
    QCOMPARE(bar.format(), QStringLiteral("%p% · ETA …"));
    bar.setFraction(0.4567);
    QCOMPARE(bar.value(), 457);
    QCOMPARE(bar.text(), QStringLiteral("45") + bar.format().mid(2));  // QProgressBar's %p truncates
    bar.setFraction(1.5);  // clamped
    QCOMPARE(bar.value(), bar.maximum());
  }

  void movesWhileTheDenseModelTrains() {
    TrialProgressBar bar;
    bar.show();
    rs::trials::TrialOptions o;
    o.model = "tf-nano";
    o.methods = {};
    o.train_steps = 30;
    o.device = "cpu";
    o.threads = 1;
    o.cache_dir = "none";
    std::vector<int> before;  // the bar's values before the dense run landed
    bool landed = false;
    o.on_progress = [&](double f) {
      bar.setFraction(f);
      if (!landed) before.push_back(bar.value());
    };
    QCOMPARE(rs::trials::runTrials(o, [&](const rs::trials::TrialRun&) { landed = true; }), std::string());
    // 30 training steps, then one evaluation worth 1000 / 24 steps: training is 30 / 71.7 of the sweep.
    QVERIFY(before.size() >= 30);
    QCOMPARE(before[0], 14);  // one step in: 1 / 71.7
    QVERIFY(std::is_sorted(before.begin(), before.end()));
    QCOMPARE(before[29], 419);  // training done, not yet evaluated
    QCOMPARE(bar.value(), bar.maximum());
  }
};

QTEST_MAIN(TestTrialProgress)
#include "test_trial_progress.moc"
