#include "core/analysis/dense_design.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>

namespace rs::analysis {
namespace {
// Token counts within 1% are the same budget (rounding in a run's record).
bool sameTokens(double a, double b) { return std::fabs(a - b) <= 0.01 * std::max(std::fabs(a), std::fabs(b)); }
}  // namespace

DenseDesign denseDesign(const std::vector<Run>& dense) {
  DenseDesign d;
  std::map<double, std::vector<double>> tokensBySize;
  std::vector<double> allTokens;
  for (const Run& r : dense) {
    if (!r.params) continue;
    auto& list = tokensBySize[*r.params];
    if (r.tokens) {
      allTokens.push_back(*r.tokens);
      bool seen = false;
      for (double t : list) seen |= sameTokens(t, *r.tokens);
      if (!seen) list.push_back(*r.tokens);
    }
  }
  d.sizes = static_cast<int>(tokensBySize.size());
  int sizesAtSeveralBudgets = 0;
  for (const auto& [n, tokens] : tokensBySize) sizesAtSeveralBudgets += tokens.size() >= 2;
  if (sizesAtSeveralBudgets >= 1 && d.sizes >= 3) {
    d.kind = DenseDesign::Kind::SizeAndTokens;
    return d;
  }
  bool shared = !allTokens.empty() && allTokens.size() == dense.size();
  for (double t : allTokens) shared &= sameTokens(t, allTokens.front());
  if (shared) {
    d.kind = DenseDesign::Kind::SizeOnly;
    d.shared_tokens = allTokens.front();
    return d;
  }
  d.why = allTokens.size() < dense.size()
              ? "some dense runs record no tokens, so size and training budget cannot be told apart"
              : "the dense runs differ in both size and tokens, and no size was trained at two token counts, so the effect of size "
                "cannot be separated from that of the training budget";
  return d;
}

}  // namespace rs::analysis
