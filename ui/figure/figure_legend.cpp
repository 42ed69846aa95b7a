// Where a figure's legend goes: inside the axes while it is short, in the
// corner that hides the fewest points and lines, else below the axes in
// columns; legend-only keys for marks drawn as items; laying a plot out
// without painting it.
#include <qcustomplot.h>

#include <algorithm>
#include <limits>

#include "ui/figure/figure.h"
#include "ui/figure/figure_legend.h"
#include "ui/figure/figure_style.h"
#include "ui/figure/legend_grid.h"

namespace rs::ui {

namespace {
// A legend inside the axes may cover at most this share of them, and one
// below them at most this share of the figure's height (issue #15: 40% at
// 85 mm made the plot a strip).
constexpr double kMaxInsetLegendArea = 0.25;
constexpr double kMaxLegendHeightShare = 0.25;
constexpr double kMinLegendPointSize = 5.5;  // the smallest legible print size

std::vector<QSize> legendItemSizes(QCPLegend* legend) {
  std::vector<QSize> sizes;
  for (int i = 0; i < legend->itemCount(); ++i)
    if (QCPAbstractLegendItem* item = legend->item(i)) sizes.push_back(item->minimumOuterSizeHint());
  return sizes;
}

void setLegendItemFont(QCPLegend* legend, const QFont& font) {
  legend->setFont(font);
  for (int i = 0; i < legend->itemCount(); ++i)
    if (QCPAbstractLegendItem* item = legend->item(i)) item->setFont(font);
}

}  // namespace

// Puts the legend inside the axes at `corner` while it is short and small
// next to them, otherwise below the axes in as many columns as fit the
// figure's width with every entry whole; a legend still taller than a
// quarter of the figure gets a smaller font, down to 5.5 pt.
void placeLegend(QCustomPlot& plot, int entries, Qt::Alignment corner, bool forceBelow) {
  QCPLegend* legend = plot.legend;
  QCPLayoutGrid* outer = plot.plotLayout();
  const QMargins m = legend->margins();
  std::vector<QSize> sizes = legendItemSizes(legend);
  const LegendGrid single = fitLegendGrid(sizes, 0, legend->columnSpacing(), legend->rowSpacing());
  const QSize axes = plot.axisRect()->rect().size();
  const double insetArea = double(single.width + m.left() + m.right()) * (single.height + m.top() + m.bottom());
  const bool small = axes.isEmpty() || insetArea <= kMaxInsetLegendArea * axes.width() * axes.height();
  const bool below = forceBelow || entries > kMaxInsetLegendEntries || !small;
  const bool isBelow = outer->rowCount() > 1 && outer->element(1, 0) == legend;
  if (below && !isBelow) {
    plot.axisRect()->insetLayout()->take(legend);
    outer->simplify();
    outer->addElement(1, 0, legend);
    outer->setRowStretchFactor(1, 0.001);
  } else if (!below && isBelow) {
    outer->take(legend);
    outer->simplify();
    plot.axisRect()->insetLayout()->addElement(legend, corner);
  }
  int rows = 0;
  if (below) {
    legend->setMargins(QMargins(4, 1, 4, 1));
    legend->setBorderPen(Qt::NoPen);
    const QRect page = plot.viewport();
    // The legend's cell is as wide as the axes' column: a colour bar beside
    // the axes (a figure coloured by size) takes its own column's width.
    int besideAxes = 0;
    for (int c = 1; c < outer->columnCount(); ++c)
      if (QCPLayoutElement* e = outer->element(0, c))
        besideAxes += outer->columnSpacing() + std::max({e->outerRect().width(), e->minimumOuterSizeHint().width(), e->minimumSize().width()});
    const int available = page.width() - besideAxes - 8;
    LegendGrid grid = fitLegendGrid(sizes, available, legend->columnSpacing(), legend->rowSpacing());
    const int frame = legend->margins().top() + legend->margins().bottom();
    for (QFont font = legend->font(); page.height() > 0 && grid.height + frame > kMaxLegendHeightShare * page.height() &&
                                      font.pointSizeF() - 0.5 >= kMinLegendPointSize;) {
      font.setPointSizeF(font.pointSizeF() - 0.5);
      setLegendItemFont(legend, font);
      sizes = legendItemSizes(legend);
      grid = fitLegendGrid(sizes, available, legend->columnSpacing(), legend->rowSpacing());
    }
    rows = grid.rows;
  } else {
    plot.axisRect()->insetLayout()->setInsetAlignment(0, corner);
  }
  legend->setFillOrder(QCPLayoutGrid::foRowsFirst, false);
  legend->setWrap(rows);  // rows per column below the axes; one column inside them
  legend->setFillOrder(QCPLayoutGrid::foRowsFirst, true);
}

namespace {
// Whether a drawn segment passes through a rectangle (an end inside, or a
// crossing with one of its edges).
bool segmentCrosses(const QLineF& segment, const QRectF& rect) {
  if (rect.contains(segment.p1()) || rect.contains(segment.p2())) return true;
  const QLineF edges[] = {{rect.topLeft(), rect.topRight()}, {rect.topRight(), rect.bottomRight()},
                          {rect.bottomRight(), rect.bottomLeft()}, {rect.bottomLeft(), rect.topLeft()}};
  for (const QLineF& e : edges)
    if (segment.intersects(e, nullptr) == QLineF::BoundedIntersection) return true;
  return false;
}
}  // namespace

QCPGraph* addLegendKey(QCustomPlot& plot, const QString& name) {
  plot.legend->setVisible(true);  // a figure whose series needed no legend may still need this key
  QCPGraph* key = plot.addGraph();
  key->setName(name);
  key->setSelectable(QCP::stNone);
  return key;
}

void layoutNow(QCustomPlot& plot) {
  // What QCustomPlot::replot does before it paints (its updateLayout is protected).
  plot.plotLayout()->update(QCPLayoutElement::upPreparation);
  plot.plotLayout()->update(QCPLayoutElement::upMargins);
  plot.plotLayout()->update(QCPLayoutElement::upLayout);
}

void relayoutLegend(QCustomPlot& plot) {
  if (!plot.legend->visible()) return;
  placeLegend(plot, plot.legend->itemCount(), Qt::AlignTop | Qt::AlignRight);
  layoutNow(plot);  // the legend's new size, before choosing its corner
  placeLegendInEmptiestCorner(plot);
}

void placeLegendInEmptiestCorner(QCustomPlot& plot) {
  QCPLegend* legend = plot.legend;
  QCPLayoutInset* inset = plot.axisRect()->insetLayout();
  if (!legend->visible() || inset->elementCount() == 0 || inset->elementAt(0) != legend) return;
  const QRect area = plot.axisRect()->rect();
  const QSize size = legend->outerRect().size();
  const Qt::Alignment corners[] = {Qt::AlignTop | Qt::AlignRight, Qt::AlignTop | Qt::AlignLeft,
                                   Qt::AlignBottom | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft};
  Qt::Alignment best = corners[0];
  int fewest = std::numeric_limits<int>::max();
  for (Qt::Alignment corner : corners) {
    const QRect r(corner & Qt::AlignLeft ? area.left() : area.right() - size.width(),
                  corner & Qt::AlignTop ? area.top() : area.bottom() - size.height(), size.width(), size.height());
    const QRect hit = r.adjusted(-10, -10, 10, 10);  // markers, error bars and a little air
    int covered = 0;
    for (int g = 0; g < plot.graphCount(); ++g) {
      QCPGraph* graph = plot.graph(g);
      if (!graph->visible()) continue;
      // Markers, and the lines between them (sampled): a legend over a
      // curve hides it as surely as one over a point.
      const bool drawsLine = graph->lineStyle() != QCPGraph::lsNone;
      QPointF previous;
      bool first = true;
      for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        const QPointF at(graph->keyAxis()->coordToPixel(it->key), graph->valueAxis()->coordToPixel(it->value));
        covered += hit.contains(at.toPoint());
        if (drawsLine && !first && segmentCrosses(QLineF(previous, at), hit)) ++covered;
        previous = at;
        first = false;
      }
    }
    if (covered < fewest) { fewest = covered; best = corner; }  // ties keep the earlier, conventional corner
  }
  if (fewest > 0) {
    // Every corner would hide data: the legend goes below the axes instead.
    int entries = 0;
    for (int i = 0; i < legend->itemCount(); ++i) entries += legend->item(i) != nullptr;
    placeLegend(plot, entries, best, true);
  } else {
    inset->setInsetAlignment(0, best);
  }
  layoutNow(plot);
}

}  // namespace rs::ui
