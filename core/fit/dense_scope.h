#pragma once
// What `fit` does with a generic shape (power, logistic, ...) when the user
// names no axis and every selected run is dense. The default axis, the
// compression ratio, is 0 for all of them, so nothing could be fitted; what
// such runs differ in is their size, and a law of one variable fitted to
// them is a law in N: it takes x = params.
//
// A law in N alone describes models trained on one budget (L(N, D) at a
// fixed D/N; core/analysis/dense_design.h says the same for the frontier).
// When the dense runs mix training budgets, a law in N fitted across them
// mixes the effect of data with that of size (on the bundled trials
// example, R² 0.79 over 23 runs against 0.99 at one budget), so the runs of
// one budget are taken: the tokens-per-parameter value with the most
// distinct sizes, ties to the one nearest the compute-optimal 20 (Hoffmann
// et al. 2022). Every choice is said in `notes`, with how to make another.

#include <optional>
#include <string>
#include <vector>

#include "core/model/axes.h"
#include "core/model/run.h"

namespace rs::fit {

struct DenseScope {
  bool applies = false;                     // all dense, differing in params
  std::vector<Run> runs;                    // the runs to fit (all, or one budget's)
  std::optional<double> tokens_per_param;   // the budget taken, when one was
  std::vector<std::string> notes;           // what was chosen and how to choose otherwise
};

// `runs` are the selected runs of a generic shape fitted with no axis given.
DenseScope denseScope(const std::vector<Run>& runs);

}  // namespace rs::fit
