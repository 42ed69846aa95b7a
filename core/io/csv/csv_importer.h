#pragma once
// Runs from Ratioscope's own CSV file, in one of two shapes detected from the header:
//
//  long  one row per metric: required `model`, `metric`, `value`; optional run
//        columns (family, params, tokens, method, ratio, bits, sparsity,
//        structured, rank, rft_tokens, distilled, seed, size_bytes, latency_ms,
//        device),
//        `stderr`, `n` and `run`. Rows sharing `run` (or, without a `run`
//        column, all run columns) are one run.
//  wide  one row per run: `model`, the run columns, and every other numeric
//        column is a metric; `<metric>_stderr` and `<metric>_n` are its
//        standard error and sample count.
//
// A missing method means the dense model (ratio 0). When `ratio` is missing
// for a compressed run it is derived by the rule every format shares
// (deriveRatios in core/model/run_batch.h).
//
// The file is read whole before anything is returned: any bad value gives
// one ImportError naming the file, line and column, and no runs.

#include <string>
#include <string_view>

#include "core/io/importer.h"

namespace rs {

class CsvImporter final : public Importer {
 public:
  std::string_view name() const override { return "csv"; }
  std::string_view description() const override { return "Ratioscope CSV runs"; }
  std::vector<std::string> patterns() const override { return {"*.csv"}; }
  int accepts(std::string_view path, std::string_view head) const override;
  ImportResult read(const std::string& path, std::string_view bytes, const ImportOptions& options) const override;
};

// The CSV reader on its own (tests, the trials runner's resume check).
// `label` names the input in messages (the path, usually).
ImportResult importCsvText(std::string_view bytes, const std::string& label);
ImportResult importCsvFile(const std::string& path);

}  // namespace rs
