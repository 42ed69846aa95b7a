#include "core/io/store/store_schema.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>

#include "core/model/run_fields.h"

namespace rs {
namespace {

// Column types that differ between the dialects.
struct Types {
  const char* id;       // primary key that numbers itself
  const char* real;
  const char* integer;
};
Types typesOf(StoreDialect d) {
  return d == StoreDialect::Sqlite ? Types{"INTEGER PRIMARY KEY", "REAL", "INTEGER"} : Types{"BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION", "BIGINT"};
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// A number where the schema has one. PostgreSQL's text protocol sends
// numbers as text; SQLite keeps text that someone wrote into a REAL column
// as text: both must read as a finite number.
double asDouble(const StoreValue& v, const std::string& column) {
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d)) throw StoreValueError(column, formatNumber(*d) + " is not a finite number");
    return *d;
  }
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (const auto parsed = parseFiniteNumber(*s)) return *parsed;
    throw StoreValueError(column, "'" + s->substr(0, 40) + "' is not a finite number");
  }
  throw StoreValueError(column, "is empty (NULL)");
}
std::int64_t asInteger(const StoreValue& v, const std::string& column = "id") {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  const double d = asDouble(v, column);
  if (d != std::floor(d) || std::fabs(d) > 9e15) throw StoreValueError(column, formatNumber(d) + " is not a whole number");
  return static_cast<std::int64_t>(d);
}
std::string asText(const StoreValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return formatNumber(*d);
  return "";
}
bool isNull(const StoreValue& v) { return std::holds_alternative<std::monostate>(v); }

}  // namespace

std::vector<std::string> storeSchema(StoreDialect d) {
  const Types t = typesOf(d);
  const std::string real = t.real, integer = t.integer;
  return {
      std::string("CREATE TABLE sources (id ") + t.id + ", path TEXT NOT NULL, sha256 TEXT NOT NULL, imported_at TEXT NOT NULL, runs_added " +
          integer + " NOT NULL, metrics_added " + integer + " NOT NULL)",
      std::string("CREATE TABLE runs (id ") + t.id + ", key TEXT NOT NULL UNIQUE, family TEXT NOT NULL, model TEXT NOT NULL, method TEXT NOT NULL, params " +
          real + ", tokens " + real + ", ratio " + real + ", bits " + real + ", sparsity " + real + ", structured " + integer + ", rank " + real +
          ", rft_tokens " + real + ", distilled " + integer + ", seed " + integer + ", size_bytes " + real + ", latency_ms " + real +
          ", device TEXT, source_id " + integer + " NOT NULL REFERENCES sources(id), origin TEXT NOT NULL, origin_line " + integer +
          ", origin_pointer TEXT, eval TEXT)",
      "CREATE TABLE metrics (run_id " + integer + " NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL, value " + real +
          " NOT NULL, stderr " + real + ", n " + integer + ", source_id " + integer + " NOT NULL REFERENCES sources(id), n_shot " + integer +
          ", higher_is_better " + integer + ", PRIMARY KEY (run_id, name))" + (d == StoreDialect::Sqlite ? " WITHOUT ROWID" : ""),
      "CREATE INDEX runs_by_model ON runs(family, model, method)",
  };
}

std::vector<std::string> storeMigration(StoreDialect d, int version) {
  const std::string integer = typesOf(d).integer;
  switch (version) {
    case 1:  // 2: where the run was measured
      return {"ALTER TABLE runs ADD COLUMN device TEXT"};
    case 2:  // 3: structured provenance, evaluation settings, few-shot count and direction
      return {"ALTER TABLE runs ADD COLUMN origin_line " + integer, "ALTER TABLE runs ADD COLUMN origin_pointer TEXT",
              "ALTER TABLE runs ADD COLUMN eval TEXT", "ALTER TABLE metrics ADD COLUMN n_shot " + integer,
              "ALTER TABLE metrics ADD COLUMN higher_is_better " + integer};
    default: return {};
  }
}

std::string runColumnList(int version, const std::string& prefix) {
  std::vector<std::string> names;
  for (const RunFieldSpec& s : runFieldSpecs())
    names.push_back(s.name == "device" && version < 2 ? "NULL" : prefix + std::string(s.name));
  return join(names);
}

