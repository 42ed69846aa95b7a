#pragma once
// The experiment store: runs and metrics kept for a lab, addressed by a URL.
//
//   PATH or sqlite:PATH               the embedded default (one SQLite file)
//   postgresql://user@host:port/db    the lab store (PostgreSQL through libpq;
//                                     credentials from the environment,
//                                     ~/.pgpass or a service file, never from
//                                     the URL's text in messages)
//
// Both backends keep the same versioned schema. A newer schema is refused
// rather than read wrongly; an older one is read as it is and upgraded in
// place when written. Each import is one transaction: a failure or a crash
// part-way leaves the store as it was.
//
// The merge policy lives here, once, above the backends: import appends; a
// run already stored (same key) with the same fields is reused (its device
// learnt when it had none); a metric already stored with the same value is
// skipped, so re-importing adds nothing; a stored run or metric with
// different values is a conflict and the whole import is refused. Runs that
// land from a trial sweep as it runs (OnStored::Keep) leave a stored run as it
// is: a resumed sweep re-measures latency, and the first measurement stays.
// Two writers can never create one run twice (a unique key; a writer that
// loses the race retries its import).
//
// Plain C++ on the SQLite C API and libpq, no Qt: the trials-only build
// (LibTorch alone, a GPU server) links this library (rs_store) to write its
// runs. A backend whose client library was missing when that build was
// configured is refused with a message saying so.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/io/import_error.h"
#include "core/model/run_batch.h"
#include "core/model/selection.h"

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
  // evaluation settings and each metric's few-shot count and direction.
  static constexpr int kSchemaVersion = 3;

  // ReadWrite creates a missing store and its schema; ReadOnly (viewing)
  // never writes: no schema, no upgrade, no new files.
  enum class Mode { ReadWrite, ReadOnly };

  // Opens the store at `url` (see above). On failure returns null and sets
  // `error` to one message naming the store (a URL without its password);
  // another scheme (mysql://...) is refused, not taken for a file name.
  static std::unique_ptr<ExperimentStore> open(const std::string& url, std::string& error, Mode mode = Mode::ReadWrite);
  virtual ~ExperimentStore() = default;
  ExperimentStore(const ExperimentStore&) = delete;
  ExperimentStore& operator=(const ExperimentStore&) = delete;

  // What an import does with a run whose key is already stored (above).
  enum class OnStored {
    Merge,  // an import: same fields or a conflict; new metrics added
    Keep,   // a trial run landing again: the stored run stays as it is (counted in runs_existing)
  };
  // Stores a batch of runs in one transaction; on any error nothing is written.
  // (Reading a file into a store: importFileInto, core/io/store_import.h.)
  std::optional<ImportError> importRuns(const RunBatch& batch, ImportSummary& summary, OnStored onStored = OnStored::Merge);

  // The stored runs that `selection` keeps (all of them for an empty one),
  // in insertion order, with ids and metrics. The selection is evaluated by
  // the backend, so a narrow selection reads only its runs.
  virtual std::vector<Run> loadRuns(std::string& error, const Selection& selection = {}) const = 0;

  // --- A live view: what changed since the view last looked ---
  // Every import is recorded as a source with a growing id. The runs that
  // imports after `afterSource` created or added metrics to, whole (all
  // their metrics); `latestSource` receives the newest source id.
  virtual std::vector<Run> loadChangedRuns(std::int64_t afterSource, std::int64_t& latestSource, std::string& error) const = 0;
  // Starts watching for other writers' commits (PostgreSQL: LISTEN).
  virtual std::string watch() = 0;
  // A cheap, non-blocking check whether another connection committed since
  // the last call (SQLite: PRAGMA data_version; PostgreSQL: a NOTIFY
  // arrived). May say true when nothing of interest changed; never false
  // when something did.
  virtual bool changedSinceLastCheck() = 0;

  // The store as messages name it: the path, or the URL without a password.
  const std::string& location() const { return location_; }
  const std::string& path() const { return location_; }

  // True when `text` names a store rather than a file: sqlite:PATH or a
  // postgresql:// (postgres://) URL.
  static bool isStoreUrl(const std::string& text);
  // True when `location` is an experiment store of either backend (a URL, or
  // a file with the SQLite header): what the GUI writes trials into.
  // `location` as it may be shown or remembered: a URL without its password.
  static std::string withoutPassword(const std::string& location);
  static bool isStore(const std::string& location) { return isStoreUrl(location) || looksLikeSqlite(location); }
  // True when the file starts with the SQLite header, so callers can tell a
  // database from a results file without trusting the file name.
  static bool looksLikeSqlite(const std::string& path);

 protected:
  explicit ExperimentStore(std::string location) : location_(std::move(location)) {}

  // What the merge policy needs of a backend, inside one write transaction.
  struct StoredRun {
    std::int64_t id = 0;
    Run run;  // fields only
    std::unordered_map<std::string, Metric> metrics;
  };
  struct NewMetric {
    std::int64_t run_id;
    const Metric* metric;
  };
  // Each returns "" or the backend's message.
  virtual std::string beginWrite() = 0;  // waits for other writers (bounded)
  virtual std::string commitWrite() = 0;
  virtual void rollbackWrite() = 0;
  // True when a failed statement lost a race to another writer (a unique
  // key already taken): the import is retried from the start.
  virtual bool lostRace(const std::string& error) const = 0;
  virtual std::string findRuns(const std::vector<std::string>& keys, std::unordered_map<std::string, StoredRun>& out) = 0;
  virtual std::string addSource(const RunBatch& batch, std::int64_t& sourceId) = 0;
  virtual std::string addRun(const Run& run, std::int64_t sourceId, std::int64_t& runId) = 0;
  // Several new runs; `ids` gets their ids in order. One addRun each unless
  // the backend can do better (PostgreSQL: a multi-row INSERT per chunk).
  virtual std::string addRuns(const std::vector<const Run*>& runs, std::int64_t sourceId, std::vector<std::int64_t>& ids);
  virtual std::string learnDevice(std::int64_t runId, const std::string& device) = 0;
  virtual std::string addMetrics(const std::vector<NewMetric>& rows, std::int64_t sourceId) = 0;
  virtual std::string finishSource(std::int64_t sourceId, std::size_t runsAdded, std::size_t metricsAdded) = 0;

 private:
  enum class Outcome { Stored, Failed, Retry };
  Outcome tryImport(const RunBatch& batch, OnStored onStored, ImportSummary& summary, std::optional<ImportError>& error);
  std::string location_;
};

}  // namespace rs
