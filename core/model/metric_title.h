#pragma once
// Axis titles that name a metric in words, with its unit, as a paper's
// figure does: "ARC-Challenge accuracy", "Test loss (nats/token)",
// "WikiText-2 perplexity". The words come from the task catalogue's titles.

#include <string>

#include "core/model/task_catalog.h"

namespace rs {

// The title of `metric`'s axis. A metric the catalogue has no title for keeps
// its own name, with "accuracy" when it has a chance level and "(lower is
// better)" when lower is better.
std::string metricAxisTitle(const std::string& metric, const TaskCatalog& tasks);

}  // namespace rs
