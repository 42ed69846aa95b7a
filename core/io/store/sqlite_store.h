#pragma once
// The embedded experiment store: one SQLite file (WAL journal, one
// transaction per import, writers serialised by BEGIN IMMEDIATE with a
// bounded wait). Private to core/io/store; open it with ExperimentStore::open.

#include "core/io/store/experiment_store.h"

namespace rs {

std::unique_ptr<ExperimentStore> openSqliteStore(const std::string& path, std::string& error, ExperimentStore::Mode mode);

}  // namespace rs
