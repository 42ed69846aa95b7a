#include "ui/ratio_readout.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "core/model/axes.h"
#include "core/model/compact_number.h"

namespace rs::ui {
namespace {
// Four significant digits with their trailing zeros, so values read alike
// side by side: 1.000 next to 0.1870, not 1 next to 0.187.
QString sig4(double v) {
  if (!std::isfinite(v) || v == 0 || std::fabs(v) >= 1e4 || std::fabs(v) < 1e-3) return QString::number(v, 'g', 4);
  const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(std::fabs(v)))));
  return QString::number(v, 'f', decimals);
}

QString q(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

// Linear interpolation of (xs, ys) at x, or nullopt outside the range.
std::optional<double> interpolate(const QVector<double>& xs, const QVector<double>& ys, double x) {
  for (int i = 1; i < xs.size(); ++i)
    if (xs[i - 1] <= x && x <= xs[i]) {
      const double t = xs[i] > xs[i - 1] ? (x - xs[i - 1]) / (xs[i] - xs[i - 1]) : 0;
      return ys[i - 1] + t * (ys[i] - ys[i - 1]);
    }
  return std::nullopt;
}

}  // namespace

QString ratioReadout(double r, const ReadoutContext& c, int maxSeries) {
  QStringList lines;
  lines << QStringLiteral("<b>ratio %1</b> (%2× smaller)").arg(r, 0, 'f', 3).arg(1 / (1 - r), 0, 'f', 2);
  int shown = 0;
  for (const DrawnSeries& s : c.figure->series) {
    if (s.series.method == kDenseMethod || !s.markers || !s.markers->visible()) continue;
    if (++shown > maxSeries) {
      lines << QStringLiteral("…");
      break;
    }
    const std::string label = s.series.label();
    QString value;
    const FitCurve* curve = nullptr;
    if (c.fit)
      for (const FitCurve& fc : c.fit->curves)
        if (fc.series_label == label) curve = &fc;
    if (curve) {
      const auto y = interpolate(curve->x, curve->y, r), lo = interpolate(curve->x, curve->low, r), hi = interpolate(curve->x, curve->high, r);
      if (y)
        value = curve->has_band ? QStringLiteral("%1 [%2, %3] fitted").arg(sig4(*y), sig4(*lo), sig4(*hi))
                                : QStringLiteral("%1 fitted (no interval: the fit has no covariance)").arg(sig4(*y));
    }
    if (value.isEmpty()) {
      QVector<double> xs, ys;
      for (const SeriesPoint& p : s.series.points)
        if (xs.isEmpty() || p.x > xs.back()) xs << p.x, ys << p.y;
      if (const auto y = interpolate(xs, ys, r)) value = QStringLiteral("%1 measured").arg(sig4(*y));
      else value = QStringLiteral("not measured here");
    }
    QStringList gone;
    if (c.dropouts)
      if (auto it = c.dropouts->find(label); it != c.dropouts->end())
        for (const analysis::Dropout& d : it->second)
          if (d.status == analysis::Dropout::Status::Dropped && d.ratio <= r) gone << q(d.task);
    QString knee;
    if (c.analysis)
      for (const SeriesAnalysis& a : *c.analysis)
        if (a.series == label)
          for (const analysis::Knee& k : a.knees)
            if (k.found && k.method == "kneedle") knee = r > k.ratio ? QStringLiteral(" · past the knee (%1)").arg(k.ratio) : QString();
    // The native model of about the same size: what the compressed one must beat.
    QString native;
    const Run* self = s.series.points.empty() ? nullptr : &(*c.runs)[0];
    double kept = 0;
    for (const Run& run : *c.runs)
      if (run.family == s.series.family && run.model == s.series.model && run.params) {
        kept = *run.params * (1 - r);
        self = &run;
        break;
      }
    if (self && kept > 0) {
      const Run* best = nullptr;
      for (const Run& run : *c.runs)
        // The series' own dense model counts: at small ratios it IS the native model of that size.
        if (run.isDense() && run.params && run.family == s.series.family &&
            (!best || std::fabs(std::log(*run.params / kept)) < std::fabs(std::log(*best->params / kept))))
          best = &run;
      const bool near = best && std::fabs(std::log(*best->params / kept)) <= analysis::kFrontierGap;
      std::string why;
      Run probe;  // a model of the kept size, trained on the parent's tokens
      probe.family = self->family;
      probe.params = kept;
      probe.tokens = self->tokens;
      if (!near && c.frontier && c.metric == "loss")
        if (const auto predicted = c.frontier->predict(probe, analysis::Budget::Params, why)) {
          native = QStringLiteral(" · native-small frontier %1: %2 (predicted)").arg(q(compactNumber(kept)), sig4(predicted->metrics.front().value));
          best = nullptr;
        }
      if (best)
        if (const Metric* m = best->metric(c.metric))
          native = QStringLiteral(" · native %1: %2").arg(q(best->model), sig4(m->value));
    }
    lines << QStringLiteral("%1: %2%3%4%5")
                 .arg(q(label), value, knee, native,
                      gone.isEmpty() ? QString() : QStringLiteral(" · <span style='color:#b00'>dropped: %1</span>").arg(gone.join(QStringLiteral(", "))));
  }
  return lines.join(QStringLiteral("<br>"));
}

}  // namespace rs::ui
