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

namespace {
// Every outline QCustomPlot draws that stays legible at 5.5 pt, most distinct
// first. ssPeace and ssStar blur into ssCrossCircle and ssPlus at print size.
constexpr std::array<QCPScatterStyle::ScatterShape, 11> kShapes = {
    QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
    QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted, QCPScatterStyle::ssCross,
    QCPScatterStyle::ssPlus, QCPScatterStyle::ssCrossSquare, QCPScatterStyle::ssPlusCircle,
    QCPScatterStyle::ssCrossCircle, QCPScatterStyle::ssPlusSquare};
// The first five are plain closed outlines: filled, they are five more
// markers. (A filled cross or plus is the same cross; a filled cross-square
// hides its cross and reads as a filled square.)
constexpr std::size_t kFillable = 5;
constexpr std::size_t kDistinct = kShapes.size() + kFillable;
}  // namespace

QCPScatterStyle::ScatterShape modelShape(int index) {
  const std::size_t i = static_cast<std::size_t>(index) % kDistinct;
  return i < kShapes.size() ? kShapes[i] : kShapes[i - kShapes.size()];
}

bool markerFilled(int index) { return static_cast<std::size_t>(index) % kDistinct >= kShapes.size(); }

int distinctMarkers() { return static_cast<int>(kDistinct); }

QVector<qreal> methodDashes(int index) {
  // Dash patterns in pen widths: solid first, then dashes that stay apart in
  // grayscale and at 1.2 pt (Qt's own DotLine blurs into a solid line).
  static const std::array<QVector<qreal>, 8> patterns = {{
      {},                      // solid
      {5, 2},                  // dashed: the dense models' (SeriesLook in figure.cpp)
      {1, 2},                  // dotted
      {6, 2, 1, 2},            // dash-dot
      {10, 3},                 // long dashes
      {2, 1},                  // short dashes
      {8, 2, 2, 2},            // long-short
      {12, 2, 1, 2},           // long dash-dot
  }};
  // Dash-dot-dot is left to the fitted curves (fit_overlay.cpp).
  return patterns[static_cast<std::size_t>(index) % patterns.size()];
}

QPen methodPen(const QColor& colour, double width, int dashIndex) {
  QPen pen(colour, width);
  pen.setCapStyle(Qt::FlatCap);
  const QVector<qreal> dashes = methodDashes(dashIndex);
  if (!dashes.isEmpty()) pen.setDashPattern(dashes);
  return pen;
}

QCPColorGradient sizeGradient() {
  // Viridis (van der Walt & Smith, matplotlib; CC0): perceptually uniform,
  // readable by the colour-blind and monotone in lightness, so a grayscale
  // print still orders the sizes. It stops before its last yellow, too faint
  // on white paper.
  QCPColorGradient g;
  g.clearColorStops();
  const std::array<const char*, 8> stops = {"#440154", "#472c7a", "#3b518b", "#2c718e",
                                            "#21908d", "#27ad81", "#5cc863", "#aadc32"};
  for (std::size_t i = 0; i < stops.size(); ++i) g.setColorStopAt(static_cast<double>(i) / (stops.size() - 1), QColor(stops[i]));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  return g;
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
