#include "core/io/store_import.h"

namespace rs {

std::optional<ImportError> importFileInto(ExperimentStore& store, const std::string& path, ImportSummary& summary, const ImportOptions& options) {
  const ImportResult read = importFile(path, options);
  if (!read.ok()) return read.error;
  return store.importRuns(read.batch, summary);
}

}  // namespace rs
