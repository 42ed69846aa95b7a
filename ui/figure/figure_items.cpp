#include "ui/figure/figure_items.h"

#include <qcustomplot.h>

#include <QJsonArray>

namespace rs::ui {
namespace {

// Four significant digits: coordinates agree to this across builds and
// thread counts; the last bits of a fit may not.
double rounded(double v) { return QString::number(v, 'g', 4).toDouble(); }

QString colourName(const QColor& c) { return c.alpha() == 255 ? c.name(QColor::HexRgb) : c.name(QColor::HexArgb); }

QJsonArray coords(const QCPItemPosition* p) { return QJsonArray{rounded(p->coords().x()), rounded(p->coords().y())}; }

QJsonObject graphItem(const QCustomPlot& plot, QCPGraph* g) {
  QJsonObject o;
  o[QStringLiteral("name")] = g->name();
  o[QStringLiteral("pen")] = g->pen().style() == Qt::NoPen ? QStringLiteral("none") : colourName(g->pen().color());
  o[QStringLiteral("pen_style")] = static_cast<int>(g->pen().style());
  if (g->brush().style() != Qt::NoBrush) o[QStringLiteral("brush")] = colourName(g->brush().color());
  o[QStringLiteral("line")] = g->lineStyle() != QCPGraph::lsNone;
  o[QStringLiteral("marker")] = static_cast<int>(g->scatterStyle().shape());
  o[QStringLiteral("points")] = g->dataCount();
  double sum = 0;
  for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) sum += it->value;
  if (g->dataCount() > 0) o[QStringLiteral("mean_y")] = rounded(sum / g->dataCount());
  o[QStringLiteral("visible")] = g->visible();
  o[QStringLiteral("in_legend")] = plot.legend->hasItemWithPlottable(g);
  return o;
}

QJsonObject itemObject(QCPAbstractItem* item) {
  QJsonObject o;
  o[QStringLiteral("kind")] = item->objectName().isEmpty() ? QString::fromLatin1(item->metaObject()->className()) : item->objectName();
  if (auto* line = qobject_cast<QCPItemLine*>(item)) {
    o[QStringLiteral("colour")] = colourName(line->pen().color());
    o[QStringLiteral("from")] = coords(line->start);
    o[QStringLiteral("to")] = coords(line->end);
  } else if (auto* straight = qobject_cast<QCPItemStraightLine*>(item)) {
    o[QStringLiteral("colour")] = colourName(straight->pen().color());
    o[QStringLiteral("from")] = coords(straight->point1);
    o[QStringLiteral("to")] = coords(straight->point2);
  } else if (auto* rect = qobject_cast<QCPItemRect*>(item)) {
    o[QStringLiteral("colour")] = colourName(rect->brush().color());
    o[QStringLiteral("from")] = coords(rect->topLeft);
    o[QStringLiteral("to")] = coords(rect->bottomRight);
  } else if (auto* tracer = qobject_cast<QCPItemTracer*>(item)) {
    o[QStringLiteral("colour")] = colourName(tracer->pen().color());
    o[QStringLiteral("at")] = coords(tracer->position);
  }
  return o;
}

}  // namespace

QJsonObject figureItems(const QCustomPlot& plot) {
  QJsonObject o;
  o[QStringLiteral("x_axis")] = plot.xAxis->label();
  o[QStringLiteral("y_axis")] = plot.yAxis->label();
  o[QStringLiteral("log_x")] = plot.xAxis->scaleType() == QCPAxis::stLogarithmic;
  o[QStringLiteral("log_y")] = plot.yAxis->scaleType() == QCPAxis::stLogarithmic;
  QJsonArray graphs, items, legend;
  for (int i = 0; i < plot.graphCount(); ++i) graphs.append(graphItem(plot, plot.graph(i)));
  for (int i = 0; i < plot.itemCount(); ++i) {
    QCPAbstractItem* item = plot.item(i);
    // The screen's own marks (the slider's line, the selection ring) are not part of a figure.
    if (item->objectName() == QLatin1String("crosshair") || item->objectName() == QLatin1String("selection")) continue;
    items.append(itemObject(item));
  }
  for (int i = 0; i < plot.legend->itemCount(); ++i)
    if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i))) legend.append(entry->plottable()->name());
  o[QStringLiteral("graphs")] = graphs;
  o[QStringLiteral("items")] = items;
  o[QStringLiteral("legend")] = legend;
  return o;
}

}  // namespace rs::ui
