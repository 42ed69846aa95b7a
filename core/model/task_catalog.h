#pragma once
// What Ratioscope knows about evaluations: chance level and category, and
// whether lower is better. Built-in entries cover common lm-evaluation-harness
// tasks; a file can override or add entries (see core/io/task_overrides.h).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/run.h"

namespace rs {

enum class TaskCategory { Reasoning, LongContext, Commonsense, Knowledge, LanguageModelling, Other };

std::string_view categoryId(TaskCategory c);  // "reasoning", "long-context", ...
std::optional<TaskCategory> categoryFromId(std::string_view id);

struct TaskInfo {
  std::string name;
  // Accuracy of random guessing: 0.25 for 4-way multiple choice, 0.5 for
  // 2-way; none for losses, perplexities and open-ended tasks like lambada.
  std::optional<double> chance;
  TaskCategory category = TaskCategory::Other;
  bool lowerIsBetter = false;  // losses and perplexities
  // How a paper names the task ("ARC-Challenge", "Test loss"); empty when
  // the catalogue does not know it. See metric_title.h for axis titles.
  std::string title;
};

class TaskCatalog {
 public:
  TaskCatalog();  // the built-in entries

  // Resolves a metric name to a task: exact entry first, then, ignoring case
  // and '-'/':' for '_', the name or an alias (ARC-Challenge, arc_c, obqa,
  // wikitext2), then the name with a harness suffix removed
  // ("arc_easy,acc_norm", "arc_easy/acc", "arc_easy_acc"), then an MMLU
  // subject to MMLU, then loss/perplexity by name. err_* and *error* metrics
  // are lower-is-better with no chance level; averages over tasks have none.
  // Unknown metrics get category Other and no chance level.
  TaskInfo lookup(std::string_view metric) const;
  void setEntry(TaskInfo info);  // adds or overrides an entry
  // Takes the direction the runs' files record (lm-eval's higher_is_better)
  // for metrics the catalogue would read the other way; an entry set by name
  // (a --tasks override) is kept as it is.
  void learnDirections(const std::vector<Run>& runs);
  const std::map<std::string, TaskInfo, std::less<>>& entries() const { return entries_; }
  // The lowest value any model can reach on a metric (a loss's entropy
  // floor: 0.565 nats for the trials' facts), when a --tasks entry gives one
  // ("floor"). Fits that predict below it say so. By exact metric name.
  std::optional<double> floor(std::string_view metric) const;
  void setFloor(const std::string& metric, std::optional<double> floor);

 private:
  std::map<std::string, TaskInfo, std::less<>> entries_;
  std::map<std::string, double, std::less<>> floors_;
};

}  // namespace rs
