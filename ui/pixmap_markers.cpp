#include "ui/pixmap_markers.h"

#include <qcustomplot.h>

#include <cmath>

namespace rs::ui {

void usePixmapMarkers(QCustomPlot& plot) {
  const double dpr = plot.devicePixelRatioF();
  for (int i = 0; i < plot.graphCount(); ++i) {
    QCPGraph* g = plot.graph(i);
    const QCPScatterStyle style = g->scatterStyle();
    if (g->dataCount() == 0 || style.isNone() || style.shape() == QCPScatterStyle::ssPixmap) continue;
    // Room for the symbol and its pen; an odd size centres it on the pixel.
    const int side = static_cast<int>(std::ceil(style.size() + 2 * style.pen().widthF() + 2)) | 1;
    QPixmap pixmap(QSize(side, side) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    {
      QCPPainter painter(&pixmap);
      painter.setRenderHint(QPainter::Antialiasing);
      style.applyTo(&painter, style.pen());
      style.drawShape(&painter, side / 2.0, side / 2.0);
    }
    g->setScatterStyle(QCPScatterStyle(pixmap));
  }
}

}  // namespace rs::ui
