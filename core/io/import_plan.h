#pragma once
// An import in two steps, so that the CLI and the GUI's File ▸ Import share
// one path: read and check every file first (nothing is written when any
// file is refused), let the user correct run fields in the preview, then
// store the files, each in one transaction, with progress.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/store/experiment_store.h"
#include "core/io/importer.h"

namespace rs {

struct ImportPlan {
  std::vector<ImportResult> files;  // every file read, in order; all ok() when error is empty
  std::string error;                // the first refusal, naming its file
  bool ok() const { return error.empty(); }
  std::size_t runCount() const;
};

// Reads every results file under `paths` (files or folders) with `options`.
// Stops at the first file refused; a --map row that matched no model is a
// refusal too.
ImportPlan planImport(const std::vector<std::string>& paths, const ImportOptions& options);

// Sets one run field of run `run` of file `file` from its text, as a
// correction in the preview. The run's identity follows its fields (unless
// the file named it), and a compressed run's ratio is derived again from the
// edited fields unless the file gave one. Returns why the value is refused
// ("" when taken).
std::string editPlannedRun(ImportPlan& plan, std::size_t file, std::size_t run, std::string_view field, std::string_view value);

// Stores every file of the plan in `store`, one transaction each, calling
// `progress(files done, files total)` after each. Returns the first error
// (files before it stay stored); `total` sums the files' summaries.
std::optional<ImportError> executeImport(const ImportPlan& plan, ExperimentStore& store, ImportSummary& total,
                                         std::vector<ImportSummary>* perFile = nullptr,
                                         const std::function<void(int, int)>& progress = {});

}  // namespace rs
