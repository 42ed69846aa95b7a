#include "ui/figure/fit_overlay.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "core/fit/bands.h"

namespace rs::ui {
namespace {

using laws::Variable;

// Which of the law's variables moves along the plot's x axis, or -1.
int variableAlong(const laws::LawInfo& info, Axis axis) {
  for (std::size_t i = 0; i < info.variables.size(); ++i) {
    const Variable v = info.variables[i];
    if (v == Variable::X || (v == Variable::Ratio && axis == Axis::Ratio) || (v == Variable::N && axis == Axis::Params) ||
        (v == Variable::D && axis == Axis::Tokens))
      return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

FitOverlay computeOverlay(const FitOutcome& outcome, const DrawnFigure& figure, const FigureSpec& spec, bool metricIsAccuracy) {
  FitOverlay overlay;
  if (!outcome.law) return overlay;
  const laws::LawInfo& info = outcome.law->info();
  const int moving = variableAlong(info, spec.axis);
  if (moving < 0) {
    overlay.note = info.id + " does not vary along the " + std::string(axisInfo(spec.axis).id) + " axis; no curve drawn";
    return overlay;
  }
  const bool flip = info.y_is_error && metricIsAccuracy;
  for (const DrawnSeries& s : figure.series) {
    // The series' own fit, or the fit of all plotted runs together.
    const SeriesFit* sf = outcome.find(s.series.label());
    if (!sf) sf = outcome.find(kAllSeries);
    if (!sf || !sf->result.ok) continue;
    const fit::FitData& data = sf->data;
    const fit::FitResult& fit = sf->result;
    // A point of this series that was in the fit gives the other variables.
    int templ = -1;
    double lo = 0, hi = 0;
    for (const SeriesPoint& p : s.series.points)
      for (int i = 0; i < data.size(); ++i)
        if (data.run_ids[static_cast<std::size_t>(i)] == p.run_id) {
          if (templ < 0) { templ = i; lo = hi = p.x; }
          lo = std::min(lo, p.x);
          hi = std::max(hi, p.x);
        }
    if (templ < 0) continue;
    if (info.variables[static_cast<std::size_t>(moving)] == Variable::Ratio) lo = 0;  // the curve starts at the dense anchor
    if (hi <= lo) continue;
    FitCurve curve;
    curve.series_label = s.series.label();
    double x[laws::kMaxVariables];
    std::copy(data.xAt(templ), data.xAt(templ) + laws::kMaxVariables, x);
    const int steps = 120;
    // An accuracy lies in [0, 1]: a band past either end is the Gaussian
    // approximation's, not a possible value.
    const auto bound = [&](double v) { return metricIsAccuracy ? std::clamp(v, 0.0, 1.0) : v; };
    bool anyBand = false;
    for (int k = 0; k <= steps; ++k) {
      const double t = static_cast<double>(k) / steps;
      const double v = spec.log_x && lo > 0 ? lo * std::pow(hi / lo, t) : lo + t * (hi - lo);
      x[moving] = v;
      const fit::BandPoint b = fit::predictWithBand(*outcome.law, fit, x);
      if (!std::isfinite(b.y)) continue;
      anyBand = anyBand || b.has_band;
      curve.x << v;
      curve.y << bound(flip ? 1 - b.y : b.y);
      curve.low << bound(flip ? 1 - b.conf_high : b.conf_low);
      curve.high << bound(flip ? 1 - b.conf_low : b.conf_high);
    }
    curve.has_band = anyBand;  // a point or two without one (a non-finite gradient) does not void the band
    if (!curve.x.isEmpty()) overlay.curves.push_back(std::move(curve));
  }
  return overlay;
}

void drawOverlay(QCustomPlot& plot, const DrawnFigure& figure, const FitOverlay& overlay, double k) {
  std::vector<const FitCurve*> drawn;  // the curves of visible series
  // Bands and fitted curves go under the data, whose markers stay legible.
  if (!plot.layer(QStringLiteral("fits"))) plot.addLayer(QStringLiteral("fits"), plot.layer(QStringLiteral("main")), QCustomPlot::limBelow);
  for (const FitCurve& c : overlay.curves) {
    QColor colour(Qt::black);
    bool visible = true;
    for (const DrawnSeries& s : figure.series)
      if (s.series.label() == c.series_label && s.markers) {
        colour = s.markers->pen().color();
        visible = s.markers->visible();
      }
    if (!visible) continue;
    drawn.push_back(&c);
    if (c.has_band) {
      QCPGraph* low = plot.addGraph();
      QCPGraph* high = plot.addGraph();
      for (QCPGraph* g : {low, high}) {
        g->setPen(Qt::NoPen);
        g->removeFromLegend();
        g->setSelectable(QCP::stNone);
        g->setLayer(QStringLiteral("fits"));
      }
      low->setData(c.x, c.low, true);
      high->setData(c.x, c.high, true);
      QColor fill = colour;
      fill.setAlpha(45);
      high->setBrush(fill);
      high->setChannelFillGraph(low);
    }
    QCPGraph* line = plot.addGraph();
    line->setLayer(QStringLiteral("fits"));
    line->setData(c.x, c.y, true);
    // Dash-dot-dot: dashed and dotted lines are recovered variants' data.
    line->setPen(QPen(colour, 1.4 * k, Qt::DashDotDotLine));
    line->removeFromLegend();
    line->setSelectable(QCP::stNone);
    line->setObjectName(QStringLiteral("fit-curve"));
  }
  if (!drawn.empty()) {
    // The fitted curves are read against the data: keep them inside the
    // y range over the x range shown (bands may still run off it).
    const QCPRange xs = plot.xAxis->range();
    QCPRange ys = plot.yAxis->range();
    const double before = ys.size();
    for (const FitCurve* c : drawn)
      for (int i = 0; i < c->x.size(); ++i)
        if (xs.contains(c->x[i]) && std::isfinite(c->y[i]) && (plot.yAxis->scaleType() == QCPAxis::stLinear || c->y[i] > 0)) ys.expand(c->y[i]);
    if (ys.size() > before) {
      const double pad = 0.04 * ys.size();
      plot.yAxis->setRange(plot.yAxis->scaleType() == QCPAxis::stLinear ? QCPRange(ys.lower - pad, ys.upper + pad) : ys);
    }
    bool anyBand = false;
    for (const FitCurve* c : drawn) anyBand = anyBand || c->has_band;
    QCPGraph* key = addLegendKey(plot, anyBand ? QStringLiteral("fitted law (band: 95% confidence)") : QStringLiteral("fitted law"));
    key->setPen(QPen(QColor(0x55, 0x55, 0x55), 1.4 * k, Qt::DashDotDotLine));
    relayoutLegend(plot);
  }
  if (!overlay.excluded.empty()) {
    QVector<double> xs, ys;
    for (const DrawnSeries& s : figure.series)
      for (const SeriesPoint& p : s.series.points)
        if (overlay.excluded.count(p.run_id)) {
          xs << p.x;
          ys << p.y;
        }
    QCPGraph* crosses = plot.addGraph();
    crosses->setData(xs, ys);
    crosses->setLineStyle(QCPGraph::lsNone);
    crosses->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(QColor(0xCC, 0x00, 0x00), 1.5 * k), Qt::NoBrush, 11 * k));
    crosses->removeFromLegend();
    crosses->setSelectable(QCP::stNone);
    crosses->setObjectName(QStringLiteral("excluded"));
  }
  // No replot here: the caller paints once, when the whole figure is drawn.
}

}  // namespace rs::ui