std::string runExtraColumns(int version) {
  return version >= 3 ? "r.origin_line, r.origin_pointer, r.eval" : "NULL, NULL, NULL";
}

std::string runInsertColumns() { return "key, " + runColumnList() + ", source_id, origin, origin_line, origin_pointer, eval"; }

std::vector<StoreValue> runInsertValues(const Run& run, std::int64_t sourceId) {
  std::vector<StoreValue> v{run.key};
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    if (spec.kind == FieldKind::Text) {
      const auto text = runFieldText(run, spec.name);  // unset (a device not recorded) is NULL
      v.push_back(text ? StoreValue(*text) : StoreValue());
      continue;
    }
    const auto n = runFieldNumber(run, spec.name);
    if (!n) v.emplace_back();
    else if (spec.kind == FieldKind::Number) v.emplace_back(*n);
    else v.emplace_back(static_cast<std::int64_t>(*n));
  }
  v.emplace_back(sourceId);
  v.emplace_back(run.source.file.empty() ? run.source.producer : run.source.file);
  v.push_back(run.source.line > 0 ? StoreValue(static_cast<std::int64_t>(run.source.line)) : StoreValue());
  v.push_back(run.source.pointer.empty() ? StoreValue() : StoreValue(run.source.pointer));
  if (run.eval.empty()) {
    v.emplace_back();
  } else {
    // A handful of free-form settings per run, never queried on their own:
    // one JSON object of strings in a TEXT column, keys in order (the map's).
    rapidjson::StringBuffer text;
    rapidjson::Writer<rapidjson::StringBuffer> w(text);
    w.StartObject();
    for (const auto& [k, val] : run.eval) {
      w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
      w.String(val.data(), static_cast<rapidjson::SizeType>(val.size()));
    }
    w.EndObject();
    v.emplace_back(std::string(text.GetString(), text.GetSize()));
  }
  return v;
}

Run runFromValues(const std::vector<StoreValue>& fields) {
  Run run;
  std::size_t i = 0;
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    const StoreValue& v = fields[i++];
    if (isNull(v)) continue;
    const std::string column(spec.name);
    std::string text;
    if (spec.kind == FieldKind::Text) text = asText(v);
    else if (spec.kind == FieldKind::Number) text = formatNumber(asDouble(v, column));
    else text = std::to_string(asInteger(v, column));
    if (spec.kind == FieldKind::Text && text.find('\0') != std::string::npos) throw StoreValueError(column, "holds a NUL character");
    if (std::string why = setRunField(run, spec.name, text); !why.empty()) throw StoreValueError(column, why);
  }
  return run;
}

Run runFromStoredRow(const std::vector<StoreValue>& row, int version) {
  Run run = runFromValues(std::vector<StoreValue>(row.begin() + 8, row.end()));
  run.id = asInteger(row[0]);
  run.key = asText(row[1]);
  // `origin` is the file as given (or the producer). A run read from a file
  // has the file's hash; a trial's has none. Before version 3 `origin` was
  // "file:line" text, kept whole rather than parsed.
  if (version >= 3 && !asText(row[4]).empty()) {
    run.source.file = asText(row[2]);
    run.source.sha256 = asText(row[4]);
    run.source.line = isNull(row[5]) ? 0 : static_cast<std::size_t>(asInteger(row[5]));
    run.source.pointer = asText(row[6]);
  } else {
    run.source.producer = asText(row[2]);
  }
  if (!isNull(row[7])) {
    const std::string text = asText(row[7]);
    rapidjson::Document o;
    o.Parse<rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
    if (o.HasParseError() || !o.IsObject()) throw StoreValueError("eval", "'" + text.substr(0, 40) + "' is not a JSON object of evaluation settings");
    for (auto it = o.MemberBegin(); it != o.MemberEnd(); ++it) {
      if (!it->value.IsString()) throw StoreValueError("eval", "setting '" + std::string(it->name.GetString()).substr(0, 40) + "' is not text");
      run.eval.emplace(std::string(it->name.GetString(), it->name.GetStringLength()), std::string(it->value.GetString(), it->value.GetStringLength()));
    }
  }
  return run;
}

