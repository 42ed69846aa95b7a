#include "ui/plot_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "ui/jobs/zero_timer.h"

#include "ui/pixmap_markers.h"
#include "ui/figure/figure_export.h"

namespace rs::ui {
namespace {
// Print sizes (8 pt labels, 5.5 px markers) read small on a monitor.
constexpr double kScreenScale = 1.45;
// Above this many points the screen stamps markers as pixmaps.
constexpr std::size_t kVectorMarkerPoints = 2000;
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

PlotView::PlotView(QWidget* parent) : QWidget(parent) {
  metric_ = new QComboBox;
  metric_->setObjectName(QStringLiteral("metricBox"));
  metric_->setMinimumContentsLength(14);
  axis_ = new QComboBox;
  axis_->setObjectName(QStringLiteral("axisBox"));
  for (const AxisInfo& a : axisCatalogue()) axis_->addItem(q(std::string(a.label)), q(std::string(a.id)));
  logX_ = new QCheckBox(QStringLiteral("Log x"));
  logY_ = new QCheckBox(QStringLiteral("Log y"));
  errorBars_ = new QCheckBox(QStringLiteral("Error bars"));
  errorBars_->setChecked(true);
  analysisBox_ = new QCheckBox(QStringLiteral("Dropouts && knees"));
  analysisBox_->setChecked(true);
  analysisBox_->setToolTip(QStringLiteral("Mark where each task drops to chance and shade where the curve's knee is (ratio axis)."));
  slider_ = new QSlider(Qt::Horizontal);
  slider_->setObjectName(QStringLiteral("ratioSlider"));
  slider_->setRange(0, 1000);
  slider_->setToolTip(QStringLiteral("Compression ratio: read the curves, dropouts and native baselines here."));
  readout_ = new QLabel;
  readout_->setObjectName(QStringLiteral("ratioReadout"));
  readout_->setTextFormat(Qt::RichText);
  readout_->setWordWrap(true);
  readout_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  readout_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  note_ = new QLabel;
  note_->setObjectName(QStringLiteral("plotNote"));
  note_->setStyleSheet(QStringLiteral("color: #666;"));
  note_->setWordWrap(true);  // a long note wraps instead of widening the window
  // One line always, so the plot does not move when a note comes or goes.
  note_->setMinimumHeight(note_->fontMetrics().lineSpacing());

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(QStringLiteral("Metric")));
  controls->addWidget(metric_);
  controls->addSpacing(12);
  controls->addWidget(new QLabel(QStringLiteral("X axis")));
  controls->addWidget(axis_);
  controls->addSpacing(12);
  controls->addWidget(logX_);
  controls->addWidget(logY_);
  controls->addWidget(errorBars_);
  controls->addWidget(analysisBox_);
  controls->addStretch(1);

  plot_ = new QCustomPlot;
  plot_->setObjectName(QStringLiteral("plot"));
  plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
  plot_->setMouseTracking(true);
  plot_->setMinimumSize(480, 320);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(controls);
  layout->addWidget(note_);  // its own line, under the controls: a long note wraps there
  layout->addWidget(plot_, 1);
  auto* sliderRow = new QHBoxLayout;
  sliderRow->addWidget(new QLabel(QStringLiteral("Ratio")));
  sliderRow->addWidget(slider_, 1);
  layout->addLayout(sliderRow);
  // A fixed-height, scrollable readout: the plot must not jump while the
  // slider is dragged and the text grows or shrinks.
  auto* readoutArea = new QScrollArea;
  readoutArea->setWidget(readout_);
  readoutArea->setWidgetResizable(true);
  readoutArea->setFrameShape(QFrame::NoFrame);
  readoutArea->setFixedHeight(7 * readout_->fontMetrics().lineSpacing());
  layout->addWidget(readoutArea);
  // The slider's line lives on its own buffered layer: moving it repaints
  // that layer alone, not the 100 000 points under it.
  plot_->addLayer(QStringLiteral("crosshair"), nullptr, QCustomPlot::limAbove);
  plot_->layer(QStringLiteral("crosshair"))->setMode(QCPLayer::lmBuffered);
  connect(slider_, &QSlider::valueChanged, this, [this] { updateCrosshair(); });
  connect(analysisBox_, &QCheckBox::toggled, this, [this] {
    redraw();
    Q_EMIT figureChanged();
  });

