#pragma once
// Writes a drawn figure to PDF (vector), SVG (vector) or PNG at a physical
// size, so it drops into a paper at the column width it was made for.

#include <QJsonObject>
#include <QSize>
#include <QString>
#include <string>

class QCustomPlot;
class QImage;

namespace rs::ui {

struct ExportOptions {
  double width_mm = 85;   // one journal column (two-column layouts: 85-90 mm)
  double height_mm = 60;
  int dpi = 300;          // raster only; 300 is the usual journal minimum for line art in PNG
};

// The format comes from the file suffix (.pdf, .svg, .png). Returns "" or a
// message naming the file. A `provenance` record (figure_provenance.h) is
// written, with the export's size and time added, into the file's metadata
// (PDF: title, creator and XMP dc:description and pdf:Keywords; SVG: <title>
// and <desc>; PNG: text chunks) and into the sidecar FIG.json beside it,
// which lists every format of the figure written with the SHA-256 of its
// bytes (figure_provenance.h: sidecarRecord). `warning`, when given, says
// what the sidecar stopped listing ("" when nothing), for the caller to show.
std::string exportFigure(QCustomPlot& plot, const QString& path, const ExportOptions& options,
                         const QJsonObject& provenance = {}, std::string* warning = nullptr);

// The figure as it prints at `options`' size, rendered at `dpi` (the export
// dialog's preview; a PNG export is this image at options.dpi).
QImage renderFigure(QCustomPlot& plot, const ExportOptions& options, int dpi);

// Checks sizes before anything is written: "" when fine.
std::string validateExportOptions(const ExportOptions& options);

// The size a figure is laid out at, in logical pixels (96 per inch): every
// format maps this layout onto its physical size.
QSize printLayoutSize(const ExportOptions& options);

// Pixel size of a PNG export: width_mm / 25.4 * dpi, rounded.
QSize rasterSize(const ExportOptions& options);

}  // namespace rs::ui
