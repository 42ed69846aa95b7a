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

#include "core/io/import_error.h"
#include "core/io/importer.h"
#include "core/model/run_batch.h"
#include "core/model/run.h"

namespace rs {

struct ImportSummary {
  std::string file;
  std::string format;               // the importer that read it
  std::vector<std::string> notes;   // conversions applied (percent scales)
  std::size_t runs_added = 0, runs_existing = 0;
  std::size_t metrics_added = 0, metrics_existing = 0;
  std::vector<std::string> warnings;
};

class ExperimentStore {
 public:
  // 2 added runs.device; 3 the run's line or JSON pointer in its file, its
  // evaluation settings and each metric's few-shot count and direction. An
  // older database is read as it is and upgraded in place when opened for
  // writing.
  static constexpr int kSchemaVersion = 3;

  // ReadWrite creates a missing database and its schema; ReadOnly (viewing)
  // never writes: no schema, no journal-mode change, no new files.
  enum class Mode { ReadWrite, ReadOnly };

  // Opens the database at `path`. On failure returns null and sets `error`
  // to a message naming the path.
  static std::unique_ptr<ExperimentStore> open(const std::string& path, std::string& error, Mode mode = Mode::ReadWrite);
  ~ExperimentStore();
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  // Stores a batch of runs read from `batch.file` in one transaction; on any
  // error nothing is written.
  std::optional<ImportError> importRuns(const RunBatch& batch, ImportSummary& summary);
  // Reads a file with the format that accepts it and stores its runs.
  std::optional<ImportError> importFile(const std::string& path, ImportSummary& summary, const ImportOptions& options = {});

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
  int version_ = kSchemaVersion;  // lower for an older database opened read-only
};

}  // namespace rs
