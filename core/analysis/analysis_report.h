#pragma once
// One analysis of a selection of runs, from one options struct: capability
// dropouts per series and task with their categories, knees, the native-
// small frontier, baseline pairing and fairness checks, and effective
// parameters. `ratioscope-cli analyze` prints it; the window computes the
// same parts in the background with the same options (the same starts for
// the frontier and the dense laws), so a verdict on screen is the CLI's.
// Each part is also a function of its own, so the window can run them as
// separate jobs and show each when it is ready.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/dropout.h"
#include "core/analysis/effective_params.h"
#include "core/analysis/fairness.h"
#include "core/analysis/knee.h"
#include "core/analysis/native_frontier.h"
#include "core/fit/fitter.h"
#include "core/model/task_catalog.h"

namespace rs::analysis {

struct AnalysisOptions {
  DropoutCriterion dropout;                 // chance (default), chance+M, headroom:S
  Budget budget = Budget::Params;           // pairing and the budget-match check
  std::string dense_law = "auto";           // effective parameters: auto, chinchilla, kaplan-nd, power
  std::string loss_metric = "loss";         // the frontier's and the dense laws' metric
  double knee_sensitivity = 1.0;            // Kneedle's S
  // The frontier's and the dense laws' fits: the law's full grid of starts
  // in the CLI and the window alike.
  fit::FitOptions fit;
};

// The options in words, for a table's provenance ("analysis options: …"):
// "dropout chance, budget params, dense law auto, loss metric loss, knee
// sensitivity 1".
std::string describeAnalysisOptions(const AnalysisOptions& options);

// One compression curve (a compressed series and one metric).
struct CurveAnalysis {
  std::string series, metric;
  std::optional<Dropout> dropout;  // accuracy metrics only
  std::vector<Knee> knees;
  bool knees_agree = false;
};

struct AnalysisReport {
  std::vector<CurveAnalysis> curves;
  std::vector<Dropout> dropouts;            // of every accuracy curve, in curve order
  std::vector<CategoryDropout> categories;  // earliest dropout first
  std::shared_ptr<const NativeFrontier> frontier;
  std::vector<Comparison> comparisons;      // each compressed run against its baseline
  std::vector<EffectiveParamsResult> effective;
};

// The curves of `runs` (dense anchors from `all`, as `fit` takes them) for
// each metric in `metrics` (empty: every metric of `runs`): dropouts for
// accuracy metrics, knees when `knees` is set.
std::vector<CurveAnalysis> analyseCurves(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks,
                                         const AnalysisOptions& options, const std::vector<std::string>& metrics = {},
                                         bool knees = true);

std::shared_ptr<const NativeFrontier> nativeFrontier(const std::vector<Run>& all, const AnalysisOptions& options);

// Every compressed run of `runs` paired with its native baseline (one rule:
// pairWithBaselines) and checked.
std::vector<Comparison> fairnessChecks(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks,
                                       const NativeFrontier* frontier, const AnalysisOptions& options);

std::vector<EffectiveParamsResult> effectiveParams(const std::vector<Run>& all, const AnalysisOptions& options);

// All of it.
AnalysisReport analyse(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks, const AnalysisOptions& options);

}  // namespace rs::analysis
