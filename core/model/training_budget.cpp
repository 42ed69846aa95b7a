#include "core/model/training_budget.h"

#include <algorithm>
#include <cmath>

#include "core/model/compact_number.h"

namespace rs {
namespace {
// Token counts within 1% are one budget (rounding in a run's record).
bool sameTokens(double a, double b) { return std::fabs(a - b) <= 0.01 * std::max(std::fabs(a), std::fabs(b)); }
}  // namespace

TrainingBudgets::TrainingBudgets(const std::vector<Run>& runs, const std::vector<Run>* more) {
  std::map<std::pair<std::string, std::string>, bool> anyUnrecorded;
  std::vector<const Run*> every;
  for (const Run& r : runs) every.push_back(&r);
  if (more)
    for (const Run& r : *more) every.push_back(&r);
  for (const Run* run : every) {
    const Run& r = *run;
    Model& m = models_[{r.family, r.model}];
    if (!r.tokens) {
      anyUnrecorded[{r.family, r.model}] = true;
      continue;
    }
    if (std::none_of(m.tokens.begin(), m.tokens.end(), [&](double t) { return sameTokens(t, *r.tokens); })) m.tokens.push_back(*r.tokens);
  }
  for (auto& [key, m] : models_) {
    std::sort(m.tokens.begin(), m.tokens.end());
    // With one recorded budget, a run that records none is taken to share it.
    m.unrecorded = anyUnrecorded[key] && m.tokens.size() != 1;
  }
}

const TrainingBudgets::Model* TrainingBudgets::find(const Run& run) const {
  const auto it = models_.find({run.family, run.model});
  return it == models_.end() ? nullptr : &it->second;
}

int TrainingBudgets::of(const Run& run) const {
  const Model* m = find(run);
  if (!m) return 0;
  if (!run.tokens) return m->tokens.size() == 1 ? 0 : static_cast<int>(m->tokens.size());
  for (std::size_t i = 0; i < m->tokens.size(); ++i)
    if (sameTokens(m->tokens[i], *run.tokens)) return static_cast<int>(i);
  // Not seen when the budgets were learnt: a budget of its own, after the others.
  return static_cast<int>(m->tokens.size()) + 1;
}

bool TrainingBudgets::several(const Run& run) const {
  const Model* m = find(run);
  return m && m->tokens.size() + (m->unrecorded ? 1 : 0) > 1;
}

std::string TrainingBudgets::label(const Run& run) const {
  if (!several(run)) return {};
  const Model* m = find(run);
  const int i = of(run);
  if (i < static_cast<int>(m->tokens.size())) return compactNumber(m->tokens[static_cast<std::size_t>(i)]) + " tokens";
  return run.tokens ? compactNumber(*run.tokens) + " tokens" : "tokens not recorded";
}

}  // namespace rs
