#include "ui/figure/figure_export.h"

#include <QDateTime>
#include <QDir>
#include <QFontMetrics>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <cmath>
#include <qcustomplot.h>

#include "core/model/provenance.h"
#include "ui/figure/figure.h"
#include "ui/figure/figure_provenance.h"

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

QSize printLayoutSize(const ExportOptions& o) { return layoutSize(o); }

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

namespace {

// Lays the plot out at the figure's own size so the legend's place and
// columns are chosen for the page, not for whatever size the widget had;
// restores the widget's layout when done.
class PrintLayout {
 public:
  PrintLayout(QCustomPlot& plot, const QSize& layout)
      : plot_(plot), viewport_(plot.viewport()), xLabel_(plot.xAxis->label()), yLabel_(plot.yAxis->label()) {
    plot_.setViewport(QRect(QPoint(0, 0), layout));
    plot_.replot();
    relayoutLegend(plot_);  // inside the axes or below them, in columns that fit this width
    // An axis title longer than its axis ("Modular arithmetic (suite)
    // accuracy" at 85 mm) would be cut at the page edge: two lines instead.
    if (wrapAxisLabel(plot_.xAxis) | wrapAxisLabel(plot_.yAxis)) plot_.replot();
  }
  ~PrintLayout() {
    plot_.xAxis->setLabel(xLabel_);
    plot_.yAxis->setLabel(yLabel_);
    plot_.setViewport(viewport_);
    relayoutLegend(plot_);
    plot_.replot();
  }

 private:
  // Breaks the label at the space nearest its middle when it is longer than
  // the axis; true when it did.
  static bool wrapAxisLabel(QCPAxis* axis) {
    QString label = axis->label();
    const int room = axis->orientation() == Qt::Vertical ? axis->axisRect()->height() : axis->axisRect()->width();
    if (room <= 0 || QFontMetrics(axis->labelFont()).horizontalAdvance(label) <= room) return false;
    qsizetype best = -1;
    for (qsizetype i = 0; i < label.size(); ++i)
      if (label[i] == QLatin1Char(' ') && (best < 0 || std::abs(i - label.size() / 2) < std::abs(best - label.size() / 2))) best = i;
    if (best < 0) return false;
    label[best] = QLatin1Char('\n');
    axis->setLabel(label);
    return true;
  }

  QCustomPlot& plot_;
  QRect viewport_;
  QString xLabel_, yLabel_;
};

QImage rasterise(QCustomPlot& plot, const QSize& layout, const QSize& pixels, std::string& why) {
  QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  // Lay out at 96 dpi, then scale the painter up to the requested dpi.
  image.setDotsPerMeterX(static_cast<int>(std::lround(kLayoutDpi / 0.0254)));
  image.setDotsPerMeterY(static_cast<int>(std::lround(kLayoutDpi / 0.0254)));
  why = paint(plot, image, layout, static_cast<double>(pixels.width()) / layout.width());
  return image;
}

QString titleOf(const QJsonObject& record) {
  const QJsonObject figure = record[QStringLiteral("figure")].toObject();
  if (figure.isEmpty()) return QStringLiteral("Ratioscope figure");
  return QStringLiteral("Ratioscope figure: %1 against %2")
      .arg(figure[QStringLiteral("metric")].toString(), figure[QStringLiteral("axis")].toString());
}

// "sha256:HASH path" of every source, for PDF keywords: what a search for a
// data file's hash finds.
QString keywordsOf(const QJsonObject& record) {
  QStringList words{QStringLiteral("Ratioscope")};
  for (const QJsonValue& v : record[QStringLiteral("sources")].toArray()) {
    const QJsonObject s = v.toObject();
    const QString hash = s[QStringLiteral("sha256")].toString();
    words << (hash.isEmpty() ? s[QStringLiteral("path")].toString() : QStringLiteral("sha256:%1 %2").arg(hash, s[QStringLiteral("path")].toString()));
  }
  return words.join(QStringLiteral("; "));
}

// An XMP packet (ISO 16684-1) with Dublin Core title and description (the
// record as compact JSON), PDF keywords and the creating tool.
QByteArray xmpPacket(const QJsonObject& record) {
  const QString json = QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact));
  const QString tool = QStringLiteral("Ratioscope %1").arg(record[QStringLiteral("ratioscope")].toString());
  const QString xmp = QStringLiteral(
      "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
      "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>\n"
      "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%2</rdf:li></rdf:Alt></dc:description>\n"
      "<pdf:Keywords>%3</pdf:Keywords>\n"
      "<pdf:Producer>%4</pdf:Producer>\n"
      "<xmp:CreatorTool>%4</xmp:CreatorTool>\n"
      "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>")
                          .arg(titleOf(record).toHtmlEscaped(), json.toHtmlEscaped(), keywordsOf(record).toHtmlEscaped(), tool.toHtmlEscaped());
  return xmp.toUtf8();
}

}  // namespace

