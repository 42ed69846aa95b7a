#pragma once
// The experiment database: runs and metrics in SQLite (the embedded default).
//
// - Versioned schema (PRAGMA user_version); a newer or foreign database is
//   refused with a message rather than read wrongly.
// - WAL journal and one transaction per import: a failure or a crash part-way
//   leaves the database exactly as it was before the import.
// - Import appends. A run already stored (same key) with the same fields is
//   reused, metrics already stored with the same value are skipped, so
//   re-importing a file adds nothing. A stored run or metric with different
//   values is a conflict: the whole import is refused.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/io/csv_import.h"
#include "core/model/run.h"

namespace rs {

struct ImportSummary {
  std::string file;
  std::size_t runs_added = 0, runs_existing = 0;
  std::size_t metrics_added = 0, metrics_existing = 0;
  std::vector<std::string> warnings;
};

class ExperimentStore {
 public:
  // 2 added runs.device; a version-1 database is read as it is (no device)
  // and upgraded in place when opened for writing.
  static constexpr int kSchemaVersion = 2;

  // ReadWrite creates a missing database and its schema; ReadOnly (viewing)
  // never writes: no schema, no journal-mode change, no new files.
  enum class Mode { ReadWrite, ReadOnly };

  // Opens the database at `path`. On failure returns null and sets `error`
  // to a message naming the path.
  static std::unique_ptr<ExperimentStore> open(const std::string& path, std::string& error, Mode mode = Mode::ReadWrite);
  ~ExperimentStore();
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  // Parses and stores a CSV file; on any error nothing is written.
  std::optional<ImportError> importFile(const std::string& path, ImportSummary& summary);
  // Stores runs already parsed from `parsed.file`.
  std::optional<ImportError> importRuns(const ParsedRuns& parsed, ImportSummary& summary);

  // Every stored run with its metrics, in insertion order; ids are set.
  std::vector<Run> loadRuns(std::string& error) const;

  const std::string& path() const { return path_; }

  // True when the file starts with the SQLite header, so callers can tell a
  // database from a CSV without trusting the file name.
  static bool looksLikeSqlite(const std::string& path);

 private:
  ExperimentStore(std::string path, std::string connection);
  std::string initialiseSchema(Mode mode);
  std::string path_;
  std::string connection_;
  bool hasDevice_ = true;  // false for a version-1 database opened read-only
};

}  // namespace rs
