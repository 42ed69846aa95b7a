// What the mouse does on the plot: the run under the pointer, its tooltip
// (run, value, fields, source line), clicking a marker to select its run,
// the selection ring, and legend clicks that hide or show a method or model.
#include <QToolTip>
#include <qcustomplot.h>

#include "core/model/run_fields.h"
#include "ui/plot_view.h"

namespace rs::ui {
namespace {
constexpr double kHoverRadiusPx = 8.0;
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

const Run* PlotView::findRun(qint64 id) const {
  for (const Run& r : *drawn_)
    if (r.id == id) return &r;
  return nullptr;
}

std::optional<qint64> PlotView::runAt(const QPoint& pos) const {
  double best = kHoverRadiusPx * kHoverRadiusPx;
  std::optional<qint64> found;
  for (const DrawnSeries& s : figure_.series) {
    if (!s.markers || !s.markers->visible()) continue;
    for (const SeriesPoint& p : s.series.points) {
      const double px = plot_->xAxis->coordToPixel(p.x), py = plot_->yAxis->coordToPixel(p.y);
      const double d = (px - pos.x()) * (px - pos.x()) + (py - pos.y()) * (py - pos.y());
      if (d < best) { best = d; found = p.run_id; }
    }
  }
  return found;
}

std::optional<QPointF> PlotView::pixelOfRun(qint64 runId) const {
  for (const DrawnSeries& s : figure_.series)
    for (const SeriesPoint& p : s.series.points)
      if (p.run_id == runId && s.markers && s.markers->visible())
        return QPointF(plot_->xAxis->coordToPixel(p.x), plot_->yAxis->coordToPixel(p.y));
  return std::nullopt;
}

QString PlotView::toolTipForRun(qint64 runId) const {
  const Run* r = findRun(runId);
  if (!r) return {};
  const FigureSpec s = spec();
  QStringList lines;
  lines << QStringLiteral("<b>%1 · %2</b>").arg(q(r->model).toHtmlEscaped(), q(r->method).toHtmlEscaped());
  lines << QStringLiteral("run %1").arg(q(r->key).toHtmlEscaped());
  if (const Metric* m = r->metric(s.metric)) {
    QString value = QStringLiteral("%1 = %2").arg(q(m->name).toHtmlEscaped(), QString::number(m->value, 'g', 5));
    if (m->std_error) value += QStringLiteral(" ± %1").arg(QString::number(*m->std_error, 'g', 2));
    if (m->n) value += QStringLiteral(" (n = %1)").arg(*m->n);
    lines << value;
  }
  QStringList fields;
  for (const char* f : {"ratio", "bits", "sparsity", "params", "tokens", "rft_tokens", "seed", "size_bytes"}) {
    if (auto t = runFieldText(*r, f)) fields << QStringLiteral("%1 %2").arg(QLatin1String(f), q(*t));
  }
  if (r->isDense() && !r->ratio) fields.prepend(QStringLiteral("ratio 0"));
  lines << fields.join(QStringLiteral(", "));
  lines << QStringLiteral("<span style='color:#666'>%1</span>").arg(q(r->source.text()).toHtmlEscaped());
  return lines.join(QStringLiteral("<br>"));
}

void PlotView::onMouseMove(QMouseEvent* event) {
  const auto id = runAt(event->pos());
  if (!id) {
    if (!lastToolTip_.isEmpty()) QToolTip::hideText();
    lastToolTip_.clear();
    plot_->setCursor(Qt::ArrowCursor);
    return;
  }
  lastToolTip_ = toolTipForRun(*id);
  plot_->setCursor(Qt::PointingHandCursor);
  QToolTip::showText(plot_->mapToGlobal(event->pos()), lastToolTip_, plot_);
}

void PlotView::onMousePress(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return;
  if (const auto id = runAt(event->pos())) {
    selectRun(*id);
    Q_EMIT runClicked(*id);
  }
}

void PlotView::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
  auto* plItem = qobject_cast<QCPPlottableLegendItem*>(item);
  if (!plItem) return;
  for (const LegendEntry& e : figure_.legend)
    if (e.proxy == plItem->plottable() && !hidden_.erase(e.key)) hidden_.insert(e.key);
  // Redraw (fit curves of hidden series go too) but keep the user's zoom.
  const QCPRange x = plot_->xAxis->range(), y = plot_->yAxis->range();
  redraw();
  plot_->xAxis->setRange(x);
  plot_->yAxis->setRange(y);
  plot_->deselectAll();
  plot_->replot();
  Q_EMIT figureChanged();
}

void PlotView::selectRun(qint64 runId) {
  selected_ = runId;
  drawSelection();
  plot_->replot();
}

void PlotView::drawSelection() {
  // The highlight is a ring around the selected run's marker.
  for (int i = plot_->itemCount() - 1; i >= 0; --i)
    if (plot_->item(i)->objectName() == QLatin1String("selection")) plot_->removeItem(i);
  if (!selected_) return;
  const auto pos = pixelOfRun(*selected_);
  if (!pos) return;
  for (const DrawnSeries& s : figure_.series)
    for (const SeriesPoint& p : s.series.points)
      if (p.run_id == *selected_) {
        auto* ring = new QCPItemTracer(plot_);
        ring->setObjectName(QStringLiteral("selection"));
        ring->setStyle(QCPItemTracer::tsCircle);
        ring->setSize(14);
        ring->setPen(QPen(QColor(0xD5, 0x5E, 0x00), 2));
        ring->setBrush(Qt::NoBrush);
        ring->position->setCoords(p.x, p.y);
        return;
      }
}

}  // namespace rs::ui
