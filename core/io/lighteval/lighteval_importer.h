#pragma once
// lighteval `results_<timestamp>.json`, one run per file: `config_general`
// (model_name, model_dtype, lighteval_sha, max_samples) and `results` keyed
// "task|fewshot" or "suite|task|fewshot", with plain `acc` / `acc_stderr`.
// Each entry's metrics become "task/metric" with the few-shot count from the
// key. The `all` entry and "…:_average" entries are unweighted means over
// tasks: they are kept as separate metrics ("average/acc",
// "arc:_average/acc"), never merged with a task. The model's compression
// comes from --set and --map, as for lm-eval.

#include "core/io/importer.h"

namespace rs {

class LightevalImporter final : public Importer {
 public:
  std::string_view name() const override { return "lighteval"; }
  std::string_view description() const override { return "lighteval results"; }
  std::vector<std::string> patterns() const override { return {"*.json"}; }
  int accepts(std::string_view path, std::string_view head) const override;
  ImportResult read(const std::string& path, std::string_view bytes, const ImportOptions& options) const override;
};

}  // namespace rs
