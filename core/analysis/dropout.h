#pragma once
// Capability dropout: the compression ratio at which a task's accuracy is
// gone.
//
//  chance    the smallest ratio where accuracy is no longer distinguishable
//            from chance: the lower end of its 95% interval (y − 1.96·se)
//            is at or below chance + margin.
//  headroom  the ratio where a share of the above-chance headroom
//            (y − chance)/(y0 − chance) is lost (0.5: half of it).
//
// Between measured ratios the crossing is interpolated linearly; the
// interval is the pair of measured ratios it lies between (the data cannot
// place it more finely).

#include <optional>
#include <string>
#include <vector>

#include "core/analysis/curve.h"
#include "core/model/task_catalog.h"

namespace rs::analysis {

struct DropoutCriterion {
  enum class Kind { Chance, Headroom };
  Kind kind = Kind::Chance;
  double margin = 0.0;  // chance: added to the chance level
  double share = 0.5;   // headroom: share of the headroom lost
  std::string id() const;  // "chance", "chance+0.02", "headroom:0.5"
};

struct Dropout {
  std::string series, task;
  TaskCategory category = TaskCategory::Other;
  enum class Status { Dropped, Never, AtChanceFromStart, NoUncertainty } status = Status::Never;
  double ratio = 0, ci_low = 0, ci_high = 0;  // when Dropped
  std::string criterion;
  std::string explanation;  // one sentence
};

Dropout findDropout(const Curve& curve, const TaskInfo& task, const DropoutCriterion& criterion);

// Mean dropout ratio per category over the dropped tasks, lowest first:
// do reasoning and long-context go first in these data?
struct CategoryDropout {
  TaskCategory category;
  double mean_ratio = 0;
  int dropped = 0, never = 0;
};
std::vector<CategoryDropout> rankCategories(const std::vector<Dropout>& dropouts);

}  // namespace rs::analysis
