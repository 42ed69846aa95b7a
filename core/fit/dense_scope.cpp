#include "core/fit/dense_scope.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "core/model/compact_number.h"

namespace rs::fit {
namespace {

// Budgets within 1% are one (the trials runner's token counts are steps ×
// tokens per step, a little off the budget asked for; selection.cpp).
bool sameBudget(double a, double b) { return std::fabs(a - b) <= 0.01 * std::max(std::fabs(a), std::fabs(b)); }

struct Budget {
  double tokens_per_param;
  std::vector<const Run*> runs;
  std::set<double> sizes;
};

}  // namespace

DenseScope denseScope(const std::vector<Run>& runs) {
  DenseScope s;
  s.runs = runs;
  std::set<double> sizes;
  for (const Run& r : runs) {
    if (!r.isDense() || !r.params) return s;
    sizes.insert(*r.params);
  }
  if (sizes.size() < 2) return s;
  s.applies = true;
  s.notes.push_back("every selected run is dense (ratio 0) and they differ in size: fitting along params (-x params); -x AXIS fits along another axis");
  // The training budgets, as tokens per parameter.
  std::vector<Budget> budgets;
  for (const Run& r : runs) {
    if (!r.tokens || !(*r.params > 0)) {
      s.notes.push_back("some runs record no pretraining tokens, so whether they share one training budget is not known: fitting them all");
      return s;
    }
    const double tpp = *r.tokens / *r.params;
    Budget* found = nullptr;
    for (Budget& b : budgets)
      if (sameBudget(b.tokens_per_param, tpp)) found = &b;
    if (!found) found = &budgets.emplace_back(Budget{tpp, {}, {}});
    found->runs.push_back(&r);
    found->sizes.insert(*r.params);
  }
  if (budgets.size() < 2) return s;
  const Budget* best = &budgets.front();
  for (const Budget& b : budgets) {
    const bool more = b.sizes.size() > best->sizes.size();
    const bool nearer = b.sizes.size() == best->sizes.size() && std::fabs(std::log(b.tokens_per_param / 20)) < std::fabs(std::log(best->tokens_per_param / 20));
    if (more || nearer) best = &b;
  }
  if (best->sizes.size() < 2) {
    s.notes.push_back("the runs mix " + std::to_string(budgets.size()) +
                      " training budgets and none holds two sizes: a law in N alone describes one budget, so this fit mixes size with data");
    return s;
  }
  s.runs.clear();
  for (const Run* r : best->runs) s.runs.push_back(*r);
  s.tokens_per_param = best->tokens_per_param;
  s.notes.push_back("the runs mix " + std::to_string(budgets.size()) + " training budgets and a law in N alone describes one: fitting the " +
                    std::to_string(s.runs.size()) + " runs at " + significant(best->tokens_per_param, 3) + " tokens per parameter (" +
                    std::to_string(best->sizes.size()) + " sizes, the most of any budget); --where tokens_per_param=T takes another, " +
                    "and chinchilla fits them all in N and D");
  return s;
}

}  // namespace rs::fit
