#include "core/fit/law_metric.h"

namespace rs::fit {

LawMetricCheck checkLawForMetric(const laws::LawInfo& law, const std::string& metric, bool accuracy, std::optional<bool> lower_is_better) {
  LawMetricCheck c;
  const std::string quoted = "'" + metric + "'";
  switch (law.describes) {
    case laws::Describes::Any: break;
    case laws::Describes::Loss:
      if (accuracy) {
        c.refused = true;
        c.message = law.id + " describes a loss, which falls with scale towards a floor, and " + quoted +
                    " is an accuracy (higher is better, between chance and 1); fit logistic, compression-linear, compression or "
                    "gadre-downstream to it, or choose a loss metric";
      } else if (lower_is_better == false) {
        c.message = quoted + " is higher-is-better, and " + law.id +
                    " describes a loss, which falls with scale: its parameters mean something only if the metric behaves as a loss";
      }
      break;
    case laws::Describes::Accuracy:
      // An error rate (Gadre's y) is lower-is-better too; only the linear
      // accuracy law has no reading for a lower-is-better metric.
      if (lower_is_better == true && !law.y_is_error)
        c.message = quoted + " is lower-is-better, and " + law.id +
                    " describes an accuracy falling with the ratio; compression-quadratic or compression describe a loss";
      break;
  }
  return c;
}

void describeMetric(FitDataSpec& spec, const TaskCatalog& tasks) {
  const TaskInfo task = tasks.lookup(spec.metric);
  spec.metric_is_accuracy = task.chance.has_value() && !task.lowerIsBetter;
  const bool known = task.lowerIsBetter || task.chance.has_value() || task.category != TaskCategory::Other;
  spec.metric_lower_is_better = known ? std::optional<bool>(task.lowerIsBetter) : std::nullopt;
  spec.metric_floor = tasks.floor(spec.metric);
}

}  // namespace rs::fit
