#pragma once
// The experiment store's schema, once for both backends: the tables, the
// migrations between versions, and how runs and metrics become column values
// and back. Private to core/io/store.

#include <cstdint>
#include <string>
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
// A run's fields from values in runColumnList() order.
Run runFromValues(const std::vector<StoreValue>& fields);
// A stored run from [id, key, origin, source path, source sha256, line,
// pointer, eval, fields...].
Run runFromStoredRow(const std::vector<StoreValue>& row, int version);

// name, value, stderr, n, n_shot, higher_is_better
constexpr int kMetricColumns = 6;
std::string metricColumnList(int version = ExperimentStore::kSchemaVersion, const std::string& prefix = "");
std::vector<StoreValue> metricValues(const Metric& metric);
Metric metricFromValues(const std::vector<StoreValue>& values);

// The path a batch's source is recorded under: a file's absolute path.
std::string sourcePath(const RunBatch& batch);

}  // namespace rs
