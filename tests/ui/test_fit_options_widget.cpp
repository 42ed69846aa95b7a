// The fit panel's options (ui/fit_options_widget.h), driven as a user would
// (real widgets, offscreen): the widgets read into the CLI's FitOptions,
// are remembered, say in the CLI's words what a fit used, and a fit made
// with a robust loss and the bootstrap in the panel is the core fit with
// the same options, number for number.
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QCheckBox>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

#include "core/laws/catalogue.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_panel.h"

using namespace rs;
using namespace rs::ui;

namespace {
// Two models pruned at five ratios; loss grows with the ratio, one point of
// each model pulled up as an outlier (what a robust loss is for).
std::vector<Run> runs() {
  std::vector<Run> out;
  std::int64_t id = 1;
  for (const auto& [model, params, dense] : {std::tuple{"a", 1e9, 2.0}, std::tuple{"b", 3e9, 2.6}}) {
    Run d;
    d.id = id++;
    d.family = std::string(1, 'f');
    d.model = model;
    d.method = "dense";
    d.params = params;
    d.tokens = 20 * params;
    d.rft_tokens = 0;
    d.metrics = {{"loss", dense, {}, {}}};
    out.push_back(d);
    int i = 0;
    for (double r : {0.1, 0.3, 0.5, 0.7, 0.9}) {
      Run c = d;
      c.id = id++;
      c.method = "wanda";
      c.ratio = r;
      const double noise = 1 + 0.01 * ((i % 2) ? 1 : -1) + (i == 2 ? 0.3 : 0.0);
      c.metrics = {{"loss", dense * std::pow(1 + r, 0.8) * noise, {}, {}}};
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

FigureSpec lossAlongRatio() {
  FigureSpec s;
  s.metric = "loss";
  s.axis = Axis::Ratio;
  return s;
}

// A shown fit panel over runs(), fitting all plotted runs together.
struct PanelFixture {
  std::shared_ptr<const std::vector<Run>> all = std::make_shared<const std::vector<Run>>(runs());
  QUndoStack undo;
  FitPanel panel{&undo};
  QSignalSpy fitted{panel.runner(), &FitRunner::finished};
  PanelFixture() {
    panel.show();
    panel.setContext(all, *all, lossAlongRatio(), TaskCatalog());
    panel.scopeBox()->setCurrentIndex(1);
  }
  // Chooses the law and waits for its fit.
  bool fit(const char* law) {
    panel.lawBox()->setCurrentIndex(panel.lawBox()->findData(QString::fromLatin1(law)));
    return fitted.wait(60000);
  }
};
}  // namespace

class TestFitOptionsWidget : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // a settings file of the tests' own
    QCoreApplication::setOrganizationName(QStringLiteral("RatioscopeTest"));
  }
  void init() { QSettings().remove(QStringLiteral("fit")); }

  void defaultsAreTheLawsOwn() {
    FitOptionsWidget w;
    const fit::FitOptions o = w.options();
    QVERIFY(!o.robust);
    QCOMPARE(o.random_starts, 0);
    QCOMPARE(o.seed, std::uint64_t(1));
    QCOMPARE(o.bootstrap, 0);
    QVERIFY(!o.holdout_above);
    QCOMPARE(FitOptionsWidget::describe(o), std::string("the law's defaults"));
    QVERIFY(!w.robustScale()->isEnabled());  // no scale without a robust loss
    QVERIFY(!w.holdoutAbove()->isEnabled());
  }

  void widgetsReadIntoTheCliOptions() {
    FitOptionsWidget w;
    QSignalSpy changed(&w, &FitOptionsWidget::changed);
    w.expander()->click();
    QVERIFY(w.expander()->isChecked());
    w.robustBox()->setCurrentIndex(w.robustBox()->findText(QStringLiteral("Cauchy")));
    QVERIFY(w.robustScale()->isEnabled());
    w.robustScale()->setValue(0.05);
    w.startsBox()->setValue(64);
    w.seedBox()->setValue(7);
    w.bootstrapBox()->setValue(200);
    w.holdoutBox()->setChecked(true);
    w.holdoutAbove()->setValue(0.6);
    QCOMPARE(changed.count(), 7);  // one per edit
    const fit::FitOptions o = w.options();
    QVERIFY(o.robust && o.robust->kind == laws::RobustLoss::Kind::Cauchy);
    QCOMPARE(o.robust->delta, 0.05);
    QCOMPARE(o.random_starts, 64);
    QCOMPARE(o.seed, std::uint64_t(7));
    QCOMPARE(o.bootstrap, 200);
    QCOMPARE(*o.holdout_above, 0.6);
    // The same words as the CLI's options.
    QCOMPARE(FitOptionsWidget::describe(o), std::string("robust cauchy:0.05, 64 random starts (seed 7), bootstrap 200, holdout above 0.6"));
    // Least squares chosen explicitly is not the law's default (Chinchilla's is Huber).
    w.robustBox()->setCurrentIndex(w.robustBox()->findText(QStringLiteral("None (least squares)")));
    QVERIFY(w.options().robust && w.options().robust->kind == laws::RobustLoss::Kind::None);
    QVERIFY(!w.robustScale()->isEnabled());
  }

  void rememberedForNextTime() {
    {
      FitOptionsWidget w;
      fit::FitOptions o;
      o.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, 0.001};
      o.bootstrap = 50;
      o.seed = 3;
      o.holdout_above = 0.4;
      w.setOptions(o);
    }
    FitOptionsWidget again;
    const fit::FitOptions o = again.options();
    QVERIFY(o.robust && o.robust->kind == laws::RobustLoss::Kind::Huber);
    QCOMPARE(o.robust->delta, 0.001);
    QCOMPARE(o.bootstrap, 50);
    QCOMPARE(o.seed, std::uint64_t(3));
    QCOMPARE(*o.holdout_above, 0.4);
    QCOMPARE(o.random_starts, 0);
    QVERIFY(again.robustScale()->isEnabled() && again.holdoutAbove()->isEnabled());
  }

