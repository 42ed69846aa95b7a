#include "ui/fit_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <algorithm>
#include <cmath>
#include <QUndoStack>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "core/fit/fit_table.h"
#include "core/fit/law_metric.h"
#include "core/laws/catalogue.h"
#include "core/model/provenance.h"
#include "ui/figure/figure_style.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_residuals.h"
#include "ui/table_copy.h"

namespace rs::ui {
namespace {

// A note as a sentence after "4 of 9 series fitted.": capital first, full stop last.
QString sentence(QString text) {
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  if (!text.endsWith(QLatin1Char('.'))) text += QLatin1Char('.');
  return text;
}

QString q(const std::string& s) { return QString::fromStdString(s); }
QString num(double v, int digits = 4) { return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("—"); }

// Which estimator the ± and intervals come from: the same words as the CLI's report.
QString errorsLine(const fit::FitResult& r) {
  if (r.covariance.empty()) return QStringLiteral("errors: none");
  switch (r.error_method) {
    case fit::ErrorMethod::Wald: return QStringLiteral("errors: Wald (plain residuals)");
    case fit::ErrorMethod::Sandwich: return QStringLiteral("errors: sandwich (robust objective)");
    case fit::ErrorMethod::Bootstrap:
      return QStringLiteral("errors: bootstrap, %1/%2 resamples (± their s.d., percentile intervals)").arg(r.bootstrap_succeeded).arg(r.bootstrap_resamples);
  }
  return {};
}

// Excluding or restoring a run is a user edit they may regret: an undo command.
class ToggleExcludedCommand : public QUndoCommand {
 public:
  ToggleExcludedCommand(FitPanel* panel, qint64 runId) : panel_(panel), runId_(runId) {
    setText(panel->excluded().count(runId) ? QStringLiteral("Include run in fit") : QStringLiteral("Exclude run from fit"));
  }
  void redo() override { flip(); }
  void undo() override { flip(); }

