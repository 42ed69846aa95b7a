#pragma once
// Runs from a CSV file, in one of two shapes detected from the header:
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
// for a compressed run it is derived, in this order, from size_bytes against
// the dense run of the same model in the file, from sparsity, or from bits
// against the dense run's bits (16 when the dense run does not say).
//
// The file is read whole before anything is returned: any bad value gives
// one ImportError naming the file, line and column, and no runs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/import_error.h"
#include "core/model/run.h"

namespace rs {

enum class CsvShape { Long, Wide };

struct ParsedRuns {
  std::string file;
  std::string sha256;                 // of the file's bytes: the store records it per import
  CsvShape shape = CsvShape::Long;
  std::vector<Run> runs;
  std::size_t metric_values = 0;      // metric values read (long: data rows)
  std::size_t duplicate_values = 0;   // identical repeats, kept once
  std::vector<std::string> warnings;  // ignored columns and the like
};

struct CsvImportResult {
  ParsedRuns parsed;
  std::optional<ImportError> error;
  bool ok() const { return !error.has_value(); }
};

CsvImportResult importCsvFile(const std::string& path);
// `label` names the input in messages (the path, usually).
CsvImportResult importCsvText(std::string_view bytes, const std::string& label);

// True when `bytes` begin with the 16-byte SQLite header: a database, whatever
// the file is named.
bool startsWithSqliteHeader(std::string_view bytes);

}  // namespace rs