  void thePanelFitsWithTheOptionsSetInIt() {
    PanelFixture f;
    FitPanel& panel = f.panel;
    // Huber δ = 0.01 and 40 bootstrap resamples with seed 5, set in the panel's own widgets.
    FitOptionsWidget* w = panel.optionsWidget();
    w->expander()->click();
    w->robustBox()->setCurrentIndex(w->robustBox()->findText(QStringLiteral("Huber")));
    w->robustScale()->setValue(0.01);
    w->bootstrapBox()->setValue(40);
    w->seedBox()->setValue(5);
    QVERIFY(f.fit("compression"));
    const SeriesFit* shown = panel.shownFit();
    QVERIFY(shown && shown->result.ok);
    const fit::FitResult& gui = shown->result;
    QVERIFY(gui.robust.kind == laws::RobustLoss::Kind::Huber && gui.robust.delta == 0.01);
    QCOMPARE(gui.bootstrap_resamples, 40);
    QVERIFY(gui.error_method == fit::ErrorMethod::Bootstrap);
    // The core fit of the same points with the same options gives the same numbers.
    fit::FitOptions options;
    options.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, 0.01};
    options.bootstrap = 40;
    options.seed = 5;
    const auto law = laws::findLaw("compression");
    const fit::FitData data = fit::buildFitData(*law, *f.all, fitDataSpec(lossAlongRatio(), TaskCatalog(), f.all.get(), {}), law->info().default_space);
    QCOMPARE(data.size(), shown->data.size());
    const fit::FitResult core = fit::fitLaw(*law, data, options);
    QVERIFY(core.ok);
    QCOMPARE(gui.params.size(), core.params.size());
    for (std::size_t i = 0; i < core.params.size(); ++i) {
      QCOMPARE(gui.params[i].value, core.params[i].value);
      QCOMPARE(gui.params[i].std_error, core.params[i].std_error);
      QCOMPARE(gui.params[i].ci_low, core.params[i].ci_low);
      QCOMPARE(gui.params[i].ci_high, core.params[i].ci_high);
    }
    QCOMPARE(gui.objective, core.objective);
    // The options differ from the defaults: so do the numbers.
    const fit::FitResult plain = fit::fitLaw(*law, data, {});
    QVERIFY(plain.error_method != fit::ErrorMethod::Bootstrap && plain.params[1].std_error != core.params[1].std_error);
    // The fit says which options made it, beside its numbers and in its table's caption.
    auto* goodness = panel.findChild<QLabel*>(QStringLiteral("goodness"));
    QVERIFY(goodness);
    QVERIFY2(goodness->text().contains(QStringLiteral("options: robust huber:0.01, bootstrap 40 (seed 5)")), qPrintable(goodness->text()));
    QVERIFY2(goodness->text().contains(QStringLiteral("/40 resamples")), qPrintable(goodness->text()));
    QVERIFY(QString::fromStdString(panel.tableText(TableFormat::Markdown)).contains(QStringLiteral("options: robust huber:0.01, bootstrap 40 (seed 5)")));
  }

  void aHoldoutIsReported() {
    PanelFixture f;
    FitPanel& panel = f.panel;
    panel.optionsWidget()->holdoutBox()->setChecked(true);
    panel.optionsWidget()->holdoutAbove()->setValue(0.6);
    QVERIFY(f.fit("compression"));
    const fit::FitResult& r = panel.shownFit()->result;
    QVERIFY(r.ok && r.holdout);
    // Ratios 0.7 and 0.9 of both models lie above the split: 4 points tested.
    QCOMPARE(r.holdout->n_test, 4);
    QCOMPARE(r.holdout->split, 0.6);
    auto* goodness = panel.findChild<QLabel*>(QStringLiteral("goodness"));
    QVERIFY2(goodness->text().contains(QStringLiteral("held out above 0.6: 4 points, RMSE ")), qPrintable(goodness->text()));
    QVERIFY(goodness->text().contains(QStringLiteral("options: holdout above 0.6")));
  }
};

QTEST_MAIN(TestFitOptionsWidget)
#include "test_fit_options_widget.moc"
