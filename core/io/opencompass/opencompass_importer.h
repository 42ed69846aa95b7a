#pragma once
// OpenCompass `summary_<time>.csv`: columns dataset, version, metric, mode,
// then one column per evaluated model. One run per model column; each row is
// the metric "dataset/metric" of every model. Scores are on OpenCompass's
// 0–100 scale and are divided by 100 (the import summary says so); `-` means
// the model has no score for that row. The compression comes from --set and
// --map, matched against the model column's name.

#include "core/io/importer.h"

namespace rs {

class OpenCompassImporter final : public Importer {
 public:
  std::string_view name() const override { return "opencompass"; }
  std::string_view description() const override { return "OpenCompass summary"; }
  std::vector<std::string> patterns() const override { return {"summary_*.csv"}; }
  int accepts(std::string_view path, std::string_view head) const override;
  ImportResult read(const std::string& path, std::string_view bytes, const ImportOptions& options) const override;
};

}  // namespace rs