QImage renderFigure(QCustomPlot& plot, const ExportOptions& o, int dpi) {
  const QSize layout = layoutSize(o);
  const PrintLayout print(plot, layout);
  std::string why;
  QImage image = rasterise(plot, layout, rasterSize({o.width_mm, o.height_mm, dpi}), why);
  return why.empty() ? image : QImage();
}

std::string exportFigure(QCustomPlot& plot, const QString& path, const ExportOptions& o, const QJsonObject& provenance, std::string* warning) {
  if (warning) warning->clear();
  const std::string where = path.toStdString() + ": ";
  if (std::string why = validateExportOptions(o); !why.empty()) return where + why;
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (!QFileInfo(path).absoluteDir().exists()) return where + "cannot write: the folder does not exist";
  if (suffix != QLatin1String("pdf") && suffix != QLatin1String("svg") && suffix != QLatin1String("png"))
    return where + "unknown figure format '." + suffix.toStdString() + "': use .pdf, .svg or .png";
  QJsonObject record = provenance;
  if (!record.isEmpty()) {
    QJsonObject exported{{QStringLiteral("file"), QFileInfo(path).fileName()},
                         {QStringLiteral("format"), suffix},
                         {QStringLiteral("width_mm"), o.width_mm},
                         {QStringLiteral("height_mm"), o.height_mm}};
    if (suffix == QLatin1String("png")) exported[QStringLiteral("dpi")] = o.dpi;
    record[QStringLiteral("export")] = exported;
    record[QStringLiteral("created")] = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  }
  const QString title = titleOf(record);
  const QString description = QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact));
  const QSize layout = layoutSize(o);
  std::string why;
  {
    const PrintLayout print(plot, layout);
    if (suffix == QLatin1String("pdf")) {
      QPdfWriter writer(path);
      writer.setCreator(QStringLiteral("Ratioscope %1").arg(QString::fromStdString(ratioscopeVersion())));
      if (!record.isEmpty()) {
        writer.setTitle(title);
        writer.setDocumentXmpMetadata(xmpPacket(record));
      }
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
      svg.setTitle(title);
      if (!record.isEmpty()) svg.setDescription(description);
      why = paint(plot, svg, layout, 1.0);
    } else {
      QImage image = rasterise(plot, layout, rasterSize(o), why);
      image.setDotsPerMeterX(static_cast<int>(std::lround(o.dpi / 0.0254)));
      image.setDotsPerMeterY(static_cast<int>(std::lround(o.dpi / 0.0254)));
      if (why.empty()) {
        QImageWriter writer(path, "png");
        // PNG text chunks (tEXt/iTXt), the keywords the PNG standard names.
        writer.setText(QStringLiteral("Title"), title);
        writer.setText(QStringLiteral("Software"), QStringLiteral("Ratioscope %1").arg(QString::fromStdString(ratioscopeVersion())));
        if (!record.isEmpty()) writer.setText(QStringLiteral("Description"), description);
        if (!writer.write(image)) why = "cannot write: " + writer.errorString().toStdString();
      }
    }
  }
  if (!why.empty()) return where + why;
  if (!QFileInfo(path).exists() || QFileInfo(path).size() == 0) return where + "cannot write the file (is the folder writable?)";
  if (!record.isEmpty()) {
    // The sidecar lists this file with the hash of its bytes, beside the
    // other formats of the same figure written before (sidecarRecord).
    QString note;
    if (const QString why = writeSidecar(path, record, record[QStringLiteral("export")].toObject(), note); !why.isEmpty())
      return why.toStdString();
    if (warning) *warning = note.toStdString();
  }
  return "";
}

}  // namespace rs::ui
