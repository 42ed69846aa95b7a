#pragma once
// Fairness checks for "our compressed model beats a native one" claims. A
// comparison is a compressed run and a baseline run; each check gives a
// verdict, the numbers behind it and one plain sentence.
//
//  budget-match            the two match on the chosen budget (within 10%: pass, 25%: warn)
//  baseline-training       tokens per parameter against the compute-optimal ~20
//                          (Hoffmann et al. 2022) for the baseline, and for the
//                          compressed model's parent ("undertrained, hence compressible?")
//  eval-match              same tasks and sample counts (few-shot count and harness
//                          version are not run fields, and are said to be unchecked)
//  data-confound           recovery fine-tuning or distillation the baseline did not get
//  significance            mean accuracy difference over shared tasks against its
//                          combined standard error (|z| >= 1.96)
//  average-hides-collapse  an average that holds while a task is at chance
//  seeds                   a single seed on either side
//
// A check whose inputs are missing says "unknown" and what is missing.

#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "core/model/run.h"
#include "core/model/task_catalog.h"

namespace rs::analysis {

enum class Budget { Params, Bytes, Flops, Latency };
std::string budgetId(Budget b);

enum class Verdict { Pass, Warn, Fail, Unknown };
std::string verdictId(Verdict v);

struct Check {
  std::string id;
  Verdict verdict = Verdict::Unknown;
  std::string evidence;     // the numbers
  std::string explanation;  // one sentence
};

struct Comparison {
  std::int64_t compressed = 0, baseline = 0;  // run ids
  bool baseline_predicted = false;            // the native-small frontier's prediction, not a run
  std::string compressed_label, baseline_label;
  std::vector<Check> checks;
  // The predicted native model itself (its source, size and loss), when
  // the baseline is the frontier's; set by fairnessChecks (analysis_report.h).
  std::shared_ptr<const Run> predicted_baseline;
};

// The budget of a run: kept parameters, stored bytes, FLOPs per token
// (2 × kept parameters, the forward-pass estimate of Kaplan et al.) or latency.
std::optional<double> budgetOf(const Run& run, Budget budget);

// `all` finds parents and the baseline's seeds; `selected` (default: all)
// holds the compressed runs in view, whose seeds the seeds check counts, so a
// selection of one seed is judged as one seed.
Comparison compare(const Run& compressed, const Run& baseline, const std::vector<Run>& all, const TaskCatalog& tasks,
                   Budget budget, const std::vector<Run>* selected = nullptr);

// For every compressed run in `runs`, the dense run of another model among
// `candidates` whose budget is closest (the native model it claims to
// beat); runs with no candidate are skipped.
std::vector<std::pair<const Run*, const Run*>> pairWithNativeBaselines(const std::vector<Run>& runs, const std::vector<Run>& candidates,
                                                                      Budget budget);

}  // namespace rs::analysis
