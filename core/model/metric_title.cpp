#include "core/model/metric_title.h"

#include <algorithm>
#include <cctype>

namespace rs {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

std::string metricAxisTitle(const std::string& metric, const TaskCatalog& tasks) {
  const TaskInfo task = tasks.lookup(metric);
  const std::string m = lower(metric);
  if (task.title.empty()) {
    if (task.lowerIsBetter) return metric + " (lower is better)";
    return task.chance ? metric + " accuracy" : metric;
  }
  // Losses are the trials' and the harnesses' cross-entropy: natural log,
  // averaged over predicted tokens.
  if (task.title == "Test loss") return "Test loss (nats/token)";
  if (task.title == "Perplexity") return task.title;
  if (task.lowerIsBetter) {
    // A perplexity benchmark reports several measures; name the one plotted.
    if (has(m, "bits_per_byte") || has(m, "bpb")) return task.title + " bits per byte";
    if (has(m, "error") || m.rfind("err_", 0) == 0) return task.title + " error rate";
    return task.title + " perplexity";
  }
  if (has(m, "acc_norm")) return task.title + " accuracy (length-normalised)";
  if (has(m, "exact_match") || has(m, "_em")) return task.title + " exact match";
  return task.title + " accuracy";
}

}  // namespace rs
