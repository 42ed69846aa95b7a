#include "ui/effective_panel.h"

#include <unordered_set>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "core/laws/catalogue.h"
#include "ui/figure/figure.h"
#include "ui/figure/figure_style.h"
#include "ui/session/session.h"

namespace rs::ui {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

EffectivePanel::EffectivePanel(QWidget* parent) : QWidget(parent) {
  law_ = new QComboBox;
  law_->addItem(QStringLiteral("Auto (what the dense runs support)"), QStringLiteral("auto"));
  // Every law that can be solved for N (Law::canInvert()), by its name.
  for (const std::string& id : laws::invertibleLawIds()) law_->addItem(q(laws::findLaw(id)->info().name), q(id));
  law_->setToolTip(QStringLiteral("The dense law fitted to each family's dense runs and inverted at each compressed run's loss."));
  axis_ = new QComboBox;
  axis_->addItem(QStringLiteral("bits"), QStringLiteral("bits"));
  axis_->addItem(QStringLiteral("sparsity"), QStringLiteral("sparsity"));
  status_ = new QLabel;
  status_->setWordWrap(true);
  plot_ = new QCustomPlot;
  plot_->setMinimumHeight(220);
  plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
  plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  plot_->yAxis->setLabel(QStringLiteral("N_eff / N"));
  styleLegend(plot_->legend);
  for (QCPAxis* a : {plot_->xAxis, plot_->yAxis}) {
    a->setLabelFont(figureFont());
    a->setTickLabelFont(figureFont(7));
  }
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(QStringLiteral("Dense law")));
  controls->addWidget(law_, 1);
  controls->addWidget(new QLabel(QStringLiteral("x")));
  controls->addWidget(axis_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(plot_, 1);
  layout->addWidget(status_);
  connect(law_, &QComboBox::currentIndexChanged, this, &EffectivePanel::refit);
  connect(axis_, &QComboBox::currentIndexChanged, this, &EffectivePanel::redraw);
}

void EffectivePanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible) {
  setContext(std::move(all), std::make_shared<const std::vector<Run>>(std::move(visible)));
}

void EffectivePanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible) {
  const bool newData = all != all_;
  all_ = std::move(all);
  visible_ = std::move(visible);
  if (newData) refit();
  else redraw();
}

QString EffectivePanel::status() const { return status_->text(); }

void EffectivePanel::refit() {
  shown_.reset();
  pending_ = all_ != nullptr;
  // The session fits the dense laws off the window's thread.
  wantedKey_ = all_ ? "effective " + std::to_string(++requests_) : std::string();
  Q_EMIT effectiveWanted(all_ ? EffectiveRequest{wantedKey_, all_, law_->currentData().toString().toStdString()} : EffectiveRequest{});
  redraw();
}

void EffectivePanel::follow(Session* session) {
  connect(this, &EffectivePanel::effectiveWanted, session, &Session::fitEffective);
  connect(session, &Session::changed, this, [this, session](const SessionSnapshot&, SessionChanges what) {
    if (what & SessionChange::Effective) showSession(session->state());
  });
}

void EffectivePanel::showSession(const SessionSnapshot& state) {
  if (!pending_ || !state->effective || state->effective->key != wantedKey_) return;
  pending_ = false;
  shown_ = state->effective;
  redraw();
  Q_EMIT ready();
}

const std::vector<analysis::EffectiveParamsResult>& EffectivePanel::results() const {
  static const std::vector<analysis::EffectiveParamsResult> none;
  return shown_ ? shown_->families : none;
}

