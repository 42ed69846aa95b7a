// The fit panel driven as a user would (real widgets, offscreen): a loss law
// is not refitted to an accuracy when the plotted metric changes, a law that
// suits the new metric is refitted and the panel says so, and a fit beyond
// its limits says "Fitted, but …", never a bare "Fitted".
#include <QApplication>
#include <QComboBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>
#include <cmath>

#include "tests/support/fit_settings.h"
#include "tests/support/fit_test_support.h"
#include "ui/fit_panel.h"

using namespace rs;
using namespace rs::ui;

namespace {
// A run on the compute-optimal line (20 tokens a parameter), without recovery training.
Run make(std::int64_t id, const std::string& model, double params, const std::string& method, double ratio) {
  return testing::makeRun(id, model, params, 20 * params, method, ratio);
}

// Two models pruned at four ratios. loss grows with the ratio; arc_easy
// sits at 0.5 from the first ratio on (a line from the dense 0.9 is worse
// than a constant there); piqa rises to 1.0 (a line from the dense 0.96
// passes 1).
std::vector<Run> runs() {
  std::vector<Run> out;
  std::int64_t id = 1;
  const double arc[] = {0.52, 0.48, 0.51, 0.49}, piqa[] = {0.98, 0.99, 1.0, 1.0};
  for (const auto& [model, params, dense] : {std::tuple{"a", 1e9, 2.0}, std::tuple{"b", 3e9, 3.0}}) {
    Run d = make(id++, model, params, "dense", 0);
    d.metrics = {{"loss", dense, {}, {}}, {"arc_easy", 0.9, {}, {}}, {"piqa", 0.96, {}, {}}};
    out.push_back(d);
    int i = 0;
    for (double r : {0.2, 0.4, 0.6, 0.8}) {
      Run c = make(id++, model, params, "wanda", r);
      c.metrics = {{"loss", dense * (1 + 0.1 * r + 0.6 * r * r) * (1 + 0.01 * ((i % 2) ? 1 : -1)), {}, {}},
                   {"arc_easy", arc[i], {}, {}},
                   {"piqa", piqa[i], {}, {}}};
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

FigureSpec plotOf(const std::string& metric) {
  FigureSpec s;
  s.metric = metric;
  s.axis = Axis::Ratio;
  return s;
}

void chooseLaw(FitPanel& panel, const char* id) { panel.lawBox()->setCurrentIndex(panel.lawBox()->findData(QString::fromLatin1(id))); }
}  // namespace

class TestFitPanel : public QObject {
  Q_OBJECT
  std::shared_ptr<const std::vector<Run>> all_ = std::make_shared<const std::vector<Run>>(runs());

 private Q_SLOTS:
  void initTestCase() { test::startFitsFromTheLawDefaults(); }

  void aLossLawIsNotRefittedToAnAccuracy() {
    QUndoStack undo;
    FitPanel panel(&undo);
    panel.show();
    QSignalSpy fitted(panel.runner(), &FitRunner::finished);
    panel.setContext(all_, *all_, plotOf("loss"), TaskCatalog());
    chooseLaw(panel, "compression-quadratic");
    QVERIFY(fitted.wait(30000));
    QVERIFY(panel.lastFit() && panel.shownFit() && panel.shownFit()->result.ok);
    // The plot switches to an accuracy under the chosen loss law: before, the
    // panel refitted compression-quadratic to arc_easy without a word.
    panel.setContext(all_, *all_, plotOf("arc_easy"), TaskCatalog());
    QTRY_VERIFY_WITH_TIMEOUT(panel.status().contains(QStringLiteral("Not fitted")), 5000);
    QCOMPARE(panel.status(), QStringLiteral("The plotted metric changed from loss to arc_easy; the fit of compression-quadratic is gone. Not fitted: "
                                            "Compression-quadratic describes a loss, which falls with scale towards a floor, and 'arc_easy' is "
                                            "an accuracy (higher is better, between chance and 1); fit logistic, compression-linear, compression "
                                            "or gadre-downstream to it, or choose a loss metric."));
    QVERIFY(!panel.lastFit());
    QCOMPARE(panel.parameterTable()->rowCount(), 0);
    QTest::qWait(300);  // past the debounce: no fit was started behind the message
    QCOMPARE(fitted.count(), 1);
    // Choosing the loss law again on the accuracy is refused the same way.
    chooseLaw(panel, "chinchilla");
    QTRY_VERIFY_WITH_TIMEOUT(panel.status().startsWith(QStringLiteral("Not fitted: Chinchilla describes a loss")), 5000);
  }

  void aSuitableLawIsRefittedAndSaysSo() {
    QUndoStack undo;
    FitPanel panel(&undo);
    panel.show();
    QSignalSpy fitted(panel.runner(), &FitRunner::finished);
    panel.setContext(all_, *all_, plotOf("arc_easy"), TaskCatalog());
    chooseLaw(panel, "compression-linear");
    QVERIFY(fitted.wait(30000));
    // Flat accuracies under a line from the dense 0.9: worse than a constant.
    const fit::FitResult& arc = panel.shownFit()->result;
    QVERIFY(arc.ok && arc.r2 < 0);
    QVERIFY2(panel.status().contains(QStringLiteral("Fitted, but R² = ")) && panel.status().contains(QStringLiteral(" < 0: the fit is worse than a constant")),
             qPrintable(panel.status()));
    QVERIFY(!panel.status().contains(QStringLiteral("Fitted.")));
    // Another accuracy: the linear accuracy law suits it, so it is refitted, and the panel says so.
    panel.setContext(all_, *all_, plotOf("piqa"), TaskCatalog());
    QVERIFY(fitted.wait(30000));
    QVERIFY2(panel.status().startsWith(QStringLiteral("Refitted compression-linear to piqa (the plotted metric changed from arc_easy). ")),
             qPrintable(panel.status()));
    QVERIFY2(panel.status().contains(QStringLiteral("Fitted, but predicts 'piqa' = 1.008 at r (ratio) = 0.8 (a · wanda), above 1: an accuracy lies in [0, 1]")),
             qPrintable(panel.status()));
  }

  void gammaIsNamedAnInterceptInTheTable() {
    QUndoStack undo;
    FitPanel panel(&undo);
    panel.show();
    QSignalSpy fitted(panel.runner(), &FitRunner::finished);
    panel.setContext(all_, *all_, plotOf("loss"), TaskCatalog());
    panel.scopeBox()->setCurrentIndex(1);  // both models together: Y0 varies, so α is identified
    chooseLaw(panel, "compression");
    QVERIFY(fitted.wait(30000));
    QVERIFY(panel.shownFit()->result.ok);
    QCOMPARE(panel.parameterTable()->item(2, 0)->text(), QStringLiteral("γ (intercept)"));
    QVERIFY(panel.parameterTable()->item(2, 0)->toolTip().startsWith(QStringLiteral("intercept: ")));
    QVERIFY2(panel.status().contains(QStringLiteral("γ is an intercept here, not the effect of recovery fine-tuning")), qPrintable(panel.status()));
  }
};

QTEST_MAIN(TestFitPanel)
#include "test_fit_panel.moc"
