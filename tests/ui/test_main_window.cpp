// The main window driven as a user would: open the example, read the plot's
// series and legend, hover a point for its tooltip, click it and see the run
// table follow, click a legend entry, filter, switch metric, export, drop a file.
#include <QApplication>
#include <QFile>
#include <QComboBox>
#include <QLineEdit>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QPushButton>
#include <QCheckBox>
#include <QLabel>
#include <QStatusBar>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <QSlider>
#include <QTableWidget>
#include <QTreeWidget>
#include <QTreeView>
#include <QUrl>
#include <qcustomplot.h>

#include "core/io/dataset_source.h"
#include "ui/effective_panel.h"
#include "ui/fairness_panel.h"
#include "ui/fit_panel.h"
#include "ui/import_dialog.h"
#include "ui/live_view.h"
#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"
#include "ui/trial_dialog.h"

using namespace rs::ui;

namespace {
bool openAndWait(MainWindow& w, const QString& path) {
  QSignalSpy loaded(&w, &MainWindow::loaded);
  w.openFile(path);
  return loaded.wait(20000);
}
// The tree follows a filter at once; the figure and the panels in the
// event-loop turns after the keystroke.
bool settled(MainWindow& w) { return QTest::qWaitFor([&] { return !w.viewsPending(); }, 10000); }
int legendItems(QCPLegend* legend) {
  int n = 0;  // a wrapped legend grid has empty cells: count the items
  for (int i = 0; i < legend->itemCount(); ++i) n += legend->item(i) != nullptr;
  return n;
}
}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT
  std::unique_ptr<MainWindow> w_;

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // recent files go to a test settings file
    QCoreApplication::setOrganizationName(QStringLiteral("RatioscopeTest"));
    w_ = std::make_unique<MainWindow>();
    w_->resize(1400, 860);
    w_->show();
    QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_DB)));
  }

  void showsSeriesAndLegend() {
    PlotView* view = w_->plotView();
    QCOMPARE(view->metricBox()->currentText(), QStringLiteral("loss"));
    // 3b: magnitude, nm24, rtn, structured; 7b: the same + magnitude+rft; 0.5b and 1.5b: dense baselines.
    QCOMPARE(view->figure().series.size(), std::size_t(11));
    QStringList legend;
    for (const LegendEntry& e : view->figure().legend) legend << QString::fromStdString(e.label);
    QCOMPARE(legend.size(), 10);
    for (const char* expected : {"dense", "magnitude", "magnitude+rft", "nm24", "rtn", "structured", "synth-llama-0.5b", "synth-llama-7b"})
      QVERIFY2(legend.contains(QLatin1String(expected)), expected);
    QCOMPARE(legendItems(view->plot()->legend), 10);
    QVERIFY(w_->runModel()->rowCount() == 1);  // one family
  }

  void hoverShowsRunTooltip() {
    PlotView* view = w_->plotView();
    qint64 target = 0;  // the last (most compressed) 7b rtn point, not the shared dense anchor
    for (const DrawnSeries& s : view->figure().series)
      if (s.series.model == "synth-llama-7b" && s.series.method == "rtn") target = s.series.points.back().run_id;
    const auto pos = view->pixelOfRun(target);
    QVERIFY(pos);
    QTest::mouseMove(view->plot(), pos->toPoint());
    QTRY_VERIFY(!view->lastToolTip().isEmpty());
    const QString tip = view->lastToolTip();
    QVERIFY2(tip.contains(QStringLiteral("synth-llama-7b · rtn")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("loss = ")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("bits 2")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("compression-example.csv:")), qPrintable(tip));
    // Away from every marker the tooltip goes.
    QTest::mouseMove(view->plot(), QPoint(5, 5));
    QTRY_VERIFY(view->lastToolTip().isEmpty());
  }

  void clickSelectsRunInTable() {
    PlotView* view = w_->plotView();
    qint64 target = 0;
    for (const DrawnSeries& s : view->figure().series)
      if (s.series.model == "synth-llama-3b" && s.series.method == "structured") target = s.series.points[3].run_id;
    const auto pos = view->pixelOfRun(target);
    QVERIFY(pos);
    QSignalSpy clicked(view, &PlotView::runClicked);
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, pos->toPoint());
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toLongLong(), target);
    const QModelIndex current = w_->runView()->currentIndex();
    QCOMPARE(current.data(RunTreeModel::RunIdRole).toLongLong(), target);
    QCOMPARE(*view->selectedRun(), target);
    // And the other way: choosing a run in the table rings it on the plot.
    const QModelIndex other = w_->runProxy()->mapFromSource(w_->runModel()->indexOfRun(target + 1));
    QVERIFY(other.isValid());
    w_->runView()->setCurrentIndex(other);
    QCOMPARE(*view->selectedRun(), target + 1);
  }

  void legendClickTogglesSeries() {
    PlotView* view = w_->plotView();
    QCPAbstractLegendItem* rtnItem = nullptr;
    for (const LegendEntry& e : view->figure().legend)
      if (e.label == "rtn") rtnItem = view->plot()->legend->itemWithPlottable(e.proxy);
    QVERIFY(rtnItem);
    const QPoint center = rtnItem->rect().center();
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, center);
    QVERIFY(view->hiddenKeys().count("method:rtn"));
    for (const DrawnSeries& s : view->figure().series)
      QCOMPARE(s.markers->visible(), s.series.method != "rtn");
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, center);
    QVERIFY(view->hiddenKeys().empty());
  }

  void filterAndMetricFollow() {
    PlotView* view = w_->plotView();
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("7b bits<=4"));
    QVERIFY(settled(*w_));
    for (const DrawnSeries& s : view->figure().series) {
      QCOMPARE(s.series.model, std::string("synth-llama-7b"));
      QCOMPARE(s.series.method, std::string("rtn"));
    }
    QCOMPARE(view->figure().series.size(), std::size_t(1));
    // The browser's groups count what the filter shows, and so does the status line.
    const QString family = w_->runView()->model()->index(0, 0).data().toString();
    QVERIFY2(family.contains(QStringLiteral(" of 70)")), qPrintable(family));
    auto* status = w_->findChild<QLabel*>(QStringLiteral("statusLine"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(QStringLiteral("of 70 runs match the filter")), qPrintable(status->text()));
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("colour=red"));  // invalid: keeps the last valid filter, says why
    QVERIFY(settled(*w_));
    QVERIFY(w_->filterEdit()->toolTip().contains(QStringLiteral("unknown field 'colour'")));
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
    QCOMPARE(view->figure().series.size(), std::size_t(11));

    view->metricBox()->setCurrentText(QStringLiteral("mmlu"));
    QCOMPARE(view->plot()->yAxis->label(), QStringLiteral("MMLU accuracy"));
    QCOMPARE(w_->runModel()->headerData(RunTreeModel::MetricValue, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("mmlu"));
    view->axisBox()->setCurrentIndex(view->axisBox()->findData(QStringLiteral("fold")));
    QVERIFY(view->spec().log_x);  // fold spans orders of magnitude
  }

  void fitsExcludesAndUndoes() {
    PlotView* view = w_->plotView();
    FitPanel* panel = w_->fitPanel();
    view->metricBox()->setCurrentText(QStringLiteral("mmlu"));
    view->axisBox()->setCurrentIndex(view->axisBox()->findData(QStringLiteral("ratio")));
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("7b method=magnitude"));
    QVERIFY(settled(*w_));
    QSignalSpy fitted(panel->runner(), &FitRunner::finished);
    panel->lawBox()->setCurrentIndex(panel->lawBox()->findData(QStringLiteral("logistic")));
    QVERIFY(fitted.wait(30000));
    QTRY_VERIFY(!w_->viewsPending());  // the plot draws a fit in the turns after it arrives
    QTableWidget* table = panel->parameterTable();
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("floor"));
    const QString x0 = table->item(2, 1)->text();
    const double floor = table->item(0, 1)->text().toDouble();
    QVERIFY2(std::fabs(floor - 0.25) < 0.01, qPrintable(table->item(0, 1)->text()));  // mmlu collapses to chance
    // The panel says which estimator produced the ± column: a least-squares fit's is Wald.
    const QString goodness = panel->findChild<QLabel*>(QStringLiteral("goodness"))->text();
    QVERIFY2(goodness.contains(QStringLiteral("errors: Wald")), qPrintable(goodness));
    // The fitted curve and its band are on the plot.
    bool curve = false;
    for (int i = 0; i < view->plot()->graphCount(); ++i) curve = curve || view->plot()->graph(i)->objectName() == QLatin1String("fit-curve");
    QVERIFY(curve);

    // Exclude the point at r = 0.5 of seed 1 by clicking it.
    qint64 target = 0;
    for (const DrawnSeries& s : view->figure().series)
      for (const rs::SeriesPoint& p : s.series.points)
        if (std::fabs(p.x - 0.5) < 1e-9 && !target) target = p.run_id;
    QVERIFY(target);
    panel->excludeBox()->setChecked(true);
    fitted.clear();
    QTest::mouseClick(view->plot(), Qt::LeftButton, {}, view->pixelOfRun(target)->toPoint());
    QVERIFY(panel->excluded().count(target));
    QVERIFY(fitted.wait(30000));
    QTRY_VERIFY(!w_->viewsPending());  // the plot draws a fit in the turns after it arrives
    QVERIFY2(table->item(2, 1)->text() != x0, "excluding a point changes the fit");
    QCOMPARE(panel->shownFit()->result.n_points, 26);

    // Undo brings the point and the parameters back.
    fitted.clear();
    w_->undoStack()->undo();
    QVERIFY(panel->excluded().empty());
    QVERIFY(fitted.wait(30000));
    QTRY_VERIFY(!w_->viewsPending());  // the plot draws a fit in the turns after it arrives
    QCOMPARE(table->item(2, 1)->text(), x0);
    QCOMPARE(panel->shownFit()->result.n_points, 27);
    panel->excludeBox()->setChecked(false);
    panel->lawBox()->setCurrentIndex(0);
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
  }

  void newerFitSupersedesOlder() {
    FitPanel* panel = w_->fitPanel();
    w_->plotView()->metricBox()->setCurrentText(QStringLiteral("loss"));
    QSignalSpy fitted(panel->runner(), &FitRunner::finished);
    // Two requests in a row: only the second one's result arrives.
    panel->lawBox()->setCurrentIndex(panel->lawBox()->findData(QStringLiteral("compression-quadratic")));
    panel->lawBox()->setCurrentIndex(panel->lawBox()->findData(QStringLiteral("power")));
    QVERIFY(fitted.wait(30000));
    QTRY_VERIFY(!w_->viewsPending());  // the plot draws a fit in the turns after it arrives
    QTest::qWait(300);
    QCOMPARE(fitted.count(), 1);
    QCOMPARE(panel->lastFit()->law->info().id, std::string("power"));
    QCOMPARE(panel->lastFit()->fits.size(), std::size_t(11));  // one fit per plotted series
    QCOMPARE(panel->seriesBox()->count(), 11);
    // The panel opens on a series that fitted, not on one that could not be.
    bool anyFitted = false;
    for (const auto& f : panel->lastFit()->fits) anyFitted = anyFitted || f.result.ok;
    QVERIFY(anyFitted);
    QVERIFY(panel->lastFit()->fits[static_cast<std::size_t>(panel->seriesBox()->currentIndex())].result.ok);
    panel->lawBox()->setCurrentIndex(0);
  }

  void methodsKeepTheirColoursWhenFiltered() {
    PlotView* view = w_->plotView();
    view->metricBox()->setCurrentText(QStringLiteral("loss"));
    auto colourOf = [&](const std::string& method) {
      for (const DrawnSeries& s : view->figure().series)
        if (s.series.method == method && s.markers) return s.markers->pen().color();
      return QColor();
    };
    auto shapeOf = [&](const std::string& model) {
      for (const DrawnSeries& s : view->figure().series)
        if (s.series.model == model && s.markers) return static_cast<int>(s.markers->scatterStyle().shape());
      return -1;
    };
    const QColor rtn = colourOf("rtn");
    const int shape7b = shapeOf("synth-llama-7b");
    QVERIFY(rtn.isValid() && shape7b >= 0);
    // Without the methods drawn before it, rtn would take the first colour;
    // without the smaller models, 7b would take the first marker shape.
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("7b method=rtn"));
    QVERIFY(settled(*w_));
    QCOMPARE(colourOf("rtn"), rtn);
    QCOMPARE(shapeOf("synth-llama-7b"), shape7b);
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
  }

  void ratioSliderReadsOut() {
    PlotView* view = w_->plotView();
    view->axisBox()->setCurrentIndex(view->axisBox()->findData(QStringLiteral("ratio")));
    view->metricBox()->setCurrentText(QStringLiteral("mmlu"));
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("7b method=magnitude"));
    QVERIFY(settled(*w_));
    // Dropouts and knees are computed in the background; the plot shows them when done.
    QTRY_VERIFY(!view->analysisPending());
    // Dropout markers are on the accuracy plot.
    int markers = 0;
    for (int i = 0; i < view->plot()->itemCount(); ++i) markers += view->plot()->item(i)->objectName() == QLatin1String("dropout");
    QVERIFY(markers >= 2);
    // The marks are items, so the legend has keys saying what they are.
    QStringList keys;
    for (int i = 0; i < view->plot()->legend->itemCount(); ++i)
      if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view->plot()->legend->item(i))) keys << item->plottable()->name();
    QVERIFY2(keys.contains(QStringLiteral("dropout ratio (bar: the measured ratios around it)")), qPrintable(keys.join(QStringLiteral(", "))));
    QVERIFY2(keys.contains(QStringLiteral("knee region")), qPrintable(keys.join(QStringLiteral(", "))));
    QVERIFY(!view->seriesAnalysis().empty());
    // Each knee region spans exactly the intervals of its series' knees that
    // have one; knees without an interval shade nothing.
    std::vector<std::pair<double, double>> expected;
    for (const SeriesAnalysis& a : view->seriesAnalysis()) {
      double lo = 1e300, hi = -1e300;
      for (const auto& k : a.knees)
        if (k.found && k.has_interval) lo = std::min(lo, k.ci_low), hi = std::max(hi, k.ci_high);
      if (hi > lo) expected.emplace_back(lo, hi);
    }
    int regions = 0;
    for (int i = 0; i < view->plot()->itemCount(); ++i) {
      auto* rect = qobject_cast<QCPItemRect*>(view->plot()->item(i));
      if (!rect || rect->objectName() != QLatin1String("knee")) continue;
      ++regions;
      const double lo = rect->topLeft->coords().x(), hi = rect->bottomRight->coords().x();
      QVERIFY(std::any_of(expected.begin(), expected.end(), [&](const auto& e) { return std::fabs(e.first - lo) < 1e-12 && std::fabs(e.second - hi) < 1e-12; }));
    }
    QCOMPARE(regions, static_cast<int>(expected.size()));
    QVERIFY(view->seriesAnalysis().front().dropout);
    const double dropout = view->seriesAnalysis().front().dropout->ratio;
    // Drag the slider with the keyboard from 0 to past the dropout ratio.
    QSlider* slider = view->ratioSlider();
    slider->setFocus();
    slider->setValue(0);
    QVERIFY(!view->readoutText().contains(QStringLiteral("dropped: ")));
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(slider->value(), slider->maximum());
    QVERIFY(view->sliderRatio() > dropout);
    const QString text = view->readoutText();
    QVERIFY2(text.contains(QStringLiteral("synth-llama-7b · magnitude")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("dropped: ")) && text.contains(QStringLiteral("mmlu")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("native synth-llama-")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("past the knee")), qPrintable(text));
    // Halfway: the measured value interpolated at that ratio.
    slider->setValue(500);
    QVERIFY(view->readoutText().contains(QStringLiteral("measured")));
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
  }

  void effectiveParamsPanelPlotsMultipliers() {
    EffectivePanel* panel = w_->effectivePanel();
    QTRY_VERIFY(!panel->pending());  // the dense laws are fitted in the background
    // The example's four dense sizes each have their own token count: size and
    // tokens are confounded, so "auto" refuses and says why; a named law fits.
    QCOMPARE(panel->lawBox()->currentData().toString(), QStringLiteral("auto"));
    QVERIFY2(panel->status().contains(QStringLiteral("no size was trained at two token counts")), qPrintable(panel->status()));
    QCOMPARE(panel->plottedPoints(), 0);
    panel->lawBox()->setCurrentIndex(panel->lawBox()->findData(QStringLiteral("kaplan-nd")));
    QVERIFY(panel->pending());
    QVERIFY2(panel->status().contains(QStringLiteral("Fitting the dense law")), qPrintable(panel->status()));
    QTRY_VERIFY(!panel->pending());
    QVERIFY2(panel->status().contains(QStringLiteral("kaplan-nd fitted")), qPrintable(panel->status()));
    panel->axisBox()->setCurrentIndex(panel->axisBox()->findData(QStringLiteral("bits")));
    QVERIFY(panel->plottedPoints() > 0);  // the RTN runs
    const int quantised = panel->plottedPoints();
    panel->axisBox()->setCurrentIndex(panel->axisBox()->findData(QStringLiteral("sparsity")));
    QVERIFY(panel->plottedPoints() > 0 && panel->plottedPoints() != quantised);
    // Only what the filter shows.
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("method=rtn"));
    QVERIFY(settled(*w_));
    QCOMPARE(panel->plottedPoints(), 0);  // RTN runs are not sparse
    panel->lawBox()->setCurrentIndex(panel->lawBox()->findData(QStringLiteral("chinchilla")));
    QTRY_VERIFY(!panel->pending());
    QVERIFY(panel->status().contains(QStringLiteral("cannot fit chinchilla: 4 points for 5 parameters")));
    panel->lawBox()->setCurrentIndex(0);
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
  }

  void readoutPredictsTheNativeFrontier() {
    // Five native sizes at one token count, and the largest pruned to sizes
    // none of them is near: on the loss, the slider reads the frontier.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("frontier.csv"));
    {
      QFile f(csv);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("run,family,model,params,tokens,method,ratio,sparsity,metric,value,stderr\n");
      const double sizes[] = {1e6, 2e6, 4e6, 8e6, 1.6e7};
      for (double n : sizes)
        f.write(QStringLiteral("d%1,f,m%1,%1,1e8,,,,loss,%2,0.01\n").arg(n).arg(2 + 50 * std::pow(n, -0.3)).toUtf8());
      for (double r : {0.3, 0.6, 0.9})
        f.write(QStringLiteral("p%1,f,m1.6e+07,1.6e7,1e8,magnitude,%1,%1,loss,%2,0.01\n").arg(r).arg(2.6 + r).toUtf8());
    }
    QSignalSpy frontier(w_.get(), &MainWindow::frontierReady);
    QVERIFY(openAndWait(*w_, csv));
    // The frontier is fitted in the background: the readout and the
    // fairness panel predict natives once it is in.
    QVERIFY(frontier.count() > 0 || frontier.wait(30000));
    PlotView* view = w_->plotView();
    view->axisBox()->setCurrentIndex(view->axisBox()->findData(QStringLiteral("ratio")));
    view->metricBox()->setCurrentText(QStringLiteral("loss"));
    QTRY_VERIFY(!view->analysisPending() && !w_->fairnessPanel()->pending());
    QSlider* slider = view->ratioSlider();
    bool predicted = false;
    for (int v = 0; v <= slider->maximum() && !predicted; v += slider->maximum() / 20) {
      slider->setValue(v);
      predicted = view->readoutText().contains(QStringLiteral("native-small frontier")) && view->readoutText().contains(QStringLiteral("(predicted)"));
    }
    QVERIFY2(predicted, qPrintable(view->readoutText()));
    // The fairness panel pairs the pruned runs with the predicted natives.
    bool pairedWithPrediction = false;
    for (const auto& cmp : w_->fairnessPanel()->comparisons()) pairedWithPrediction |= cmp.baseline_predicted;
    QVERIFY(pairedWithPrediction);
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_DB)));
  }

  void trialDialogGathersOptions() {
    TrialDialog dialog;
    dialog.show();  // laid out, so clicks land on the check boxes
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    rs::trials::TrialOptions o;
    QString why;
    QVERIFY(dialog.options(o, why));
    QCOMPARE(o.model, std::string("mlp-small"));
    QCOMPARE(o.ratios.size(), std::size_t(5));
    QVERIFY(std::find(o.methods.begin(), o.methods.end(), "imp") == o.methods.end());  // opt-in: one retraining per ratio
    // A transformer with native baselines and head pruning.
    auto* model = dialog.findChild<QComboBox*>(QStringLiteral("model"));
    model->setCurrentIndex(model->findData(QStringLiteral("tf-small")));
    QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("baselines")), QStringLiteral("tf-nano, tf-micro"));
    QCheckBox* heads = dialog.findChild<QCheckBox*>(QStringLiteral("method:heads"));
    QVERIFY(heads && !heads->isChecked());
    QTest::mouseClick(heads, Qt::LeftButton, {}, QPoint(6, heads->height() / 2));  // on the indicator
    QVERIFY(dialog.options(o, why));
    QCOMPARE(o.model, std::string("tf-small"));
    QCOMPARE(o.baselines, (std::vector<std::string>{"tf-nano", "tf-micro"}));
    QVERIFY(std::find(o.methods.begin(), o.methods.end(), "heads") != o.methods.end());
    // Bad input says why under the form, and Run does not close the dialog.
    QLineEdit* ratios = dialog.findChild<QLineEdit*>(QStringLiteral("ratios"));
    ratios->clear();
    QTest::keyClicks(ratios, QStringLiteral("0, 1.5"));
    QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("run")), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("error"))->text(), QStringLiteral("Ratios must lie in [0, 1)."));
    ratios->setText(QStringLiteral("0, 0.5"));
    QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("error"))->text().isEmpty());  // gone once the field is edited
    QCheckBox* distill = dialog.findChild<QCheckBox*>(QStringLiteral("distill"));
    QTest::mouseClick(distill, Qt::LeftButton, {}, QPoint(6, distill->height() / 2));
    QVERIFY(!dialog.options(o, why));
    QCOMPARE(why, QStringLiteral("Distillation needs recovery steps."));
    dialog.findChild<QSpinBox*>(QStringLiteral("rftSteps"))->setValue(100);
    QVERIFY(dialog.options(o, why));
    QVERIFY(o.distill && o.rft_steps == 100);
  }

  void fairnessPanelListsChecks() {
    FairnessPanel* panel = w_->fairnessPanel();
    QTest::keyClicks(w_->filterEdit(), QStringLiteral("7b method=magnitude+rft"));
    QVERIFY(settled(*w_));
    QTRY_VERIFY(!panel->pending());  // checked in the background
    QCOMPARE(panel->comparisons().size(), std::size_t(4));  // four recovered runs, each against its native model
    QTreeWidgetItem* first = panel->tree()->topLevelItem(0);
    QVERIFY(first->text(0).contains(QStringLiteral("magnitude+rft")) && first->text(0).contains(QStringLiteral("vs")));
    QCOMPARE(first->childCount(), 7);
    QTreeWidgetItem* data = nullptr;
    for (int i = 0; i < first->childCount(); ++i)
      if (first->child(i)->text(0) == QLatin1String("data-confound")) data = first->child(i);
    QVERIFY(data);
    QCOMPARE(data->text(1), QStringLiteral("WARN"));  // recovery tokens and distillation the baseline did not get
    QVERIFY(data->toolTip(1).contains(QStringLiteral("distill")));
    panel->budgetBox()->setCurrentText(QStringLiteral("bytes"));
    QVERIFY(panel->pending());
    QTRY_VERIFY(!panel->pending());
    QCOMPARE(panel->comparisons().size(), std::size_t(4));
    w_->filterEdit()->clear();
    QVERIFY(settled(*w_));
  }

  void runsTrialsInTheBackground() {
    // On a copy of the example database: trial runs are stored into the open database.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    QVERIFY(QFile::copy(QStringLiteral(RS_EXAMPLE_DB), db));
    QVERIFY(openAndWait(*w_, db));
    const int runsBefore = static_cast<int>(w_->plotView()->drawnRuns().size());
    rs::trials::TrialOptions o;
    o.model = "mlp-tiny";
    o.methods = {"magnitude"};
    o.ratios = {0, 0.5};
    o.train_steps = 40;
    o.device = "cpu";
    o.cache_dir = "none";
    QSignalSpy added(w_.get(), &MainWindow::trialRunAdded);
    QSignalSpy finished(w_.get(), &MainWindow::trialsFinished);
    QVERIFY(w_->startTrials(o));
    QVERIFY(w_->trialsRunning());
    QVERIFY(!w_->startTrials(o));  // one sweep at a time
    QVERIFY(finished.wait(60000));
    QCOMPARE(added.count(), 2);  // dense + magnitude 0.5, each landing as it finished
    QCOMPARE(finished.first().at(0).toInt(), 2);
    QVERIFY(!finished.first().at(1).toBool());
    QCOMPARE(static_cast<int>(w_->plotView()->drawnRuns().size()), runsBefore + 2);
    QVERIFY(w_->plotView()->metricBox()->findText(QStringLiteral("suite_copy")) >= 0);
    QCOMPARE(static_cast<int>(rs::loadRuns(db.toStdString()).runs.size()), runsBefore + 2);
    // Cancelled before the first run lands: nothing is added.
    finished.clear();
    added.clear();
    QVERIFY(w_->startTrials(o));
    w_->cancelTrials();
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(1).toBool());
    QCOMPARE(added.count(), 0);
    QVERIFY(w_->trialStatus().contains(QStringLiteral("cancelled")));
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_DB)));  // back to the example for the tests after
  }

  void loadsTaskOverrides() {
    // arc_challenge is 4-way (chance 0.25); an override makes it 0.3, as --tasks does in the CLI.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("tasks.json"));
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(R"({"tasks": {"arc_challenge": {"chance": 0.3, "category": "reasoning"}}})");
    }
    PlotView* view = w_->plotView();
    view->metricBox()->setCurrentText(QStringLiteral("arc_challenge"));
    QCOMPARE(w_->loadTaskOverrides(file), QString());
    QCOMPARE(*w_->taskCatalog().lookup("arc_challenge").chance, 0.3);
    QStringList keys;
    for (int i = 0; i < view->plot()->legend->itemCount(); ++i)
      if (auto* item = qobject_cast<QCPPlottableLegendItem*>(view->plot()->legend->item(i))) keys << item->plottable()->name();
    QVERIFY2(keys.contains(QStringLiteral("chance 0.3")), qPrintable(keys.join(QStringLiteral(", "))));
    // A bad file names itself and changes nothing.
    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    {
      QFile f(bad);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("{\"tasks\": [1]}");
    }
    QCOMPARE(w_->loadTaskOverrides(bad), bad + QStringLiteral(": expected an object {\"tasks\": {NAME: {...}}}"));
    QCOMPARE(*w_->taskCatalog().lookup("arc_challenge").chance, 0.3);
    // Kept for the next file opened.
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_DB)));
    QCOMPARE(*w_->taskCatalog().lookup("arc_challenge").chance, 0.3);
    QCOMPARE(w_->loadTaskOverrides(dir.filePath(QStringLiteral("none.json"))).left(dir.filePath(QStringLiteral("none.json")).size() + 15),
             dir.filePath(QStringLiteral("none.json")) + QStringLiteral(": cannot open: "));
    QCOMPARE(w_->loadTaskOverrides(QString()), QString());
    QCOMPARE(*w_->taskCatalog().lookup("arc_challenge").chance, 0.25);
  }

  void exportsFigure() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("figure.pdf"));
    QCOMPARE(w_->exportFigureTo(path, {85, 60, 300}), QString());
    QVERIFY(QFileInfo(path).size() > 1000);
    // Its record (issue #15): this window's export, the open database with its hash.
    QFile sidecar(dir.filePath(QStringLiteral("figure.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    const QJsonObject record = QJsonDocument::fromJson(sidecar.readAll()).object();
    QVERIFY(record[QStringLiteral("command")].toString().startsWith(QStringLiteral("File › Export Figure in the Ratioscope window")));
    const QJsonObject input = record[QStringLiteral("sources")].toArray().first().toObject();
    QCOMPARE(input[QStringLiteral("path")].toString(), w_->currentFile());
    QFile db(w_->currentFile());
    QVERIFY(db.open(QIODevice::ReadOnly));
    QCOMPARE(input[QStringLiteral("sha256")].toString(),
             QString::fromLatin1(QCryptographicHash::hash(db.readAll(), QCryptographicHash::Sha256).toHex()));
    QVERIFY(!record[QStringLiteral("runs")].toArray().isEmpty());
    QVERIFY(w_->exportFigureTo(dir.filePath(QStringLiteral("figure.gif")), {}).contains(QStringLiteral("unknown figure format")));
  }

  void opensByDropAndRemembersRecent() {
    QVERIFY(w_->recentFiles().first().endsWith(QStringLiteral("compression-example.sqlite")));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QStringLiteral(RS_EXAMPLE_CSV))});
    QSignalSpy loaded(w_.get(), &MainWindow::loaded);
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w_.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w_.get(), &drop);
    QVERIFY(loaded.wait(20000));
    QVERIFY(w_->currentFile().endsWith(QStringLiteral("compression-example.csv")));
    QVERIFY(w_->recentFiles().first().endsWith(QStringLiteral("compression-example.csv")));
  }

  void opensAFolderOfResults() {
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_TEST_DATA "/lm_eval/sweep")));
    QVERIFY(w_->currentFile().endsWith(QStringLiteral("sweep")));
    // Five lm-eval files, one run each (unplaced: each its own dense model).
    QCOMPARE(rs::loadRuns(w_->currentFile().toStdString()).runs.size(), std::size_t(5));
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_CSV)));
  }

  // A folder dropped on the window opens File > Import: the preview lists the
  // runs the mapping places, a cell edit corrects a run field, and Import
  // stores them in a new database in the background, which then opens.
  void importsADroppedFolderWithPreview() {
    QTemporaryDir dir;
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(QStringLiteral(RS_TEST_DATA "/lm_eval/sweep"))});
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w_.get(), &enter);
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w_.get(), &drop);
    auto* dialog = w_->findChild<ImportDialog*>(QStringLiteral("importDialog"));
    QVERIFY(dialog);
    QSignalSpy ready(dialog, &ImportDialog::previewReady);
    QVERIFY(ready.wait(20000));  // the first read, without a mapping: five dense models
    QCOMPARE(dialog->preview()->rowCount(), 5);
    dialog->setPlacement(QStringLiteral("family=llama"), QStringLiteral(RS_TEST_DATA "/lm_eval/sweep-map.csv"));
    dialog->reread();
    QVERIFY(ready.wait(20000));
    QCOMPARE(ready.last().first().toInt(), 5);
    QTableWidget* table = dialog->preview();
    int wanda = 0, seventy = -1;
    for (int row = 0; row < table->rowCount(); ++row) {
      wanda += table->item(row, 3)->text() == QLatin1String("wanda");
      if (table->item(row, 4)->text() == QLatin1String("0.7")) seventy = row;
    }
    QCOMPARE(wanda, 3);
    QVERIFY(seventy >= 0);
    QCOMPARE(table->item(seventy, 6)->text(), QStringLiteral("0.7"));  // ratio from sparsity
    table->item(seventy, 5)->setText(QStringLiteral("4"));  // say it was also quantised to 4 bits
    QCOMPARE(table->item(seventy, 6)->text(), QStringLiteral("0.925"));  // 0.3 x 4/16 kept
    table->item(seventy, 4)->setText(QStringLiteral("lots"));            // refused, with the reason
    QCOMPARE(table->item(seventy, 4)->text(), QStringLiteral("0.7"));
    QVERIFY2(dialog->message().contains(QStringLiteral("'lots' is not a finite number")), qPrintable(dialog->message()));
    const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
    dialog->setDatabase(db);
    QSignalSpy loaded(w_.get(), &MainWindow::loaded);
    QSignalSpy imported(dialog, &ImportDialog::imported);
    dialog->startImport();
    QVERIFY(loaded.wait(20000));
    QCOMPARE(imported.size(), 1);
    QCOMPARE(w_->currentFile(), db);
    const auto runs = rs::loadRuns(db.toStdString()).runs;
    QCOMPARE(runs.size(), std::size_t(5));
    int quantised = 0;
    for (const rs::Run& r : runs) quantised += r.bits && *r.bits == 4 && r.ratio && std::abs(*r.ratio - 0.925) < 1e-12;
    QCOMPARE(quantised, 1);
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_CSV)));
  }

  // Runs another writer imports into the open store appear by themselves:
  // only those runs are read, and the status line says how many arrived.
  void followsRunsLandingInTheOpenStore() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("live.sqlite"));
    auto write = [&](const char* name, const QByteArray& text) {
      QFile f(dir.filePath(QLatin1String(name)));
      f.open(QIODevice::WriteOnly);
      f.write(text);
      return f.fileName().toStdString();
    };
    std::string error;
    {
      auto store = rs::ExperimentStore::open(db.toStdString(), error);
      QVERIFY2(store, error.c_str());
      rs::ImportSummary s;
      QVERIFY(!importFileInto(*store, write("a.csv", "model,method,ratio,metric,value\nm,,,loss,2.0\nm,rtn,0.5,loss,2.2\n"), s));
    }
    QVERIFY(openAndWait(*w_, db));
    const int before = static_cast<int>(rs::loadRuns(db.toStdString()).runs.size());
    QSignalSpy arrived(w_.get(), &MainWindow::runsArrived);
    QTest::qWait(3 * LiveView::kPollMs);  // the follower has started
    {
      auto writer = rs::ExperimentStore::open(db.toStdString(), error);  // another connection, as another process
      rs::ImportSummary s;
      QVERIFY(!importFileInto(*writer, write("b.csv", "model,method,ratio,metric,value\nm,rtn,0.75,loss,2.9\nm,magnitude,0.5,loss,2.4\n"), s));
    }
    QVERIFY(arrived.wait(10000));
    QCOMPARE(arrived.first().first().toInt(), 2);  // just the two new runs were read
    QVERIFY2(w_->statusBar()->currentMessage().contains(QStringLiteral("2 runs arrived")), qPrintable(w_->statusBar()->currentMessage()));
    QCOMPARE(static_cast<int>(w_->findChild<PlotView*>()->drawnRuns().size()), before + 2);
    QVERIFY(openAndWait(*w_, QStringLiteral(RS_EXAMPLE_CSV)));
  }

  void reportsBadFiles() {
    QSignalSpy failed(w_.get(), &MainWindow::loadFailed);
    w_->openFile(QStringLiteral("/nonexistent/runs.csv"));
    QVERIFY(failed.wait(20000));
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("/nonexistent/runs.csv: no such file")));
    QVERIFY(w_->currentFile().endsWith(QStringLiteral("compression-example.csv")));  // the open file stays
  }

  // A lab store that cannot be reached: the window opens it in the
  // background (openFile returns before the answer), then names the URL
  // without its password, and the open file stays.
  void reportsAStoreItCannotReach() {
    QSignalSpy failed(w_.get(), &MainWindow::loadFailed);
    w_->openFile(QStringLiteral("postgresql://ratioscope:secret@127.0.0.1:1/lab"));
    QVERIFY(failed.isEmpty());
    QVERIFY(failed.wait(20000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.startsWith(QStringLiteral("postgresql://ratioscope@127.0.0.1:1/lab: cannot connect: cannot reach the server")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("secret")), qPrintable(message));
    QVERIFY(w_->currentFile().endsWith(QStringLiteral("compression-example.csv")));
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
