#pragma once
// Training budgets: runs of one model name that saw different pretraining
// token counts (a 50-step and a 2,000-step sweep of tf-nano) are different
// models in all but name. A series, its dense anchor at ratio 0 and the Y₀
// of a compression law are taken within one budget, never across budgets.
//
// Budgets are told apart by `tokens` (the trials runner records steps as
// tokens: steps × tokens per step), counts within 1% being one budget
// (rounding in a run's record). A run that records no tokens belongs to the
// one budget its model's other runs share, when they share one (an lm-eval
// file of a compressed model says nothing about pretraining); when they do
// not, "tokens not recorded" is a budget of its own.

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/model/run.h"

namespace rs {

class TrainingBudgets {
 public:
  // Learns every model's budgets from `runs` and `more` (give all loaded
  // runs, so that a selection and its anchors are keyed alike).
  explicit TrainingBudgets(const std::vector<Run>& runs, const std::vector<Run>* more = nullptr);

  // The run's budget among its model's: 0, 1, ... in increasing tokens, the
  // unrecorded budget (when it stands alone) last. A run of a model not seen
  // at construction gets its own index by the same rule.
  int of(const Run& run) const;
  // True when the run's model was trained at more than one budget.
  bool several(const Run& run) const;
  // For labels: "1.6M tokens" or "tokens not recorded"; empty when the
  // model has one budget (the label needs no budget then).
  std::string label(const Run& run) const;

 private:
  struct Model {
    std::vector<double> tokens;  // distinct, increasing
    bool unrecorded = false;     // some run records none and no single budget takes it
  };
  const Model* find(const Run& run) const;
  std::map<std::pair<std::string, std::string>, Model> models_;
};

}  // namespace rs
