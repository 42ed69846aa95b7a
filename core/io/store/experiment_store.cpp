#include "core/io/store/experiment_store.h"

#include <sys/stat.h>

#include <cstdio>

#include "core/io/store/sqlite_header.h"
#include "core/io/store/store_url.h"
#include "core/model/run_fields.h"
#ifdef RS_STORE_POSTGRES
#include "core/io/store/postgres_store.h"
#endif
#ifdef RS_STORE_SQLITE
#include "core/io/store/sqlite_store.h"
#endif

namespace rs {
namespace {

bool startsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// The client libraries are optional only in the trials-only build
// (CMakeLists.txt): a GPU server may lack libpq-dev or libsqlite3-dev.
[[maybe_unused]] std::string missingBackend(const char* backend, const char* package) {
  return std::string(": this build has no ") + backend + " client (" + package + " was missing when it was configured; install it and configure again)";
}

// A writer that lost the race for a run key starts again; more than a few
// losses in a row is not a race but a fault.
constexpr int kImportAttempts = 4;

}  // namespace

bool ExperimentStore::isStoreUrl(const std::string& text) {
  return startsWith(text, "sqlite:") || startsWith(text, "postgresql://") || startsWith(text, "postgres://");
}

bool ExperimentStore::looksLikeSqlite(const std::string& path) {
  const std::string file = startsWith(path, "sqlite:") ? path.substr(7) : path;
  // Only a regular file is opened: opening a FIFO blocks until someone
  // writes to it, and a device never ends (input_file.h).
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return false;
  char head[16];
  const std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  return startsWithSqliteHeader(std::string_view(head, n));
}

std::string ExperimentStore::withoutPassword(const std::string& location) {
  return isStoreUrl(location) ? redactedStoreUrl(location) : location;
}

std::unique_ptr<ExperimentStore> ExperimentStore::open(const std::string& url, std::string& error, Mode mode) {
  if (startsWith(url, "postgresql://") || startsWith(url, "postgres://")) {
#ifdef RS_STORE_POSTGRES
    return openPostgresStore(url, error, mode);
#else
    error = withoutPassword(url) + missingBackend("PostgreSQL", "libpq-dev");
    return nullptr;
#endif
  }
  // "mysql://host/db" is a URL of a store Ratioscope does not speak, not a
  // file to create in a folder named "mysql:".
  if (const auto scheme = url.find("://"); scheme != std::string::npos && scheme > 0 && !startsWith(url, "sqlite:") &&
                                           url.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+.-") == scheme) {
    error = redactedStoreUrl(url) + ": not a store Ratioscope can open (a path or sqlite:PATH for SQLite, postgresql://user@host:port/db for PostgreSQL)";
    return nullptr;
  }
#ifdef RS_STORE_SQLITE
  return openSqliteStore(startsWith(url, "sqlite:") ? url.substr(7) : url, error, mode);
#else
  error = url + missingBackend("SQLite", "libsqlite3-dev");
  return nullptr;
#endif
}

std::optional<ImportError> ExperimentStore::importRuns(const RunBatch& batch, ImportSummary& summary, OnStored onStored) {
  std::optional<ImportError> error;
  for (int attempt = 0; attempt < kImportAttempts; ++attempt) {
    summary = ImportSummary{};
    summary.file = batch.file;
    summary.format = batch.format;
    summary.warnings = batch.warnings;
    summary.notes = batch.notes;
    if (std::string e = beginWrite(); !e.empty()) return ImportError{location_, 0, "", "cannot start a transaction: " + e};
    const Outcome outcome = tryImport(batch, onStored, summary, error);
    if (outcome == Outcome::Stored) {
      if (std::string e = commitWrite(); !e.empty()) {
        rollbackWrite();
        if (lostRace(e)) continue;
        summary = ImportSummary{};
        return ImportError{batch.file, 0, "", "cannot commit to " + location_ + ": " + e};
      }
      return std::nullopt;
    }
    rollbackWrite();
    if (outcome == Outcome::Failed) {
      summary = ImportSummary{};
      summary.file = batch.file;
      return error;
    }
  }
  summary = ImportSummary{};
  return ImportError{batch.file, 0, "", "cannot write " + location_ + ": other writers kept taking the same runs; try again"};
}

std::string ExperimentStore::addRuns(const std::vector<const Run*>& runs, std::int64_t sourceId, std::vector<std::int64_t>& ids) {
  ids.clear();
  for (const Run* run : runs) {
    std::int64_t id = 0;
    if (std::string e = addRun(*run, sourceId, id); !e.empty()) return e;
    ids.push_back(id);
  }
  return "";
}

ExperimentStore::Outcome ExperimentStore::tryImport(const RunBatch& batch, OnStored onStored, ImportSummary& summary, std::optional<ImportError>& error) {
  auto fail = [&](const RunSource& where, const std::string& message, const std::string& column = "") {
    error = ImportError{batch.file, where.line, column, message, where.pointer};
    return Outcome::Failed;
  };
  // A statement that lost a race to another writer is retried, not reported.
  auto backend = [&](const RunSource& where, const std::string& what, const std::string& e) {
    if (lostRace(e)) return Outcome::Retry;
    return fail(where, what + " " + location_ + ": " + e);
  };
  std::vector<std::string> keys;
  keys.reserve(batch.runs.size());
  for (const Run& r : batch.runs) keys.push_back(r.key);
  std::unordered_map<std::string, StoredRun> stored;
  if (std::string e = findRuns(keys, stored); !e.empty()) return backend({}, "cannot read", e);
  std::int64_t sourceId = 0;
  if (std::string e = addSource(batch, sourceId); !e.empty()) return backend({}, "cannot record the import in", e);

  std::vector<NewMetric> fresh;
  std::vector<const Run*> added;
  for (const Run& run : batch.runs) {
    const auto it = stored.find(run.key);
    if (it == stored.end()) {
      added.push_back(&run);
      continue;
    }
    const StoredRun& old = it->second;
    if (onStored == OnStored::Keep) {
      ++summary.runs_existing;
      continue;
    }
    if (const std::string field = old.run.firstDifferingField(run); !field.empty())
      return fail(run.source,
                  "run '" + run.key + "' is already in " + location_ + " with " + field + " '" + runFieldText(old.run, field).value_or("") +
                      "', but this file gives '" + runFieldText(run, field).value_or("") + "' (conflicting duplicate run)",
                  field);
    if (old.run.device.empty() && !run.device.empty())  // learnt now: keep it
      if (std::string e = learnDevice(old.id, run.device); !e.empty()) return backend(run.source, "cannot write", e);
    ++summary.runs_existing;
    for (const Metric& m : run.metrics) {
      const auto had = old.metrics.find(m.name);
      if (had == old.metrics.end()) {
        fresh.push_back({old.id, &m});
        continue;
      }
      if (!(had->second == m))
        return fail(run.source,
                    "metric '" + m.name + "' of run '" + run.key + "' is already in " + location_ + " with value " + formatNumber(had->second.value) +
                        (had->second.value == m.value ? " but a different stderr, n or few-shot count" : ", but this file gives " + formatNumber(m.value)) +
                        " (conflicting duplicate)",
                    m.name);
      ++summary.metrics_existing;
    }
  }
  std::vector<std::int64_t> ids;
  if (std::string e = addRuns(added, sourceId, ids); !e.empty()) return backend(added.empty() ? RunSource{} : added.front()->source, "cannot write", e);
  summary.runs_added = added.size();
  for (std::size_t i = 0; i < added.size(); ++i)
    for (const Metric& m : added[i]->metrics) fresh.push_back({ids[i], &m});
  if (std::string e = addMetrics(fresh, sourceId); !e.empty()) return backend({}, "cannot write", e);
  summary.metrics_added = fresh.size();
  if (std::string e = finishSource(sourceId, summary.runs_added, summary.metrics_added); !e.empty()) return backend({}, "cannot write", e);
  return Outcome::Stored;
}

}  // namespace rs
