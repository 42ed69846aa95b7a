#include "ui/figure/figure_style.h"

#include <array>

namespace rs::ui {

QColor methodColour(int index) {
  static const std::array<QColor, 7> colours = {
      QColor(0x00, 0x72, 0xB2),  // blue
      QColor(0xD5, 0x5E, 0x00),  // vermillion
      QColor(0x00, 0x9E, 0x73),  // bluish green
      QColor(0xCC, 0x79, 0xA7),  // reddish purple
      QColor(0xE6, 0x9F, 0x00),  // orange
      QColor(0x56, 0xB4, 0xE9),  // sky blue
      // Okabe-Ito's yellow (F0E442) darkened to read on white paper; black
      // is left to the dense models.
      QColor(0xA8, 0x90, 0x00),  // mustard
  };
  return colours[static_cast<std::size_t>(index) % colours.size()];
}

QColor denseColour() { return QColor(0x44, 0x44, 0x44); }

QCPScatterStyle::ScatterShape modelShape(int index) {
  static const std::array<QCPScatterStyle::ScatterShape, 7> shapes = {
      QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
      QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross,
      QCPScatterStyle::ssPlus};
  return shapes[static_cast<std::size_t>(index) % shapes.size()];
}

QFont figureFont(double pointSize) {
  QFont f(QStringLiteral("DejaVu Sans"));
  f.setPointSizeF(pointSize);
  return f;
}

void styleLegend(QCPLegend* legend, double k) {
  legend->setVisible(true);
  legend->setFont(figureFont(7 * k));
  legend->setBrush(QBrush(QColor(255, 255, 255, 220)));
  legend->setBorderPen(QPen(QColor(0xAA, 0xAA, 0xAA), 0.5 * k));
  legend->setRowSpacing(-2);
  legend->setIconSize(static_cast<int>(14 * k), static_cast<int>(8 * k));
}

}  // namespace rs::ui
