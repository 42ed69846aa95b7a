#pragma once
// Placing a results file's run: evaluation harnesses record the model they
// evaluated (a name or a checkpoint path) but not how it was compressed, so
// the user says it.
//
//   --set KEY=VALUE   a run field for every run read (family=qwen2.5,
//                     method=wanda, sparsity=0.5); repeatable.
//   --map MAP.csv     a table: the first column is a glob matched against the
//                     model name or path (or its last path component), the
//                     others are run fields. The first matching row applies.
//
// --set wins over --map, which wins over what the file says. A mapping row
// that matches no file's model is an error once every file has been read.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/io/import_error.h"
#include "core/model/run.h"

namespace rs {

struct RunPlacement {
  struct Row {
    std::string pattern;
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t line = 0;
  };
  std::vector<std::pair<std::string, std::string>> set;
  std::string map_file;
  std::vector<Row> rows;

  bool empty() const { return set.empty() && rows.empty(); }
  // "--set method=wanda" and the like, for the summary and for messages.
  std::string describe() const;
};

// Parses one --set argument; returns the reason it is refused ("" when fine).
std::string addSetOption(RunPlacement& placement, std::string_view keyEqualsValue);

// Reads a --map table (CSV with a header; first column the pattern).
std::optional<ImportError> loadRunMap(const std::string& path, RunPlacement& placement);

// Applies the placement to a run of `model` (the file's model name or path).
// Returns the reason a value was refused ("" when fine); `matchedRow` is the
// mapping row used, or -1.
std::string placeRun(const RunPlacement& placement, std::string_view model, Run& run, int& matchedRow);

// The mapping rows that no model matched, as one message ("" when all did).
std::string unusedMapRows(const RunPlacement& placement, const std::vector<int>& usedRows);

}  // namespace rs
