#pragma once
// The lab experiment store: PostgreSQL through libpq (no Qt, so a headless
// runner on a cluster node can write to it too).
//
// - The URL is handed to libpq as it is, so credentials come from where libpq
//   finds them (PGPASSWORD, ~/.pgpass, a service file, the URL); messages
//   name the URL with any password removed. Connecting gives up after 5 s.
// - The schema is the SQLite store's (core/io/store/store_schema.h), its
//   version kept in the table ratioscope_schema; creating and upgrading it
//   take an advisory lock, so two first writers do not both create it.
// - Metrics go in with COPY. Run keys are unique: a writer that loses the race
//   for a key gets a unique violation, and the import is retried from the
//   start (it then finds the run stored).
// - Each import ends with NOTIFY ratioscope_runs (payload: runs added), which
//   a live view LISTENs to.

#include "core/io/store/experiment_store.h"
#include "core/io/store/store_url.h"

namespace rs {

std::unique_ptr<ExperimentStore> openPostgresStore(const std::string& url, std::string& error, ExperimentStore::Mode mode);

// The channel every import notifies.
inline constexpr const char* kRunsChannel = "ratioscope_runs";

}  // namespace rs
