#pragma once
// Effective parameters: what a compressed model is worth in dense
// parameters. A dense law L(N, D) is fitted to the family's dense runs, then
// inverted at each compressed run's loss and token count by the law itself
// (Law::invert; any law that canInvert() will do, see laws::invertibleLaws()):
//   chinchilla  N_eff = (A / (L − E − B/D^β))^(1/α)
//   kaplan-nd   N_eff = N_c / (L^(1/α_D) − D_c/D)^(α_D/α_N)
//   power       N_eff = ((L − a)/b)^(1/c)   (L = a + b·N^c: dense runs sharing one D)
// A law that reads no token count (power) describes dense runs of one D, so
// a compressed run trained on another D has no effective size under it.
// "auto" takes what the dense runs can tell apart (dense_design.h): chinchilla
// then kaplan-nd when some size has several token counts, power when all share
// one token count, and refuses (saying why) when size and tokens move together.
// The multiplier is N_eff / N. A loss the law cannot reach at that D
// (below E + B/D^β) has no effective size; it says so with the floor's
// interval, and bounds N_eff from below when the law's uncertainty allows.

#include <optional>
#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "core/model/run.h"

namespace rs::analysis {

struct EffectiveParams {
  std::int64_t run = 0;
  std::string series, method;
  double params = 0;
  std::optional<double> n_eff, multiplier;
  // 95% interval of N_eff from the dense law's uncertainty (its bootstrap
  // resamples, else draws from its covariance, each inverted at the run's
  // loss moved by the run's own standard error); unset when there is none
  // (note says why). n_eff_low alone, with open_above, is a one-sided bound
  // N_eff ≥ n_eff_low: some of the law's samples never reach this loss. It is
  // set so even when n_eff is not (the loss lies below the fitted law's floor).
  std::optional<double> n_eff_low, n_eff_high;
  bool open_above = false;
  // The dense law's floor at the run's token count, L(N → ∞, D), and its 95%
  // interval over the law's samples: set when the loss lies below the floor
  // or the interval is open above, so the note can say how far.
  std::optional<double> floor, floor_low, floor_high;
  // The same law inverted at the dense parent's own loss: a law that misses
  // the parent (parent_multiplier far from 1) shifts every multiplier of its
  // runs by as much, and `vs_parent` = N_eff / N_eff(parent) cancels that.
  std::optional<double> parent_multiplier, vs_parent;
  std::optional<double> ratio, bits, sparsity;
  std::string note;  // why there is no effective size
  // Set when N_eff lies more than kExtrapolation× beyond the largest dense
  // size the law was fitted to, or below the smallest by as much: the law
  // is read where no dense run tested it, and says how far.
  std::string extrapolation;
};

// How far outside the dense runs' sizes an N_eff is flagged (×10 either way).
inline constexpr double kExtrapolation = 10.0;

struct EffectiveParamsResult {
  std::string family, law;
  std::string error;  // "cannot fit ..." when the dense law could not be fitted
  std::string note;   // with "auto": why the richer laws were passed over
  // What the dense law cannot vouch for: no spare degrees of freedom (as
  // many dense runs, or distinct sizes, as parameters: the law passes
  // through them and nothing tests it), and the dense fit's own limits.
  std::vector<std::string> limits;
  double dense_min_params = 0, dense_max_params = 0;  // the sizes the law was fitted to
  fit::FitResult dense_fit;
  std::vector<EffectiveParams> runs;
};

// One result per family. `loss` is the metric the law describes.
std::vector<EffectiveParamsResult> effectiveParameters(const std::vector<Run>& runs, const std::string& loss, const std::string& denseLaw,
                                                       const fit::FitOptions& options = {});

}  // namespace rs::analysis
