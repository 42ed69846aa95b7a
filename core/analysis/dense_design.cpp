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

DenseDesign denseDesign(const std::vector<Run>& dense, const std::string& metric) {
  DenseDesign d;
  std::map<double, std::vector<double>> tokensBySize;
  std::vector<double> allTokens;
  int withParams = 0;
  for (const Run& r : dense) {
    if (!r.params) continue;
    ++withParams;
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
  bool shared = !allTokens.empty() && static_cast<int>(allTokens.size()) == withParams;
  for (double t : allTokens) shared &= sameTokens(t, allTokens.front());
  if (shared) {
    d.kind = DenseDesign::Kind::SizeOnly;
    d.shared_tokens = allTokens.front();
    return d;
  }
  // Say what is true of these runs, most basic first.
  if (dense.empty()) d.why = "no dense run has the metric '" + metric + "'";
  else if (withParams == 0) d.why = "the dense runs record no parameter counts";
  else if (allTokens.empty())
    d.why = "the dense runs record no pretraining tokens, so whether they share one training budget (and L(N) applies) is not known";
  else if (static_cast<int>(allTokens.size()) < withParams)
    d.why = "some dense runs record no tokens, so size and training budget cannot be told apart";
  else if (d.sizes == 1) d.why = "the dense runs are all one size, so the effect of size cannot be measured";
  else if (sizesAtSeveralBudgets >= 1)
    d.why = "only " + std::to_string(d.sizes) + " sizes: a law in both size and tokens needs at least 3, and they do not share one token count";
  else
    d.why = "the dense runs differ in both size and tokens, and no size was trained at two token counts, so the effect of size "
            "cannot be separated from that of the training budget";
  return d;
}

fit::FitOptions denseReferenceOptions(fit::FitOptions options) {
  if (!options.errors && options.bootstrap == 0) options.errors = fit::ErrorMethod::Bootstrap;
  return options;
}

}  // namespace rs::analysis
