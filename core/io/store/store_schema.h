#pragma once
// The experiment store's schema, once for both backends: the tables, the
// migrations between versions, and how runs and metrics become column values
// and back. Private to core/io/store.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "core/io/store/experiment_store.h"

namespace rs {

enum class StoreDialect { Sqlite, Postgres };

// A column value: NULL, a number, an integer or text.
using StoreValue = std::variant<std::monostate, double, std::int64_t, std::string>;

// The statements that create the schema at ExperimentStore::kSchemaVersion.
std::vector<std::string> storeSchema(StoreDialect dialect);
// The statements that take a store from `version` to `version + 1`.
std::vector<std::string> storeMigration(StoreDialect dialect, int version);

// "family, model, ..." in runFieldSpecs() order (NULL for columns a store of
// `version` lacks), each prefixed with `prefix` ("r.").
std::string runColumnList(int version = ExperimentStore::kSchemaVersion, const std::string& prefix = "");
// The line, pointer and evaluation-settings columns (NULLs before version 3).
std::string runExtraColumns(int version);
// Columns and values of a new run, in the same order.
std::string runInsertColumns();
std::vector<StoreValue> runInsertValues(const Run& run, std::int64_t sourceId);
// A stored value that fails the checks a file's value would: thrown by the
// conversions below; `column` names it. The loaders add the store, table and
// run to the message.
struct StoreValueError : std::runtime_error {
  StoreValueError(std::string column, const std::string& why) : std::runtime_error(why), column(std::move(column)) {}
  std::string column;
};

// A run's fields from values in runColumnList() order, each validated as an
// importer validates a file's (a params of -5, a ratio of 5, an infinite
// value or text where a number belongs is refused).
Run runFromValues(const std::vector<StoreValue>& fields);
// A stored run from [id, key, origin, source path, source sha256, line,
// pointer, eval, fields...].
Run runFromStoredRow(const std::vector<StoreValue>& row, int version);

// name, value, stderr, n, n_shot, higher_is_better
constexpr int kMetricColumns = 6;
std::string metricColumnList(int version = ExperimentStore::kSchemaVersion, const std::string& prefix = "");
std::vector<StoreValue> metricValues(const Metric& metric);
// Validated: a finite value, a finite stderr >= 0, n >= 1, few-shot >= 0.
Metric metricFromValues(const std::vector<StoreValue>& values);
// A value as text (a run key in a message).
std::string storeText(const StoreValue& value);
// "x.sqlite: table runs, run 'r7': column 'ratio': ..." for a refused value.
std::string storedValueProblem(const std::string& location, const char* table, const std::string& run, const StoreValueError& e);

// Reading stored runs, the same for both backends: the two queries (runs
// with their source's path and hash, then their metrics in primary-key
// order), restricted by `where` (a condition over runs aliased r, or ""),
// and the runs built from their rows with every value checked.
std::string storedRunsQuery(int version, const std::string& where);
std::string storedMetricsQuery(int version, const std::string& where);
class StoredRunsReader {
 public:
  StoredRunsReader(std::string location, int version) : location_(std::move(location)), version_(version) {}
  static int runColumns();  // of storedRunsQuery(): [id, key, origin, path, sha256, line, pointer, eval, fields...]
  // Each returns false with `error` set (naming store, table, run and column) for a value no file could give.
  bool addRun(const std::vector<StoreValue>& row, std::string& error);
  // `values`: the kMetricColumns after run_id; metrics of runs not read are skipped.
  bool addMetric(std::int64_t runId, const std::vector<StoreValue>& values, std::string& error);
  std::vector<Run> take() { return std::move(runs_); }

 private:
  std::string location_;
  int version_;
  std::vector<Run> runs_;
  std::unordered_map<std::int64_t, std::size_t> index_;
};

// The path a batch's source is recorded under: a file's absolute path.
std::string sourcePath(const RunBatch& batch);
// Now, as a source's imported_at: "2026-11-29T05:39:28Z" (ISO 8601, UTC).
std::string utcTimestamp();

}  // namespace rs
