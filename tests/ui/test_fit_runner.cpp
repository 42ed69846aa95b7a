// ui/fit_runner: fits run on the thread pool and only the newest request's
// result reaches the panel. Known answers: the power law y = a + b x^c fitted
// to exact curves gives back their exponent; a superseded, cancelled or
// discarded request delivers nothing stale. Built with ThreadSanitizer too
// (scripts/sanitize-thread.sh).
#include <QCoreApplication>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/io/csv/csv_importer.h"
#include "core/laws/catalogue.h"
#include "ui/fit_runner.h"

using namespace rs;
using namespace rs::ui;

namespace {

// Model `a`: dense, and rtn at ratios 0.1 .. 0.9, loss = value(ratio) exactly.
std::vector<Run> sweep(double (*value)(double)) {
  std::string csv = "model,method,ratio,metric,value\na,,,loss," + std::to_string(value(0)) + "\n";
  for (int i = 1; i <= 9; ++i) csv += "a,rtn," + std::to_string(0.1 * i) + ",loss," + std::to_string(value(0.1 * i)) + "\n";
  return importCsvText(csv, "sweep.csv").batch.runs;
}
double slow(double r) { return 2 + 3 * std::pow(r, 1.5); }  // exponent 1.5
double fast(double r) { return 1 + 2 * r * r; }             // exponent 2

FitRequest powerFit(double (*value)(double)) {
  const auto law = laws::findLaw("power");
  const std::vector<Run> runs = sweep(value);
  FigureSpec spec;
  spec.metric = "loss";
  return makeFitRequest(law, runs, spec, fitDataSpec(spec, TaskCatalog{}, &runs, {}), false, {});
}

double exponentOf(const FitOutcome& outcome) {
  if (outcome.fits.size() != 1 || !outcome.fits[0].result.ok) return NAN;
  for (const fit::ParamEstimate& p : outcome.fits[0].result.params)
    if (p.name == "c") return p.value;
  return NAN;
}

// Submits a fit of the exponent-1.5 curve whose data is still being gathered
// (its build waits for `release`); returns once the build has started.
void submitHeld(FitRunner& runner, QSemaphore& release) {
  auto building = std::make_shared<QSemaphore>();  // shared: release() may still be returning when acquire() does
  runner.submit([building, &release] {
    building->release();
    release.acquire();
    return powerFit(slow);
  });
  building->acquire();
}

// Lets every pool task end and every queued notification arrive.
void settle() {
  QThreadPool::globalInstance()->waitForDone();
  QCoreApplication::sendPostedEvents();
  QCoreApplication::processEvents();
}

}  // namespace

class TestFitRunner : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { qRegisterMetaType<rs::ui::FitOutcome>("rs::ui::FitOutcome"); }

  void fitsInTheBackgroundWithProgress() {
    FitRunner runner;
    QSignalSpy finished(&runner, &FitRunner::finished), progress(&runner, &FitRunner::progress);
    const int generation = runner.submit(powerFit(fast));
    QVERIFY(runner.busy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const FitOutcome outcome = finished.first().first().value<FitOutcome>();
    QCOMPARE(outcome.generation, generation);
    QVERIFY(std::fabs(exponentOf(outcome) - 2.0) < 1e-3);
    settle();
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 1000);  // all of the one job
  }

  void theNewestRequestWins() {
    FitRunner runner;
    QSignalSpy finished(&runner, &FitRunner::finished), cancelled(&runner, &FitRunner::cancelled);
    // The older request is still gathering its data when the newer one comes.
    QSemaphore release;
    submitHeld(runner, release);
    const int newest = runner.submit(powerFit(fast));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    release.release();
    settle();
    QCOMPARE(finished.count(), 1);
    const FitOutcome outcome = finished.first().first().value<FitOutcome>();
    QCOMPARE(outcome.generation, newest);
    QVERIFY(std::fabs(exponentOf(outcome) - 2.0) < 1e-3);  // the newer curve's, not 1.5
    QCOMPARE(cancelled.count(), 0);  // the superseded fit is dropped, not reported
  }

  void cancelSaysSoAndDiscardSaysNothing() {
    for (const bool discard : {false, true}) {
      FitRunner runner;
      QSignalSpy finished(&runner, &FitRunner::finished), cancelled(&runner, &FitRunner::cancelled);
      QSemaphore release;
      submitHeld(runner, release);
      discard ? runner.discard() : runner.cancel();
      release.release();
      if (!discard) QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
      settle();
      QCOMPARE(finished.count(), 0);
      QCOMPARE(cancelled.count(), discard ? 0 : 1);
    }
  }
};

QTEST_GUILESS_MAIN(TestFitRunner)
#include "test_fit_runner.moc"
