#include "core/analysis/curve.h"

#include <cmath>

namespace rs::analysis {

Curve toCurve(const Series& series, const std::string& metric, const std::vector<Run>& runs) {
  Curve c;
  c.series = series.label();
  c.metric = metric;
  const auto& pts = series.points;
  for (const SeriesPoint& p : pts) c.samples.emplace_back(p.x, p.y);
  for (std::size_t i = 0; i < pts.size();) {
    std::size_t j = i;
    double sum = 0, varSum = 0;
    bool allSe = true;
    while (j < pts.size() && pts[j].x == pts[i].x) {
      const SeriesPoint& p = pts[j];
      sum += p.y;
      std::optional<double> se = p.y_error;
      if (!se) {
        // An accuracy from n examples without a stated error: binomial.
        const Metric* m = runs[p.run_index].metric(metric);
        if (m && m->n && p.y >= 0 && p.y <= 1) se = std::sqrt(p.y * (1 - p.y) / static_cast<double>(*m->n));
      }
      if (se) varSum += *se * *se;
      else allSe = false;
      ++j;
    }
    const int k = static_cast<int>(j - i);
    CurvePoint cp;
    cp.x = pts[i].x;
    cp.y = sum / k;
    cp.runs = k;
    if (allSe) cp.se = std::sqrt(varSum) / k;  // mean of k independent measurements
    c.points.push_back(cp);
    i = j;
  }
  return c;
}

}  // namespace rs::analysis