std::string metricColumnList(int version, const std::string& p) {
  return p + "name, " + p + "value, " + p + "stderr, " + p + "n, " + (version >= 3 ? p + "n_shot, " + p + "higher_is_better" : std::string("NULL, NULL"));
}

std::vector<StoreValue> metricValues(const Metric& m) {
  return {m.name,
          m.value,
          m.std_error ? StoreValue(*m.std_error) : StoreValue(),
          m.n ? StoreValue(*m.n) : StoreValue(),
          m.n_shot ? StoreValue(static_cast<std::int64_t>(*m.n_shot)) : StoreValue(),
          m.higher_is_better ? StoreValue(static_cast<std::int64_t>(*m.higher_is_better ? 1 : 0)) : StoreValue()};
}

Metric metricFromValues(const std::vector<StoreValue>& v) {
  Metric m(asText(v[0]), 0.0);
  if (m.name.empty()) throw StoreValueError("name", "a metric name is empty");
  m.value = asDouble(v[1], m.name);
  if (!isNull(v[2])) {
    m.std_error = asDouble(v[2], m.name + " stderr");
    if (*m.std_error < 0) throw StoreValueError(m.name + " stderr", formatNumber(*m.std_error) + " is negative");
  }
  if (!isNull(v[3])) {
    m.n = asInteger(v[3], m.name + " n");
    if (*m.n < 1) throw StoreValueError(m.name + " n", std::to_string(*m.n) + " is not a positive number of examples");
  }
  if (!isNull(v[4])) {
    const std::int64_t shots = asInteger(v[4], m.name + " n_shot");
    if (shots < 0 || shots > 100000) throw StoreValueError(m.name + " n_shot", std::to_string(shots) + " is not a few-shot count");
    m.n_shot = static_cast<int>(shots);
  }
  if (!isNull(v[5])) m.higher_is_better = asInteger(v[5], m.name + " higher_is_better") != 0;
  return m;
}

std::string storeText(const StoreValue& value) { return asText(value); }

std::string storedValueProblem(const std::string& location, const char* table, const std::string& run, const StoreValueError& e) {
  return location + ": table " + table + ", run '" + run.substr(0, 80) + "': column '" + e.column + "': " + e.what() +
         " (the store holds a value no file could have given it; it was changed by hand or is damaged)";
}

std::string storedRunsQuery(int version, const std::string& where) {
  return "SELECT r.id, r.key, r.origin, s.path, s.sha256, " + runExtraColumns(version) + ", " + runColumnList(version, "r.") +
         " FROM runs r LEFT JOIN sources s ON s.id = r.source_id" + (where.empty() ? "" : " WHERE " + where) + " ORDER BY r.id";
}

std::string storedMetricsQuery(int version, const std::string& where) {
  return "SELECT m.run_id, " + metricColumnList(version, "m.") + " FROM metrics m" +
         (where.empty() ? "" : " JOIN runs r ON r.id = m.run_id WHERE " + where) + " ORDER BY m.run_id, m.name";
}

int StoredRunsReader::runColumns() { return 8 + static_cast<int>(runFieldSpecs().size()); }

bool StoredRunsReader::addRun(const std::vector<StoreValue>& row, std::string& error) {
  try {
    Run run = runFromStoredRow(row, version_);
    index_.emplace(run.id, runs_.size());
    runs_.push_back(std::move(run));
    return true;
  } catch (const StoreValueError& e) {
    error = storedValueProblem(location_, "runs", storeText(row[1]), e);
    return false;
  }
}

bool StoredRunsReader::addMetric(std::int64_t runId, const std::vector<StoreValue>& values, std::string& error) {
  const auto it = index_.find(runId);
  if (it == index_.end()) return true;
  try {
    runs_[it->second].metrics.push_back(metricFromValues(values));
    return true;
  } catch (const StoreValueError& e) {
    error = storedValueProblem(location_, "metrics", runs_[it->second].key, e);
    return false;
  }
}

std::string sourcePath(const RunBatch& batch) {
  if (batch.file.empty()) return "";
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(batch.file, ec);
  return ec ? batch.file : absolute.lexically_normal().string();
}

std::string utcTimestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace rs
