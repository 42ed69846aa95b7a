#include "core/analysis/dropout.h"

#include "core/fit/statistics.h"
#include "core/model/compact_number.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace rs::analysis {

std::string DropoutCriterion::id() const {
  if (kind == Kind::Headroom) return "headroom:" + significant(share, 3);
  return margin > 0 ? "chance+" + significant(margin, 3) : "chance";
}

Dropout findDropout(const Curve& curve, const TaskInfo& task, const DropoutCriterion& criterion) {
  Dropout d;
  d.series = curve.series;
  d.task = curve.metric;
  d.category = task.category;
  d.criterion = criterion.id();
  const double chance = task.chance.value_or(0.0);
  const auto& pts = curve.points;
  if (pts.empty()) return d;
  // The quantity that falls to the threshold, per point.
  const double y0 = pts.front().y;
  std::vector<double> score;
  double threshold = 0;
  std::string thresholdText;  // chance criterion: what the accuracy fell to, in words
  if (criterion.kind == DropoutCriterion::Kind::Chance) {
    for (const CurvePoint& p : pts) {
      if (!p.se) {
        d.status = Dropout::Status::NoUncertainty;
        d.explanation = "no standard error or sample count at ratio " + significant(p.x, 3) + ", so closeness to chance cannot be judged";
        return d;
      }
      score.push_back(p.y - fit::kZ95 * *p.se);
    }
    threshold = chance + criterion.margin;
    const std::string margin = significant(criterion.margin, 3);
    thresholdText = criterion.margin > 0 ? "chance + " + margin + " (" + significant(chance, 3) + " + " + margin + " = " + significant(threshold, 3) + ")"
                                         : "chance (" + significant(chance, 3) + ")";
  } else {
    if (y0 <= chance) {
      d.status = Dropout::Status::AtChanceFromStart;
      d.explanation = "the uncompressed model is already at chance (" + significant(y0, 3) + " vs " + significant(chance, 3) + "): no headroom to lose";
      return d;
    }
    for (const CurvePoint& p : pts) score.push_back((p.y - chance) / (y0 - chance));
    threshold = 1.0 - criterion.share;
  }
  if (score.front() <= threshold) {
    d.status = Dropout::Status::AtChanceFromStart;
    d.explanation = criterion.kind == DropoutCriterion::Kind::Chance
                        ? "within its 95% interval of " + thresholdText + " already at ratio " + significant(pts.front().x, 3)
                        : "indistinguishable from chance already at ratio " + significant(pts.front().x, 3);
    return d;
  }
  for (std::size_t k = 1; k < pts.size(); ++k) {
    if (score[k] > threshold) continue;
    const double t = (score[k - 1] - threshold) / (score[k - 1] - score[k]);
    d.status = Dropout::Status::Dropped;
    d.ratio = pts[k - 1].x + t * (pts[k].x - pts[k - 1].x);
    d.ci_low = pts[k - 1].x;
    d.ci_high = pts[k].x;
    d.explanation = criterion.kind == DropoutCriterion::Kind::Chance
                        ? "accuracy is within its 95% interval of " + thresholdText + " from ratio ≈ " + significant(d.ratio, 3)
                        : significant(criterion.share * 100, 3) + "% of the above-chance headroom is lost at ratio ≈ " + significant(d.ratio, 3);
    return d;
  }
  d.status = Dropout::Status::Never;
  d.explanation = "still above the threshold at the largest measured ratio (" + significant(pts.back().x, 3) + ")";
  return d;
}

std::vector<CategoryDropout> rankCategories(const std::vector<Dropout>& dropouts) {
  std::map<TaskCategory, CategoryDropout> by;
  for (const Dropout& d : dropouts) {
    CategoryDropout& c = by[d.category];
    c.category = d.category;
    if (d.status == Dropout::Status::Dropped) {
      c.mean_ratio += d.ratio;
      ++c.dropped;
    } else if (d.status == Dropout::Status::Never) {
      ++c.never;
    }
  }
  std::vector<CategoryDropout> out;
  for (auto& [cat, c] : by) {
    if (c.dropped) c.mean_ratio /= c.dropped;
    out.push_back(c);
  }
  // Categories that dropped come first, earliest first; never-dropped last.
  std::sort(out.begin(), out.end(), [](const CategoryDropout& a, const CategoryDropout& b) {
    if ((a.dropped > 0) != (b.dropped > 0)) return a.dropped > 0;
    return a.mean_ratio < b.mean_ratio;
  });
  return out;
}

}  // namespace rs::analysis