 private:
  void flip() {
    std::set<qint64> ids = panel_->excluded();
    if (!ids.erase(runId_)) ids.insert(runId_);
    panel_->setExcluded(ids);
  }
  FitPanel* panel_;
  qint64 runId_;
};

}  // namespace

FitPanel::FitPanel(QUndoStack* undo, QWidget* parent) : QWidget(parent), undo_(undo) {
  law_ = new QComboBox;
  law_->setObjectName(QStringLiteral("lawBox"));
  law_->addItem(QStringLiteral("(no fit)"), QString());
  for (const auto& l : laws::lawCatalogue()) law_->addItem(q(l->info().id + " — " + l->info().name), q(l->info().id));
  scope_ = new QComboBox;
  scope_->setObjectName(QStringLiteral("scopeBox"));
  scope_->addItem(QStringLiteral("Each plotted series"), false);
  scope_->addItem(QStringLiteral("All plotted runs together"), true);
  series_ = new QComboBox;
  series_->setObjectName(QStringLiteral("seriesBox"));
  exclude_ = new QCheckBox(QStringLiteral("Click a point to exclude it from the fit"));
  formula_ = new QLabel;
  formula_->setWordWrap(true);
  formula_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_ = new QLabel;
  status_->setWordWrap(true);
  status_->setObjectName(QStringLiteral("fitStatus"));
  table_ = new QTableWidget(0, 4);
  table_->setObjectName(QStringLiteral("parameterTable"));
  table_->setHorizontalHeaderLabels({QStringLiteral("Parameter"), QStringLiteral("Value"), QStringLiteral("± s.e."), QStringLiteral("95% interval")});
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setMinimumHeight(150);
  goodness_ = new QLabel;
  goodness_->setObjectName(QStringLiteral("goodness"));
  goodness_->setWordWrap(true);
  goodness_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  residuals_ = new QCustomPlot;
  residuals_->setObjectName(QStringLiteral("residualPlot"));
  residuals_->setMinimumHeight(140);
  residuals_->setVisible(false);  // until there is a fit
  residuals_->yAxis->setLabel(QStringLiteral("residual"));
  progress_ = new QProgressBar;
  progress_->setVisible(false);
  cancel_ = new QPushButton(QStringLiteral("Cancel"));
  cancel_->setVisible(false);

  copier_ = new TableCopier(table_, [this](TableFormat format) { return tableText(format); }, this);
  copier_->setProvenance([this] { return tableProvenance(); });
  auto* tableRow = new QHBoxLayout;
  tableRow->addStretch(1);
  tableRow->addWidget(copier_->button());

  auto* progressRow = new QHBoxLayout;
  progressRow->addWidget(progress_, 1);
  progressRow->addWidget(cancel_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  auto* form = new QFormLayout;
  form->addRow(QStringLiteral("Law"), law_);
  form->addRow(QStringLiteral("Fit"), scope_);
  form->addRow(QStringLiteral("Show"), series_);
  layout->addLayout(form);
  options_ = new FitOptionsWidget;  // the CLI's --robust, --starts, --seed, --bootstrap, --holdout-above
  layout->addWidget(options_);
  layout->addWidget(formula_);
  layout->addWidget(exclude_);
  layout->addLayout(progressRow);
  layout->addWidget(status_);
  layout->addLayout(tableRow);
  layout->addWidget(table_, 1);
  layout->addWidget(goodness_);
  layout->addWidget(residuals_, 1);

  runner_ = new FitRunner(this);
  debounce_ = new QTimer(this);
  debounce_->setSingleShot(true);
  debounce_->setInterval(120);  // coalesce bursts (typing a filter) into one fit
  debounce_->setObjectName(QStringLiteral("fitDebounce"));
  connect(debounce_, &QTimer::timeout, this, &FitPanel::startFit);
  for (auto* box : {law_, scope_})
    connect(box, &QComboBox::currentIndexChanged, this, [this] {
      requestFit();
      Q_EMIT choiceChanged();
    });
  connect(options_, &FitOptionsWidget::changed, this, [this] {
    requestFit();
    Q_EMIT choiceChanged();
  });
  connect(series_, &QComboBox::currentIndexChanged, this, &FitPanel::showFit);
  connect(cancel_, &QPushButton::clicked, runner_, &FitRunner::cancel);
  connect(runner_, &FitRunner::progress, this, [this](int done, int total) {
    progress_->setMaximum(total);
    progress_->setValue(done);
  });
  connect(runner_, &FitRunner::finished, this, &FitPanel::showResult);
  connect(runner_, &FitRunner::cancelled, this, [this] {
    progress_->setVisible(false);
    cancel_->setVisible(false);
    // The previous fit no longer matches the runs and exclusions on screen.
    last_.reset();
    series_->clear();
    table_->setRowCount(0);
    goodness_->clear();
    drawResiduals();
    showMessage(QStringLiteral("Fit cancelled; change anything to fit again."));
    Q_EMIT overlayChanged();
  });
}

void FitPanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible, const FigureSpec& spec,
                          const TaskCatalog& tasks) {
  setContext(std::move(all), std::make_shared<const std::vector<Run>>(std::move(visible)), spec, tasks);
}

void FitPanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible, const FigureSpec& spec,
                          const TaskCatalog& tasks) {
  // A new plotted metric is a new question: the law chosen for the old one
  // is refitted only when it suits the new one, and the panel says so.
  if (!spec_.metric.empty() && spec.metric != spec_.metric) metricChangedFrom_ = QString::fromStdString(spec_.metric);
  all_ = std::move(all);
  visible_ = std::move(visible);
  spec_ = spec;
  tasks_ = tasks;
  requestFit();
}

bool FitPanel::excludeMode() const { return exclude_->isChecked(); }

void FitPanel::toggleExcluded(qint64 runId) { undo_->push(new ToggleExcludedCommand(this, runId)); }

void FitPanel::setExcluded(const std::set<qint64>& ids) {
  excluded_ = ids;
  Q_EMIT excludedChanged(excluded_);
  Q_EMIT overlayChanged();
  requestFit();
}

void FitPanel::requestFit() { debounce_->start(); }

FitChoice FitPanel::choice() const {
  FitChoice r;
  r.law = law_->currentData().toString();
  r.per_series = !scope_->currentData().toBool();
  r.options = options_->options();
  return r;
}

void FitPanel::applyChoice(const FitChoice& r) {
  {
    const QSignalBlocker b1(law_), b2(scope_), b3(options_);
    options_->setOptions(r.options);
    scope_->setCurrentIndex(std::max(0, scope_->findData(!r.per_series)));
    law_->setCurrentIndex(std::max(0, law_->findData(r.law)));
  }
  requestFit();
}

