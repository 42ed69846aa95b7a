#include "ui/figure/figure_export.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <cmath>
#include <qcustomplot.h>

#include "ui/figure/figure.h"

namespace rs::ui {
namespace {

// Figures are laid out in logical pixels at 96 per inch, the resolution the
// fonts' point sizes are designed against on screen; every format then maps
// that layout onto its physical size, so text is the same size in all three.
constexpr double kLayoutDpi = 96.0;

QSize layoutSize(const ExportOptions& o) {
  return QSize(static_cast<int>(std::lround(o.width_mm / 25.4 * kLayoutDpi)),
               static_cast<int>(std::lround(o.height_mm / 25.4 * kLayoutDpi)));
}

std::string paint(QCustomPlot& plot, QPaintDevice& device, const QSize& layout, double scale) {
  QCPPainter painter;
  if (!painter.begin(&device)) return "cannot start painting";
  painter.setMode(QCPPainter::pmVectorized);
  painter.setMode(QCPPainter::pmNoCaching);
  painter.setMode(QCPPainter::pmNonCosmetic);
  painter.setRenderHint(QPainter::Antialiasing);
  painter.scale(scale, scale);
  plot.toPainter(&painter, layout.width(), layout.height());
  painter.end();
  return "";
}

}  // namespace

QSize rasterSize(const ExportOptions& o) {
  return QSize(static_cast<int>(std::lround(o.width_mm / 25.4 * o.dpi)),
               static_cast<int>(std::lround(o.height_mm / 25.4 * o.dpi)));
}

std::string validateExportOptions(const ExportOptions& o) {
  if (!(o.width_mm >= 20 && o.width_mm <= 1000)) return "width must be between 20 and 1000 mm";
  if (!(o.height_mm >= 20 && o.height_mm <= 1000)) return "height must be between 20 and 1000 mm";
  if (o.dpi < 36 || o.dpi > 2400) return "dpi must be between 36 and 2400";
  return "";
}

std::string exportFigure(QCustomPlot& plot, const QString& path, const ExportOptions& o) {
  const std::string where = path.toStdString() + ": ";
  if (std::string why = validateExportOptions(o); !why.empty()) return where + why;
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (!QFileInfo(path).absoluteDir().exists()) return where + "cannot write: the folder does not exist";
  const QSize layout = layoutSize(o);
  // Lay the plot out at the figure's own size so the legend corner is chosen
  // for the page, not for whatever size the widget had.
  const QRect viewport = plot.viewport();
  plot.setViewport(QRect(QPoint(0, 0), layout));
  plot.replot();
  placeLegendInEmptiestCorner(plot);
  std::string why;
  if (suffix == QLatin1String("pdf")) {
    QPdfWriter writer(path);
    writer.setCreator(QStringLiteral("Ratioscope"));
    writer.setResolution(static_cast<int>(kLayoutDpi));
    writer.setPageSize(QPageSize(QSizeF(o.width_mm, o.height_mm), QPageSize::Millimeter, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    why = paint(plot, writer, layout, 1.0);
  } else if (suffix == QLatin1String("svg")) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setResolution(static_cast<int>(kLayoutDpi));
    svg.setSize(layout);
    svg.setViewBox(QRect(QPoint(0, 0), layout));
    svg.setTitle(QStringLiteral("Ratioscope figure"));
    why = paint(plot, svg, layout, 1.0);
  } else if (suffix == QLatin1String("png")) {
    const QSize pixels = rasterSize(o);
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    // Lay out at 96 dpi, then scale the painter up to the requested dpi.
    image.setDotsPerMeterX(static_cast<int>(std::lround(kLayoutDpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(kLayoutDpi / 0.0254)));
    why = paint(plot, image, layout, static_cast<double>(pixels.width()) / layout.width());
    image.setDotsPerMeterX(static_cast<int>(std::lround(o.dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(o.dpi / 0.0254)));
    if (why.empty()) {
      QImageWriter writer(path, "png");
      if (!writer.write(image)) why = "cannot write: " + writer.errorString().toStdString();
    }
  } else {
    return where + "unknown figure format '." + suffix.toStdString() + "': use .pdf, .svg or .png";
  }
  plot.setViewport(viewport);
  if (!why.empty()) return where + why;
  if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0) return where + "cannot write the file (is the folder writable?)";
  // The plot was laid out for the export size; restore its own.
  plot.setViewport(viewport);
  plot.replot();
  return "";
}

}  // namespace rs::ui
