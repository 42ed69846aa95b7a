#pragma once
// Whether a law was made for the metric it is asked to fit. A loss law
// (chinchilla, kaplan-*, epm, capacity, compression-quadratic: a value that
// falls with scale towards a floor) fitted to an accuracy gives parameters
// that mean nothing, however good its R²: that is refused. Other mismatches
// that can be legitimate (a loss law on a metric known to be higher-is-better
// but not an accuracy, the linear accuracy law on a loss) are warned about.
// A metric of unknown direction is not judged.

#include <optional>
#include <string>

#include "core/fit/fit_data.h"
#include "core/laws/law.h"
#include "core/model/task_catalog.h"

namespace rs::fit {

struct LawMetricCheck {
  bool refused = false;
  std::string message;  // empty: the law suits the metric
};

// `accuracy`: a task score with a chance level, higher is better.
// `lower_is_better`: the metric's direction, unset when not known.
LawMetricCheck checkLawForMetric(const laws::LawInfo& law, const std::string& metric, bool accuracy, std::optional<bool> lower_is_better);

// Fills what `spec` says of its metric from the task catalogue's entry:
// accuracy (a chance level, higher is better), direction (known for losses,
// perplexities, errors and tasks with a category; unset for a metric the
// catalogue does not know) and floor. The CLI and the fit panel both use it.
void describeMetric(FitDataSpec& spec, const TaskCatalog& tasks);

}  // namespace rs::fit
