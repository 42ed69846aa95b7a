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

namespace {
// Dash patterns in pen widths, each told apart from the others by the
// lengths of its dashes and gaps at 1.2 pt and in grayscale (Qt's own
// DotLine blurs into a solid line). Every gap is at least a quarter of its
// pattern: a pattern of long dashes and short gaps prints almost solid. Dash-dot-dot is left to the fitted
// curves (fit_overlay.cpp).
const std::array<QVector<qreal>, 17> kDashes = {{
    {},                       // solid
    {5, 2},                   // dashed: the dense models' (SeriesLook in figure.cpp)
    {1, 2},                   // dotted
    {6, 2, 1, 2},             // dash-dot
    {8, 4},                   // long dashes
    {2, 2},                   // short dashes
    {8, 3, 2, 3},             // long-short
    {12, 4, 1, 4},            // long dash-dot
    {8, 3, 1, 3, 1, 3},       // long dash, two sparse dots
    {4, 4},                   // even dashes, wide gaps
    {8, 4, 2, 4, 2, 4},       // long, short, short
    {14, 6},                  // very long dashes
    {3, 2, 1, 2, 1, 2, 1, 2}, // dash, three dots
    {6, 4, 1, 4},             // sparse dash-dot
    {12, 4, 5, 4},            // long-medium
    {2, 5},                   // short dashes, wide gaps
    // Sparse dots last: the 16th method shares the first's marker (15 for
    // methods), so it takes the line least like the first's solid one.
    {1, 4},                   // sparse dots
}};
constexpr int kDenseDash = 1;
constexpr int kDenseMarker = 0;
}  // namespace

QVector<qreal> methodDashes(int index) { return kDashes[static_cast<std::size_t>(index) % kDashes.size()]; }

int dashPatternCount() { return static_cast<int>(kDashes.size()); }

MethodStyle methodStyle(int paletteIndex) {
  const int i = paletteIndex < 0 ? 0 : paletteIndex;
  const int methodDashes = dashPatternCount() - 1;  // all but the dense models'
  const int methodMarkers = distinctMarkers() - 1;
  MethodStyle style;
  style.dash = i % methodDashes;
  if (style.dash >= kDenseDash) ++style.dash;
  style.marker = i % methodMarkers;
  if (style.marker >= kDenseMarker) ++style.marker;
  return style;
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
