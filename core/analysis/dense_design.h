#pragma once
// What a family's dense runs can tell apart. A law in N and D (chinchilla,
// kaplan-nd) separates the two only when some model size was trained at two
// or more token counts; a law in N alone describes size only when every dense
// run saw the same tokens. Runs whose sizes and token counts move together
// (each model at its own budget) confound the two, and no law fitted to them
// says what a model of another size would do at a given token count.

#include <optional>
#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "core/model/run.h"

namespace rs::analysis {

struct DenseDesign {
  enum class Kind { SizeAndTokens, SizeOnly, Confounded } kind = Kind::Confounded;
  std::optional<double> shared_tokens;  // SizeOnly: the one token count
  int sizes = 0;                        // distinct parameter counts
  std::string why;                      // Confounded: what is missing
};

// `dense` are one family's dense runs with the metric of interest, named by
// `metric` in the reason when there are none. `why` says what is true of
// these runs: no tokens recorded at all is not "differ in tokens".
DenseDesign denseDesign(const std::vector<Run>& dense, const std::string& metric = "loss");

// The fit options of a dense law that compressed runs are read against
// (effective parameters invert it, the native-small frontier predicts from
// it): `options`, with the error method the bootstrap's when the caller chose
// none, so every N_eff and predicted native carries the resamples' spread.
// Measured over 200 synthetic data sets of each design
// (tests/bench/bench_effective_params): for the power law in N, Wald draws
// cover the true N_eff 95.8% with intervals 3.0× wide (3% open above), the
// bootstrap 94.3% at 1.4× (none open), and its predicted natives' 95%
// intervals cover a freshly drawn native 95.5%; Chinchilla's robust fit is
// the bootstrap's already (95.0% and 95.8%; least squares with Wald draws
// gives 89% for N_eff).
fit::FitOptions denseReferenceOptions(fit::FitOptions options);

}  // namespace rs::analysis
