#pragma once
// lm-evaluation-harness results files, one run per file.
//
// Layouts read:
//  v0.4.x  `results` {task: {"<metric>,<filter>": v, "<metric>_stderr,<filter>": se,
//          "alias": ...}}, `groups` (group scores as the harness reported them,
//          size-weighted for mmlu; never recomputed), `configs` (num_fewshot,
//          metric_list), `versions`, `n-shot`, `higher_is_better`,
//          `n-samples` {task: {original, effective}}, `config` (model_args,
//          model_num_parameters, model_dtype, batch_size, limit), `git_hash`,
//          `lm_eval_version`, `model_name`, `chat_template`.
//  v0.3    `results` {task: {"acc": v, "acc_stderr": se}}, `config` with
//          `num_fewshot` for every task.
//
// Every task and metric becomes a metric of the run named "task/metric"
// ("arc_easy/acc", "arc_easy/acc_norm" stay distinct), with ",filter" kept
// when the filter is not `none` ("gsm8k/exact_match,strict-match"). `n` is
// `n-samples.effective`; a run with effective < original (a --limit run) is
// marked as a subset in its evaluation settings. Non-finite values (Python
// writes NaN and Infinity) are left out with a warning naming them; a stderr
// of "N/A" means no stderr.
//
// The file names the model but not its compression: `params` comes from
// model_num_parameters, everything else from --set and --map
// (core/io/run_placement.h).

#include "core/io/importer.h"

namespace rs {

class LmEvalImporter final : public Importer {
 public:
  std::string_view name() const override { return "lm-eval"; }
  std::string_view description() const override { return "lm-evaluation-harness results"; }
  std::vector<std::string> patterns() const override { return {"*.json"}; }
  int accepts(std::string_view path, std::string_view head) const override;
  ImportResult read(const std::string& path, std::string_view bytes, const ImportOptions& options) const override;
};

}  // namespace rs
