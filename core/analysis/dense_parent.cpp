#include "core/analysis/dense_parent.h"

#include <cmath>

namespace rs::analysis {

const Run* denseParent(const Run& c, const std::vector<Run>& all) {
  const Run* best = nullptr;
  int bestScore = -1;
  for (const Run& r : all) {
    if (!r.isDense() || r.family != c.family || r.model != c.model) continue;
    const bool sameTokens = !c.tokens || (r.tokens && std::fabs(*r.tokens - *c.tokens) <= 0.01 * *c.tokens);
    const int score = 2 * sameTokens + (r.seed == c.seed);
    if (score > bestScore) best = &r, bestScore = score;
  }
  return best;
}

}  // namespace rs::analysis