void EffectivePanel::redraw() {
  plot_->clearPlottables();  // graphs and their error bars
  plot_->clearItems();
  plotted_ = 0;
  const bool bits = axis_->currentData().toString() == QLatin1String("bits");
  plot_->xAxis->setLabel(bits ? QStringLiteral("bits per weight") : QStringLiteral("sparsity"));
  // Per-run work stays cheap (12,000 runs of a study arrive here at once):
  // ids in a hash set, notes gathered as keys and worded once at the end.
  std::unordered_set<std::int64_t> visible;
  visible.reserve(visible_->size());
  for (const Run& r : *visible_) visible.insert(r.id);
  struct Points {
    QVector<double> x, y, minus, plus;  // plus/minus: the 95% interval of N_eff/N (0 when none)
  };
  std::map<std::string, Points> byMethod;
  // Runs whose loss lies below the dense law's floor at their budget, or
  // whose interval some of the law's samples never close: only N_eff ≥ a
  // bound is known. Drawn as upward triangles at the bound, never as a
  // point estimate (analysis/effective_params.h).
  std::map<std::string, std::pair<QVector<double>, QVector<double>>> bounds;  // method -> (x, N_eff/N ≥)
  std::optional<std::pair<double, double>> floorRange;  // the lowest and highest floor of those runs
  int belowFloor = 0;
  QStringList notes;
  int unreachable = 0;
  std::map<std::string, double> offParents;  // dense model -> where the law puts it
  std::set<std::string> noInterval;
  for (const auto& family : results()) {
    if (!family.error.empty()) {
      notes << q(family.family + ": " + family.error);
      continue;
    }
    notes << q(family.family + ": " + family.law + " fitted to its dense runs" + (family.note.empty() ? "" : " (richer laws: " + family.note + ")"));
    for (const auto& e : family.runs) {
      if (!visible.count(e.run)) continue;
      const auto x = bits ? e.bits : e.sparsity;
      const bool drawable = x && !(bits && *x >= 16) && !(!bits && *x <= 0);  // quantised / sparse
      if (!e.multiplier && e.n_eff_low && e.open_above) {
        ++belowFloor;
        if (e.floor) floorRange = floorRange ? std::pair(std::min(floorRange->first, *e.floor), std::max(floorRange->second, *e.floor))
                                             : std::pair(*e.floor, *e.floor);
        if (drawable) bounds[e.method].first << *x, bounds[e.method].second << *e.n_eff_low / e.params, ++plotted_;
        continue;
      }
      if (!e.multiplier) {
        ++unreachable;
        continue;
      }
      if (e.parent_multiplier && std::fabs(*e.parent_multiplier - 1) > 0.1)
        offParents.emplace(e.series.substr(0, e.series.find(" · ")), *e.parent_multiplier);
      if (!drawable) continue;
      if (!e.n_eff_low) noInterval.insert(e.note);
      Points& pts = byMethod[e.method];
      pts.x << *x;
      pts.y << *e.multiplier;
      pts.minus << (e.n_eff_low ? *e.multiplier - *e.n_eff_low / e.params : 0.0);
      // Open above: the bar runs off the top of the plot.
      pts.plus << (e.n_eff_high ? *e.n_eff_high / e.params - *e.multiplier : e.open_above ? 1e6 * *e.multiplier : 0.0);
      ++plotted_;
    }
  }
  // One colour per method; its recovered variants ("+rft", "+kd") share it
  // with hollow markers, as the main plot shares colours and dashes lines.
  // The main plot's palette order, so a method has one colour in every view.
  std::map<std::string, int> colourIndex;
  if (all_)
    for (const std::string& m : methodPaletteOrder(*all_)) colourIndex.emplace(m, static_cast<int>(colourIndex.size()));
  for (const auto& [method, points] : byMethod) colourIndex.emplace(method.substr(0, method.find('+')), static_cast<int>(colourIndex.size()));
  for (const auto& [method, points] : bounds) colourIndex.emplace(method.substr(0, method.find('+')), static_cast<int>(colourIndex.size()));
  double yMin = 1, yMax = 1;
  for (const auto& [method, points] : byMethod) {
    const QColor colour = methodColour(colourIndex.at(method.substr(0, method.find('+'))));
    const bool recovered = method.find('+') != std::string::npos;
    QCPGraph* g = plot_->addGraph();
    g->setName(q(method));
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(recovered ? QCPScatterStyle::ssDiamond : QCPScatterStyle::ssCircle, QPen(colour, 1.4),
                                       recovered ? QBrush(Qt::white) : QBrush(colour), 7));
    g->setData(points.x, points.y, false);
    for (double y : points.y) yMin = std::min(yMin, y), yMax = std::max(yMax, y);
    // The dense law's uncertainty, carried through the inversion.
    auto* bars = new QCPErrorBars(plot_->xAxis, plot_->yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(g);
    bars->setData(points.minus, points.plus);
    bars->setPen(QPen(colour, 1.0));
    // The range follows the points and their intervals, but an interval
    // reaching orders of magnitude down (a law nearly flat there) is cut at
    // the axis rather than squeezing every point into one line.
    for (int i = 0; i < points.y.size(); ++i)
      if (points.plus[i] > 0 && points.plus[i] < 1e5 * points.y[i])
        yMin = std::min(yMin, std::max(points.y[i] - points.minus[i], points.y[i] / 100)), yMax = std::max(yMax, points.y[i] + points.plus[i]);
  }
  // Lower bounds: upward triangles in their method's colour, under one
  // grey legend key.
  for (const auto& [method, xy] : bounds) {
    QCPGraph* g = plot_->addGraph();
    g->setObjectName(QStringLiteral("lowerBounds"));
    g->setName(q(method) + QStringLiteral(" (N_eff ≥)"));
    g->removeFromLegend();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(methodColour(colourIndex.at(method.substr(0, method.find('+')))), 1.4),
                                       QBrush(Qt::white), 8));
    g->setData(xy.first, xy.second, false);
    for (double y : xy.second) yMin = std::min(yMin, y), yMax = std::max(yMax, y);
  }
  if (!bounds.empty()) {
    QCPGraph* key = plot_->addGraph();
    key->setName(QStringLiteral("N_eff ≥ (lower bound)"));
    key->setObjectName(QStringLiteral("lowerBoundKey"));
    key->setLineStyle(QCPGraph::lsNone);
    key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangle, QPen(Qt::darkGray, 1.4), QBrush(Qt::white), 8));
  }
  // N_eff = N: as good as the dense model of the same size.
  auto* one = new QCPItemStraightLine(plot_);
  one->point1->setCoords(0, 1);
  one->point2->setCoords(1, 1);
  one->setPen(QPen(Qt::gray, 1, Qt::DashLine));
  plot_->rescaleAxes();
  plot_->yAxis->setRange(yMin / 1.5, yMax * 1.5);
  if (bits) plot_->xAxis->setRange(0.5, 16.5);
  else plot_->xAxis->setRange(0, 1);
  if (plotted_ == 0)
    notes << (bits ? QStringLiteral("No visible quantised run with an effective size.") : QStringLiteral("No visible sparse run with an effective size."));
  if (belowFloor)
    notes << QStringLiteral("%1 run(s) lie below what the dense law reaches at their budget (its floor %2): only a lower bound N_eff ≥ … is known (▲).")
                 .arg(belowFloor)
                 .arg(!floorRange ? QStringLiteral("unknown")
                      : floorRange->first == floorRange->second ? QString::number(floorRange->first, 'g', 4)
                                                                : QStringLiteral("%1–%2").arg(floorRange->first, 0, 'g', 4).arg(floorRange->second, 0, 'g', 4));
  if (unreachable)
    notes << QStringLiteral("%1 run(s) have a loss no dense model size reaches under the fitted law (beyond its range).").arg(unreachable);
  for (const auto& [model, multiplier] : offParents)
    notes << QStringLiteral("the law puts the dense %1 at %2× its own size, which shifts its runs' multipliers as much").arg(q(model)).arg(multiplier, 0, 'g', 3);
  for (const std::string& note : noInterval) notes << QStringLiteral("Some points have no error bar: %1.").arg(q(note).section(QStringLiteral(": "), 1));
  if (pending_) notes = QStringList{QStringLiteral("Fitting the dense law of each family… (the effective sizes appear when it is done)")};
  status_->setText(notes.join(QLatin1Char('\n')));
  plot_->legend->setVisible(!byMethod.empty() || !bounds.empty());
  relayoutLegend(*plot_);
  plot_->replot();
}

void EffectivePanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  relayoutLegend(*plot_);  // the emptiest corner depends on the plot's size
  plot_->replot();
}

}  // namespace rs::ui
