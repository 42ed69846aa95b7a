#pragma once
// Reading a results file into an experiment store: the importers (Qt's side
// of core/io) and the store (plain C++, rs_store) meet here, so the store
// library needs no importer and the trials-only build links it alone.
#include <optional>
#include <string>

#include "core/io/importer.h"
#include "core/io/store/experiment_store.h"

namespace rs {

// Reads `path` with the format that accepts it and stores its runs in one
// transaction (the store's merge policy); on any error nothing is written.
std::optional<ImportError> importFileInto(ExperimentStore& store, const std::string& path, ImportSummary& summary, const ImportOptions& options = {});

}  // namespace rs
