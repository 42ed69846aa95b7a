// Ratio-slider repaint: 100 series of 1,000 points each, the slider's line
// moved 300 times. Reference in the same run: the same moves with a full
// replot of the plot (what redrawing without the buffered layer costs).
// Prints frame-time percentiles for both and the ratio.
#include <QApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <qcustomplot.h>
#include <random>

namespace {
std::vector<double> movePlot(QCustomPlot& plot, QCPItemStraightLine* line, bool layerOnly, int frames) {
  std::vector<double> ms;
  QElapsedTimer t;
  for (int f = 0; f < frames; ++f) {
    const double r = 0.9 * f / frames;
    t.start();
    line->point1->setCoords(r, 0);
    line->point2->setCoords(r, 1);
    if (layerOnly) plot.layer(QStringLiteral("crosshair"))->replot();
    else plot.replot(QCustomPlot::rpImmediateRefresh);
    QCoreApplication::processEvents();
    ms.push_back(t.nsecsElapsed() / 1e6);
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}
double pct(const std::vector<double>& v, double q) { return v[static_cast<std::size_t>(q * (v.size() - 1))]; }
}  // namespace

int main(int argc, char** argv) {
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QCustomPlot plot;
  plot.resize(1200, 800);
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0, 0.01);
  for (int s = 0; s < 100; ++s) {
    QVector<double> x(1000), y(1000);
    for (int i = 0; i < 1000; ++i) {
      x[i] = 0.9 * i / 999.0;
      y[i] = 0.25 + (0.45 + 0.002 * s) / (1 + std::exp((x[i] - 0.3 - 0.004 * s) / 0.05)) + noise(rng);
    }
    QCPGraph* g = plot.addGraph();
    g->setData(x, y, true);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
  }
  plot.rescaleAxes();
  plot.addLayer(QStringLiteral("crosshair"), nullptr, QCustomPlot::limAbove);
  plot.layer(QStringLiteral("crosshair"))->setMode(QCPLayer::lmBuffered);
  auto* line = new QCPItemStraightLine(&plot);
  line->setLayer(QStringLiteral("crosshair"));
  plot.show();
  plot.replot();
  QCoreApplication::processEvents();
  const auto layer = movePlot(plot, line, true, 300);
  const auto full = movePlot(plot, line, false, 60);
  std::printf("bench_slider: 100 series x 1000 points, %dx%d px\n", plot.width(), plot.height());
  std::printf("  slider (buffered layer)  p50 %.3f ms  p95 %.3f ms  p99 %.3f ms  (60 fps needs < 16.7 ms)\n", pct(layer, 0.5), pct(layer, 0.95), pct(layer, 0.99));
  std::printf("  reference full replot    p50 %.3f ms  p95 %.3f ms  p99 %.3f ms\n", pct(full, 0.5), pct(full, 0.95), pct(full, 0.99));
  std::printf("  ratio full / slider at p50 = %.1fx\n", pct(full, 0.5) / pct(layer, 0.5));
  return 0;
}