void FitPanel::startFit() {
  const auto law = laws::findLaw(law_->currentData().toString().toStdString());
  if (!law) {
    metricChangedFrom_.clear();  // nothing was fitted to the old metric
    refitNote_.clear();
    runner_->discard();
    progress_->setVisible(false);
    cancel_->setVisible(false);
    last_.reset();
    series_->clear();
    formula_->clear();
    table_->setRowCount(0);
    goodness_->clear();
    residuals_->clearGraphs();
    residuals_->replot();
    showMessage(QStringLiteral("Choose a law to fit the plotted runs."));
    Q_EMIT overlayChanged();
    return;
  }
  formula_->setText(QStringLiteral("<b>%1</b><br><i>%2</i>").arg(q(law->info().formula).toHtmlEscaped(), q(law->info().citation).toHtmlEscaped()));
  const fit::FitDataSpec spec = fitDataSpec(spec_, tasks_, all_.get(), excluded_);
  const QString changedFrom = metricChangedFrom_;
  metricChangedFrom_.clear();
  // A law made for another kind of metric is not fitted (law_metric.h):
  // neither when chosen, nor when the plotted metric changes under it.
  const fit::LawMetricCheck suits =
      fit::checkLawForMetric(law->info(), spec.metric, spec.metric_is_accuracy, spec.metric_lower_is_better);
  if (suits.refused) {
    runner_->discard();
    progress_->setVisible(false);
    cancel_->setVisible(false);
    last_.reset();
    series_->clear();
    table_->setRowCount(0);
    goodness_->clear();
    drawResiduals();
    showMessage((changedFrom.isEmpty() ? QString() : QStringLiteral("The plotted metric changed from %1 to %2; the fit of %3 is gone. ")
                                                         .arg(changedFrom, q(spec.metric), q(law->info().id))) +
                QStringLiteral("Not fitted: ") + sentence(q(suits.message)));
    Q_EMIT overlayChanged();
    return;
  }
  refitNote_ = changedFrom.isEmpty() ? QString()
                                     : QStringLiteral("Refitted %1 to %2 (the plotted metric changed from %3). ")
                                           .arg(q(law->info().id), q(spec.metric), changedFrom);
  requestedSpec_ = spec_;
  requestedOptions_ = options_->options();
  progress_->setValue(0);
  progress_->setVisible(true);
  cancel_->setVisible(true);
  showMessage(refitNote_ + QStringLiteral("Fitting %1 to the plotted %2…").arg(q(law->info().id), scope_->currentData().toBool() ? QStringLiteral("runs") : QStringLiteral("series")));
  // The fit's data is gathered in the background too: with thousands of
  // runs that alone would stall the window.
  runner_->submit([law, visible = visible_, all = all_, figure = spec_, spec, perSeries = !scope_->currentData().toBool(),
                   options = requestedOptions_] { return makeFitRequest(law, *visible, figure, spec, perSeries, options); });
}

void FitPanel::showMessage(const QString& text) { status_->setText(text); }

QString FitPanel::status() const { return status_->text(); }

void FitPanel::showResult(const FitOutcome& outcome) {
  progress_->setVisible(false);
  cancel_->setVisible(false);
  last_ = outcome;
  fittedSpec_ = requestedSpec_;
  fittedOptions_ = requestedOptions_;
  // Keep showing the same series when it is still fitted.
  const QString previous = series_->currentText();
  {
    const QSignalBlocker block(series_);
    series_->clear();
    int firstFitted = -1;
    for (const SeriesFit& f : outcome.fits) {
      series_->addItem(q(f.label));
      if (f.result.ok && firstFitted < 0) firstFitted = series_->count() - 1;
      if (!f.result.ok) series_->setItemData(series_->count() - 1, q(f.result.error), Qt::ToolTipRole);
    }
    // The same series as before; else the first that fitted, not one whose
    // only content is why it could not be.
    const int kept = series_->findText(previous);
    series_->setCurrentIndex(kept >= 0 ? kept : std::max(0, firstFitted));
  }
  showFit();
  Q_EMIT overlayChanged();
}

const SeriesFit* FitPanel::shownFit() const {
  if (!last_) return nullptr;
  const int i = series_->currentIndex();
  return i >= 0 && i < static_cast<int>(last_->fits.size()) ? &last_->fits[static_cast<std::size_t>(i)] : nullptr;
}

