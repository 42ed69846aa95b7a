#pragma once
// The native-small frontier: what a NATIVE model at a compressed run's budget
// would score, predicted from the family's fitted dense law when no native
// model of that size was run. "Our 50%-pruned model beats the native model of
// its size" is only a claim when that native model exists, measured or
// predicted; a predicted one is labelled as such everywhere it appears.
//
// The law is chosen from what the dense runs can tell apart (dense_design.h):
// chinchilla (L = E + A/N^α + B/D^β) when some size was trained at several
// token counts, the offset power law in N (L = a + b·N^c) when all share one
// token count, else nothing. The predicted model has the compressed run's
// budget in parameters and its parent's pretraining tokens: the native model
// one could have trained instead with the same data.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/fairness.h"
#include "core/fit/fitter.h"

namespace rs::analysis {

// When a measured native model is this far from the budget (|log ratio|,
// ~25%), the predicted one is the fairer baseline.
constexpr double kFrontierGap = 0.223;

struct FrontierFit {
  std::string law;    // "chinchilla" or "power"
  std::optional<double> shared_tokens;  // power: the one token count of the dense runs
  std::string error;  // "cannot predict ...: why"
  fit::FitResult fit;
  int dense_runs = 0;
};

class NativeFrontier {
 public:
  // Fits one law per family to the dense runs' `loss` metric.
  NativeFrontier(const std::vector<Run>& runs, const std::string& loss, const fit::FitOptions& options = {});

  const FrontierFit* family(const std::string& name) const;
  // The predicted native model at `compressed`'s budget, as a dense run
  // (source "predicted by LAW", its loss with the prediction interval's
  // standard error), or nullopt and why not.
  std::optional<Run> predict(const Run& compressed, Budget budget, std::string& why) const;

 private:
  std::string loss_;
  std::map<std::string, FrontierFit> families_;
};

// True for a baseline made by NativeFrontier::predict.
bool isPredictedBaseline(const Run& run);

// Every compressed run paired with its native baseline: the measured one of
// closest budget when it is within kFrontierGap, else the frontier's
// prediction when the family's dense law allows one, else the closest
// measured one. Predicted baselines are owned by the result.
struct BaselinePairing {
  std::vector<std::pair<const Run*, const Run*>> pairs;
  std::vector<std::unique_ptr<Run>> predicted;
};
BaselinePairing pairWithBaselines(const std::vector<Run>& compressed, const std::vector<Run>& all, Budget budget,
                                  const NativeFrontier* frontier);

}  // namespace rs::analysis
