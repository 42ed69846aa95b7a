#pragma once
// Writes a drawn figure to PDF (vector), SVG (vector) or PNG at a physical
// size, so it drops into a paper at the column width it was made for.

#include <QSize>
#include <QString>
#include <string>

class QCustomPlot;

namespace rs::ui {

struct ExportOptions {
  double width_mm = 85;   // one journal column (two-column layouts: 85-90 mm)
  double height_mm = 60;
  int dpi = 300;          // raster only; 300 is the usual journal minimum for line art in PNG
};

// The format comes from the file suffix (.pdf, .svg, .png). Returns "" or a
// message naming the file.
std::string exportFigure(QCustomPlot& plot, const QString& path, const ExportOptions& options);

// Checks sizes before anything is written: "" when fine.
std::string validateExportOptions(const ExportOptions& options);

// Pixel size of a PNG export: width_mm / 25.4 * dpi, rounded.
QSize rasterSize(const ExportOptions& options);

}  // namespace rs::ui