void FitPanel::showFit() {
  const SeriesFit* f = shownFit();
  table_->setRowCount(0);
  goodness_->clear();
  int fitted = 0;
  if (last_)
    for (const SeriesFit& s : last_->fits) fitted += s.result.ok;
  QStringList unfitted;
  if (last_)
    for (const SeriesFit& s : last_->fits)
      if (!s.result.ok) unfitted << q(s.label);
  const QString summary = last_ && last_->fits.size() > 1
                              ? QStringLiteral("%1 of %2 series fitted%3. ").arg(fitted).arg(last_->fits.size())
                                    .arg(unfitted.isEmpty() ? QString() : QStringLiteral(" (not: %1; pick one under Show for why)").arg(unfitted.join(QStringLiteral(", "))))
                              : QString();
  if (!f) {
    showMessage(last_ ? QStringLiteral("Nothing to fit: no plotted series.") : QString());
    drawResiduals();
    return;
  }
  const fit::FitResult& r = f->result;
  if (!r.ok) {
    showMessage(summary + sentence(q(r.error)));
    drawResiduals();
    return;
  }
  table_->setRowCount(static_cast<int>(r.params.size()));
  for (int i = 0; i < static_cast<int>(r.params.size()); ++i) {
    const fit::ParamEstimate& p = r.params[static_cast<std::size_t>(i)];
    const QStringList cells = {q(p.display) + (p.intercept ? QStringLiteral(" (intercept)") : QString()), num(p.value, 5), num(p.std_error, 3),
                               QStringLiteral("[%1, %2]").arg(num(p.ci_low), num(p.ci_high)) + (p.at_bound ? QStringLiteral("  at bound") : QString())};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (!p.meaning.empty()) item->setToolTip(q(p.meaning));
      table_->setItem(i, c, item);
    }
  }
  table_->resizeColumnsToContents();
  // Which options made it (the CLI's words), and what the held-out points say.
  const QString holdout = r.holdout ? QStringLiteral("<br>held out above %1: %2 points, RMSE %3")
                                          .arg(num(r.holdout->split)).arg(r.holdout->n_test).arg(num(r.holdout->rmse))
                                    : QString();
  goodness_->setText(QStringLiteral("n = %1 · R² = %2 · RMSE = %3<br>objective %4 · AIC %5 · BIC %6<br>%7 starts, best %8 · %9 s%10<br>%11"
                                    "<br>options: %12%13")
                         .arg(r.n_points).arg(num(r.r2, 5), num(r.rmse, 4), num(r.objective, 6), num(r.aic, 5), num(r.bic, 5))
                         .arg(r.starts).arg(r.converged ? QStringLiteral("converged") : QStringLiteral("not converged"))
                         .arg(r.seconds, 0, 'f', 2)
                         .arg(excluded_.empty() ? QString() : QStringLiteral(" · %1 runs excluded").arg(excluded_.size()))
                         .arg(errorsLine(r), q(FitOptionsWidget::describe(fittedOptions_)).toHtmlEscaped(), holdout));
  QStringList notes, limits;
  for (const auto& w : r.warnings) notes << q(w);
  for (const auto& l : r.limits) limits << q(l);
  // What the fit cannot claim comes first, in words, never a bare "Fitted".
  const QString verdict = limits.isEmpty() ? (notes.isEmpty() ? QStringLiteral("Fitted.") : QString())
                                           : QStringLiteral("Fitted, but ") + limits.join(QStringLiteral("; ")) + QStringLiteral(". ");
  showMessage(refitNote_ + summary + verdict + (notes.isEmpty() ? QString() : sentence(notes.join(QStringLiteral("; ")))));
  drawResiduals();
}

void FitPanel::drawResiduals() {
  const SeriesFit* f = shownFit();
  const auto drawn = f ? seriesColours_.find(f->label) : seriesColours_.end();
  ui::drawResiduals(residuals_, f ? &fit::fittedLaw(*last_->law, f->result) : nullptr, f,
                    drawn != seriesColours_.end() ? drawn->second : methodColour(0), q(std::string(axisInfo(fittedSpec_.axis).label)));
}

const FitOutcome* FitPanel::drawableFit() const {
  // A fit of another metric or axis is not drawn while its successor runs.
  return last_ && fittedSpec_.metric == spec_.metric && fittedSpec_.axis == spec_.axis ? &*last_ : nullptr;
}

void FitPanel::rememberColours(const DrawnFigure& figure) {
  seriesColours_.clear();
  for (const DrawnSeries& s : figure.series)
    if (s.markers) seriesColours_[s.series.label()] = s.markers->pen().color();
}

}  // namespace rs::ui
