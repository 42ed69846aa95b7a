#include "ui/figure/figure_axes.h"

#include <qcustomplot.h>

#include <cmath>

#include "core/model/compact_number.h"
#include "ui/figure/figure_style.h"

namespace rs::ui {
namespace {

// Log-axis labels as people write model sizes: 500M, 1.5B, 20T; "2" for a
// compression factor. Over less than ~1.6 decades QCustomPlot falls back to
// evenly spaced linear ticks, which crowd together at the top of a log axis
// ("12.5 15 17.5 20"); there the ticks are 1-2-5 steps of each decade instead.
class CompactLogTicker : public QCPAxisTickerLog {
 public:
  CompactLogTicker() { setSubTickCount(8); }

 protected:
  QString getTickLabel(double tick, const QLocale&, QChar, int) override {
    return QString::fromStdString(compactNumber(tick));
  }
  QVector<double> createTickVector(double tickStep, const QCPRange& range) override {
    if (!(range.lower > 0 && range.upper > range.lower) || std::log10(range.upper / range.lower) >= 1.6)
      return QCPAxisTickerLog::createTickVector(tickStep, range);
    // The sparsest mantissa set that still gives three ticks in the range.
    const std::vector<std::vector<double>> sets = {{1, 2, 5}, {1, 2, 3, 5}, {1, 1.5, 2, 3, 4, 5, 7}, {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9}};
    QVector<double> ticks;
    for (const auto& mantissas : sets) {
      ticks.clear();
      for (int e = static_cast<int>(std::floor(std::log10(range.lower))); e <= static_cast<int>(std::ceil(std::log10(range.upper))); ++e)
        for (double m : mantissas) {
          const double t = m * std::pow(10.0, e);
          if (t >= range.lower * (1 - 1e-9) && t <= range.upper * (1 + 1e-9)) ticks << t;
        }
      if (ticks.size() >= 3) break;
    }
    // A range inside one step of even the densest set (3.1 to 3.9): evenly spaced ticks read best there.
    return ticks.size() >= 3 ? ticks : QCPAxisTicker::createTickVector(tickStep, range);
  }
  QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override {
    return ticks.size() >= 2 && ticks.last() / ticks.first() < std::pow(10.0, 1.6) ? QVector<double>{}
                                                                                   : QCPAxisTickerLog::createSubTickVector(subTickCount, ticks);
  }
};

}  // namespace

void styleAxis(QCPAxis* axis, bool log, double k) {
  axis->setTickLabelFont(figureFont(7.5 * k));
  axis->setLabelFont(figureFont(8 * k));
  axis->setBasePen(QPen(Qt::black, 0.8 * k));
  axis->setTickPen(QPen(Qt::black, 0.8 * k));
  axis->setSubTickPen(QPen(Qt::black, 0.6 * k));
  axis->grid()->setPen(QPen(QColor(0xDD, 0xDD, 0xDD), 0.5 * k, Qt::SolidLine));
  axis->grid()->setSubGridVisible(false);
  axis->grid()->setZeroLinePen(Qt::NoPen);
  if (log) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new CompactLogTicker));
  } else {
    axis->setScaleType(QCPAxis::stLinear);
    axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    axis->setNumberFormat(QStringLiteral("gb"));
    axis->setNumberPrecision(6);
  }
}

}  // namespace rs::ui