  connect(metric_, &QComboBox::currentTextChanged, this, [this](const QString& m) {
    // A new metric starts on its natural scales: log y for perplexity-like metrics stays the user's call.
    controlsChanged();
    Q_EMIT metricChanged(m);
  });
  connect(axis_, &QComboBox::currentIndexChanged, this, [this] {
    const auto a = axisFromId(axis_->currentData().toString().toStdString());
    const QSignalBlocker block(logX_);
    logX_->setChecked(a && axisInfo(*a).logByDefault);
    controlsChanged();
  });
  for (QCheckBox* box : {logX_, logY_, errorBars_}) connect(box, &QCheckBox::toggled, this, &PlotView::controlsChanged);
  paintTimer_ = zeroTimer(this, QStringLiteral("paintTimer"));
  connect(paintTimer_, &QTimer::timeout, this, &PlotView::paintNow);
  plot_->installEventFilter(this);
  connect(plot_, &QCustomPlot::mouseMove, this, &PlotView::onMouseMove);
  connect(plot_, &QCustomPlot::mousePress, this, &PlotView::onMousePress);
  connect(plot_, &QCustomPlot::legendClick, this, &PlotView::onLegendClick);
}

bool PlotView::eventFilter(QObject* watched, QEvent* event) {
  // The emptiest corner depends on the plot's size: choose it again once the
  // resize has been laid out.
  if (watched == plot_ && event->type() == QEvent::Resize)
    QTimer::singleShot(0, this, [this] {
      placeLegendInEmptiestCorner(*plot_);
      plot_->replot();
    });
  return QWidget::eventFilter(watched, event);
}

void PlotView::show(const SessionSnapshot& state, SessionChanges what) {
  const SessionSnapshot before = std::exchange(state_, state);
  if (what & SessionChange::Tasks) ++tasksGeneration_;  // chance levels and directions decide the dropouts and knees: ask again
  if (what & SessionChange::Runs) takeRuns();
  if (what & (SessionChange::Runs | SessionChange::Tasks | SessionChange::Filter)) {
    queueReplot_ = what & (SessionChange::Runs | SessionChange::Filter);
    contentChanged();
    if (what & SessionChange::Runs) Q_EMIT metricChanged(metric_->currentText());
  } else if (what & (SessionChange::Fit | SessionChange::Exclusions)) {
    if (before->fit.drawsOn(spec().metric, spec().axis) || state_->fit.drawsOn(spec().metric, spec().axis) ||
        before->excluded != state_->excluded) {
      queueReplot_ = what & SessionChange::Fit;  // the fit panel's table took the turn the fit arrived in
      redraw();  // only the overlay changed: the fit panel's context did not
    }
  } else if (what & SessionChange::Frontier) {
    updateCrosshair();
  }
  if ((what & SessionChange::Analysis) && shownAnalysis() && state_->plot_analysis != before->plot_analysis) {
    drawAnalysis(*plot_, figure_, shownAnalysis()->series, state_->tasks, spec());
    updateCrosshair(false);
    plot_->replot();
    Q_EMIT analysed();
  }
}

const PlotAnalysis* PlotView::shownAnalysis() const {
  const PlotAnalysis* a = state_->plot_analysis.get();
  return a && !wantedKey_.empty() && a->key == wantedKey_ && a->runs == wantedRuns_ ? a : nullptr;
}

const std::vector<SeriesAnalysis>& PlotView::seriesAnalysis() const {
  static const std::vector<SeriesAnalysis> none;
  const PlotAnalysis* a = shownAnalysis();
  return a ? a->series : none;
}

void PlotView::wantNoAnalysis() {
  wantedKey_.clear();
  wantedRuns_.reset();
  Q_EMIT analysisWanted({});
}

void PlotView::takeRuns() {
  const std::vector<Run>& runs = *state_->runs;
  methodOrder_ = methodPaletteOrder(runs);
  modelOrder_ = modelShapeOrder(runs);
  selected_.reset();
  const QString previous = metric_->currentText();
  const QSignalBlocker block(metric_);
  metric_->clear();
  for (const std::string& m : metricNames(runs)) metric_->addItem(q(m));
  int keep = metric_->findText(previous);
  if (keep < 0) keep = metric_->findText(QStringLiteral("loss"));  // the headline metric of a compression study
  metric_->setCurrentIndex(std::max(keep, 0));
}

void PlotView::contentChanged() {
  // A new run list's figure paints in a turn of its own; the panels' context
  // (fairness pairing, the fit's runs) goes with that paint rather than
  // lengthen the composing turn (12,000 runs: 9 ms to compose, 4 for the
  // panels). A paint that was waiting and happens now hands it on once.
  contextPending_ = true;
  redraw();
  if (!paintTimer_->isActive() && std::exchange(contextPending_, false)) Q_EMIT contextChanged();
}

void PlotView::paintNow() {
  paintTimer_->stop();
  plot_->replot();
  if (std::exchange(contextPending_, false)) Q_EMIT contextChanged();
  Q_EMIT painted();  // what waited for the queued paint goes on
}

void PlotView::controlsChanged() {
  queueReplot_ = true;  // a new metric or axis: every marker paints again, in a turn of its own
  contentChanged();
  Q_EMIT figureChanged();
}

void PlotView::applySettings(const FigureSettings& f) {
  {
    const QSignalBlocker b1(metric_), b2(axis_), b3(logX_), b4(logY_), b5(errorBars_), b6(analysisBox_);
    if (const int m = metric_->findText(q(f.metric)); m >= 0) metric_->setCurrentIndex(m);
    axis_->setCurrentIndex(std::max(0, axis_->findData(q(std::string(axisInfo(f.axis).id)))));
    logX_->setChecked(f.log_x);
    logY_->setChecked(f.log_y);
    errorBars_->setChecked(f.error_bars);
    analysisBox_->setChecked(f.analysis);
    hidden_ = f.hidden;
  }
  controlsChanged();
  Q_EMIT metricChanged(metric_->currentText());
}

FigureSettings PlotView::settings() const {
  const FigureSpec s = spec();
  FigureSettings f;
  f.metric = s.metric;
  f.axis = s.axis;
  f.log_x = s.log_x;
  f.log_y = s.log_y;
  f.error_bars = s.error_bars;
  f.analysis = analysisBox_->isChecked();
  f.hidden = hidden_;
  return f;
}

FigureSpec PlotView::spec() const {
  FigureSpec s;
  s.metric = metric_->currentText().toStdString();
  s.axis = axisFromId(axis_->currentData().toString().toStdString()).value_or(Axis::Ratio);
  s.log_x = logX_->isChecked();
  s.log_y = logY_->isChecked();
  s.error_bars = errorBars_->isChecked();
  s.scale = kScreenScale;
  s.method_order = methodOrder_;
  s.model_order = modelOrder_;
  return s;
}

FigureRequest PlotView::request() const {
  FigureRequest r;
  r.spec = spec();
  r.runs = drawn_.get();
  r.tasks = state_->tasks;
  r.hidden = hidden_;
  if (state_->fit.drawsOn(r.spec.metric, r.spec.axis)) r.fit = state_->fit.outcome.get();
  r.excluded = state_->excluded;
  r.dropouts = r.knees = analysisBox_->isChecked() && r.spec.axis == Axis::Ratio;
  return r;
}

void PlotView::redraw() {
  // The same runs as drawn last keep their list (and their analysis).
  const RunList& runs = state_->runs;
  const auto& visible = state_->visible;
  std::vector<const Run*> next;
  for (const Run& r : *runs)
    if (!visible || visible->count(r.id)) next.push_back(&r);
  const bool same = runs == drawnFrom_ && next.size() == drawn_->size() &&
                    std::equal(next.begin(), next.end(), drawn_->begin(), [](const Run* a, const Run& b) { return a->id == b.id; });
  if (!same && !visible) {
    drawn_ = runs;  // nothing filtered out: the loaded list itself, not a copy
    drawnFrom_ = runs;
  } else if (!same) {
    auto drawn = std::make_shared<std::vector<Run>>();
    drawn->reserve(next.size());
    for (const Run* r : next) drawn->push_back(*r);
    drawn_ = std::move(drawn);
    drawnFrom_ = runs;
  }
  FigureRequest r = request();
  r.keep_hidden_in_legend = true;
  // Dropouts and knees come from the background (startAnalysis), or from
  // the last analysis when it is of the same series.
  const bool analyse = r.dropouts;
  r.dropouts = r.knees = false;
  ComposedFigure composed = composeFigure(*plot_, r);
  figure_ = std::move(composed.drawn);
  lastOverlay_ = std::move(composed.overlay);
  // Thousands of stroked markers take a tenth of a second to paint;
  // stamped pixmaps of them a fraction. Exports keep vector markers.
  std::size_t points = 0;
  for (const DrawnSeries& d : figure_.series) points += d.series.points.size();
  // Their error bars and lines likewise draw crisp rather than antialiased.
  plot_->setNotAntialiasedElements(points > kVectorMarkerPoints ? QCP::AntialiasedElements(QCP::aePlottables | QCP::aeFills) : QCP::aeNone);
  if (points > kVectorMarkerPoints) usePixmapMarkers(*plot_);
  QStringList notes;
  for (const std::string& n : composed.notes) notes << q(n);
  if (analyse) startAnalysis();
  else wantNoAnalysis();
  crosshair_ = new QCPItemStraightLine(plot_);
  crosshair_->setLayer(QStringLiteral("crosshair"));
  crosshair_->setPen(QPen(QColor(0x33, 0x33, 0x33), 1, Qt::DashDotLine));
  crosshair_->setObjectName(QStringLiteral("crosshair"));
  slider_->setEnabled(spec().axis == Axis::Ratio);
  analysisBox_->setEnabled(spec().axis == Axis::Ratio);  // dropouts and knees are ratios
  updateCrosshair(false);
  if (!figure_.error.empty()) notes << q(figure_.error);
  if (figure_.runs_without_axis) notes << QStringLiteral("%1 runs lack this axis").arg(figure_.runs_without_axis);
  if (figure_.points_dropped_for_log) notes << QStringLiteral("%1 points ≤ 0 hidden on log axes").arg(figure_.points_dropped_for_log);
  note_->setText(notes.join(QStringLiteral(" · ")));
  drawSelection();
  // A new run list has taken this event-loop turn to compose (and the tree
  // the one before): its 12,000 markers paint in a turn of their own.
  if (std::exchange(queueReplot_, false)) paintTimer_->start();
  else if (paintTimer_->isActive()) paintNow();
  else plot_->replot();
  Q_EMIT drawn();
}

void PlotView::startAnalysis() {
  const FigureSpec s = spec();
  const std::vector<std::string> labels = analysedSeries(figure_);
  const bool knees = visibleCompressedSeries(figure_) <= kMaxKneeSeries;
  std::string key = std::to_string(tasksGeneration_) + "\x1e" + s.metric + (knees ? "\x1eknees" : "");
  for (const std::string& l : labels) key += "\x1e" + l;
  wantedKey_ = key;
  wantedRuns_ = drawn_;
  // The same runs, metric and series as the analysis the session holds: draw it again.
  if (const PlotAnalysis* a = shownAnalysis()) {
    drawAnalysis(*plot_, figure_, a->series, state_->tasks, s);
    return;
  }
  Q_EMIT analysisWanted(PlotAnalysisRequest{key, drawn_, labels, s.metric, state_->tasks, knees});
}

void PlotView::resetZoom() { redraw(); }

bool PlotView::paintPending() const { return paintTimer_->isActive(); }

double PlotView::sliderRatio() const {
  // Over the measured range of ratios (never 1: nothing would be left).
  double top = 0.0;
  for (const DrawnSeries& s : figure_.series)
    for (const SeriesPoint& p : s.series.points) top = std::max(top, p.x);
  return std::min(top, 0.99) * slider_->value() / slider_->maximum();
}

QString PlotView::readoutText() const { return readout_->text(); }

void PlotView::updateCrosshair(bool replotLayer) {
  if (!crosshair_) return;
  // Alone, the line's own layer repaints; within a redraw (the buffers
  // invalid), a layer replot would repaint everything once more, and a
  // paint already queued draws the line with everything else.
  replotLayer = replotLayer && !paintTimer_->isActive();
  const bool onRatio = spec().axis == Axis::Ratio && !figure_.series.empty();
  crosshair_->setVisible(onRatio);
  if (!onRatio) {
    // Say why the readout is empty rather than leave a blank box.
    readout_->setText(figure_.series.empty() ? QString()
                                             : QStringLiteral("The ratio readout, dropouts and knees work on the compression-ratio x axis."));
    if (replotLayer) plot_->layer(QStringLiteral("crosshair"))->replot();
    return;
  }
  const double r = sliderRatio();
  crosshair_->point1->setCoords(r, 0);
  crosshair_->point2->setCoords(r, 1);
  if (replotLayer) plot_->layer(QStringLiteral("crosshair"))->replot();
  const std::vector<Run>* all = state_->runs->empty() ? drawn_.get() : state_->runs.get();
  static const std::map<std::string, std::vector<analysis::Dropout>> noDropouts;
  const PlotAnalysis* shown = shownAnalysis();
  ReadoutContext c{&figure_, &seriesAnalysis(), shown ? &shown->dropouts : &noDropouts, &lastOverlay_, all,
                   spec().metric == "loss" ? state_->frontier.get() : nullptr, spec().metric};
  readout_->setText(ratioReadout(r, c));
}

}  // namespace rs::ui
