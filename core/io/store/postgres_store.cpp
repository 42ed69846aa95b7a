#include "core/io/store/postgres_store.h"

#include <libpq-fe.h>


#include "core/io/store/selection_sql.h"
#include "core/io/store/store_schema.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {

// A result that clears itself.
struct Result {
  explicit Result(PGresult* r) : r(r) {}
  ~Result() { PQclear(r); }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  PGresult* r;
  bool ok() const {
    const auto s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_COPY_IN;
  }
  int rows() const { return PQntuples(r); }
  StoreValue value(int row, int col) const {
    if (PQgetisnull(r, row, col)) return std::monostate{};
    return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
  }
  std::string text(int row, int col) const { return PQgetvalue(r, row, col); }
};

// "[SQLSTATE] message": the state tells a lost race from a real failure.
std::string errorOf(PGconn* c, const Result& res) {
  const char* state = PQresultErrorField(res.r, PG_DIAG_SQLSTATE);
  std::string message = PQresultErrorMessage(res.r);
  if (message.empty()) message = PQerrorMessage(c);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return state ? "[" + std::string(state) + "] " + message : message;
}

std::string placeholder(std::size_t i) { return "$" + std::to_string(i + 1); }

// Parameters as libpq takes them: text, or null.
struct Params {
  std::vector<std::string> text;
  std::vector<bool> null;
  void add(const StoreValue& v) {
    null.push_back(std::holds_alternative<std::monostate>(v));
    if (const auto* d = std::get_if<double>(&v)) text.push_back(formatNumber(*d));
    else if (const auto* n = std::get_if<std::int64_t>(&v)) text.push_back(std::to_string(*n));
    else if (const auto* s = std::get_if<std::string>(&v)) text.push_back(*s);
    else text.emplace_back();
  }
  std::vector<const char*> pointers() const {
    std::vector<const char*> p;
    for (std::size_t i = 0; i < text.size(); ++i) p.push_back(null[i] ? nullptr : text[i].c_str());
    return p;
  }
};

// '{"a","b\"c"}': a text[] literal.
std::string arrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

// One COPY text-format field.
void copyField(std::string& line, const StoreValue& v) {
  if (std::holds_alternative<std::monostate>(v)) { line += "\\N"; return; }
  std::string text;
  if (const auto* d = std::get_if<double>(&v)) text = formatNumber(*d);
  else if (const auto* n = std::get_if<std::int64_t>(&v)) text = std::to_string(*n);
  else text = std::get<std::string>(v);
  for (char c : text) {
    switch (c) {
      case '\\': line += "\\\\"; break;
      case '\t': line += "\\t"; break;
      case '\n': line += "\\n"; break;
      case '\r': line += "\\r"; break;
      default: line += c;
    }
  }
}

// An advisory lock key for schema changes ("rscp" in ASCII).
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(1920164720)";

class PostgresStore final : public ExperimentStore {
 public:
  PostgresStore(std::string location, PGconn* c) : ExperimentStore(std::move(location)), c_(c) {}
  ~PostgresStore() override { PQfinish(c_); }

  std::string initialise(Mode mode);
  std::vector<Run> loadRuns(std::string& error, const Selection& selection) const override;
  std::vector<Run> loadChangedRuns(std::int64_t afterSource, std::int64_t& latestSource, std::string& error) const override;
  std::string watch() override;
  bool changedSinceLastCheck() override;

 protected:
  std::string beginWrite() override { return run("BEGIN"); }
  std::string commitWrite() override { return run("COMMIT"); }
  void rollbackWrite() override { run("ROLLBACK"); }
  bool lostRace(const std::string& e) const override {
    // unique violation, serialization failure, deadlock
    return e.rfind("[23505]", 0) == 0 || e.rfind("[40001]", 0) == 0 || e.rfind("[40P01]", 0) == 0;
  }
  std::string findRuns(const std::vector<std::string>& keys, std::unordered_map<std::string, StoredRun>& out) override;
  std::string addSource(const RunBatch& batch, std::int64_t& sourceId) override;
  std::string addRun(const Run& r, std::int64_t sourceId, std::int64_t& runId) override;
  std::string addRuns(const std::vector<const Run*>& runs, std::int64_t sourceId, std::vector<std::int64_t>& ids) override;
  std::string learnDevice(std::int64_t runId, const std::string& device) override {
    Params p;
    p.add(device);
    p.add(runId);
    return query("UPDATE runs SET device = $1 WHERE id = $2", p);
  }
  std::string addMetrics(const std::vector<NewMetric>& rows, std::int64_t sourceId) override;
  std::string finishSource(std::int64_t sourceId, std::size_t runs, std::size_t metrics) override {
    Params p;
    p.add(static_cast<std::int64_t>(runs));
    p.add(static_cast<std::int64_t>(metrics));
    p.add(sourceId);
    if (std::string e = query("UPDATE sources SET runs_added = $1, metrics_added = $2 WHERE id = $3", p); !e.empty()) return e;
    Params n;
    n.add(std::to_string(runs));
    return query(std::string("SELECT pg_notify('") + kRunsChannel + "', $1)", n);  // delivered on commit
  }

 private:
  std::string run(const std::string& sql) const {
    Result r(PQexec(c_, sql.c_str()));
    return r.ok() ? "" : errorOf(c_, r);
  }
  std::string query(const std::string& sql, const Params& p, PGresult** keep = nullptr) const {
    const auto ptrs = p.pointers();
    PGresult* raw = PQexecParams(c_, sql.c_str(), static_cast<int>(ptrs.size()), nullptr, ptrs.data(), nullptr, nullptr, 0);
    Result r(raw);
    if (!r.ok()) return errorOf(c_, r);
    if (keep) { *keep = r.r; r.r = nullptr; }
    return "";
  }
  std::vector<Run> load(const SqlCondition& where, std::string& error) const;
  int version_ = kSchemaVersion;
  PGconn* c_;
};

std::string PostgresStore::initialise(Mode mode) {
  // Quiet notices (CREATE TABLE IF NOT EXISTS and the like) stay off stderr.
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
  auto schemaVersion = [&](int& v) -> std::string {
    // The catalogue read by a query, with a fresh snapshot: to_regclass reads
    // a cache that an advisory lock does not refresh, so a second first
    // writer would miss the tables the first one just created.
    Result r(PQexec(c_, "SELECT bool_or(tablename = 'ratioscope_schema'), bool_or(tablename = 'runs') FROM pg_catalog.pg_tables "
                        "WHERE schemaname = current_schema()"));
    if (!r.ok()) return errorOf(c_, r);
    const bool ours = r.text(0, 0) == "t", tables = r.text(0, 1) == "t";
    if (!ours) { v = tables ? -1 : 0; return ""; }
    Result q(PQexec(c_, "SELECT max(version) FROM ratioscope_schema"));
    if (!q.ok()) return errorOf(c_, q);
    v = q.rows() && !PQgetisnull(q.r, 0, 0) ? std::stoi(q.text(0, 0)) : 0;
    return "";
  };
  int found = 0;
  if (std::string e = schemaVersion(found); !e.empty()) return "cannot read the schema version: " + e;
  if (found < 0) return "a database with a 'runs' table that Ratioscope did not create: not a Ratioscope experiment store";
  if (found > kSchemaVersion)
    return "schema version " + std::to_string(found) + " is newer than this Ratioscope understands (" + std::to_string(kSchemaVersion) + "); update Ratioscope";
  if (mode == Mode::ReadOnly) {
    if (found == 0) return "not a Ratioscope experiment store (no Ratioscope schema)";
    version_ = found;
    return "";
  }
  if (found == kSchemaVersion) return "";
  if (std::string e = run("BEGIN"); !e.empty()) return "cannot write the schema: " + e;
  auto abandon = [&](const std::string& why) {
    run("ROLLBACK");
    return why;
  };
  if (std::string e = run(kSchemaLock); !e.empty()) return abandon("cannot write the schema: " + e);
  int now = 0;  // again, under the lock: another writer may have done it
  if (std::string e = schemaVersion(now); !e.empty()) return abandon("cannot read the schema version: " + e);
  if (now == 0) {
    for (const std::string& sql : storeSchema(StoreDialect::Postgres))
      if (std::string e = run(sql); !e.empty()) return abandon("cannot create the schema: " + e);
    if (std::string e = run("CREATE TABLE ratioscope_schema (version INTEGER NOT NULL)"); !e.empty()) return abandon("cannot create the schema: " + e);
  } else {
    for (int v = now; v < kSchemaVersion; ++v)
      for (const std::string& sql : storeMigration(StoreDialect::Postgres, v))
        if (std::string e = run(sql); !e.empty()) return abandon("cannot upgrade the schema: " + e);
  }
  if (now < kSchemaVersion)
    if (std::string e = run("DELETE FROM ratioscope_schema; INSERT INTO ratioscope_schema VALUES (" + std::to_string(kSchemaVersion) + ")"); !e.empty())
      return abandon("cannot write the schema: " + e);
  if (std::string e = run("COMMIT"); !e.empty()) return "cannot write the schema: " + e;
  return "";
}

std::string PostgresStore::findRuns(const std::vector<std::string>& keys, std::unordered_map<std::string, StoredRun>& out) {
  if (keys.empty()) return "";
  Params p;
  p.add(arrayLiteral(keys));
  PGresult* raw = nullptr;
  if (std::string e = query("SELECT id, key, " + runColumnList() + " FROM runs WHERE key = ANY($1::text[])", p, &raw); !e.empty()) return e;
  Result runs(raw);
  const int fields = static_cast<int>(runFieldSpecs().size());
  std::unordered_map<std::int64_t, std::string> keyOf;
  std::vector<std::string> ids;
  for (int i = 0; i < runs.rows(); ++i) {
    StoredRun s;
    s.id = std::stoll(runs.text(i, 0));
    std::vector<StoreValue> values;
    for (int c = 0; c < fields; ++c) values.push_back(runs.value(i, c + 2));
    try {
      s.run = runFromValues(values);
    } catch (const StoreValueError& e) {
      return storedValueProblem(location(), "runs", runs.text(i, 1), e);
    }
    keyOf.emplace(s.id, runs.text(i, 1));
    ids.push_back(runs.text(i, 0));
    out.emplace(runs.text(i, 1), std::move(s));
  }
  if (ids.empty()) return "";
  Params m;
  m.add(arrayLiteral(ids));
  raw = nullptr;
  if (std::string e = query("SELECT run_id, " + metricColumnList() + " FROM metrics WHERE run_id = ANY($1::bigint[])", m, &raw); !e.empty()) return e;
  Result metrics(raw);
  for (int i = 0; i < metrics.rows(); ++i) {
    std::vector<StoreValue> values;
    for (int c = 1; c <= kMetricColumns; ++c) values.push_back(metrics.value(i, c));
    Metric metric;
    try {
      metric = metricFromValues(values);
    } catch (const StoreValueError& e) {
      return storedValueProblem(location(), "metrics", keyOf.at(std::stoll(metrics.text(i, 0))), e);
    }
    auto& stored = out.at(keyOf.at(std::stoll(metrics.text(i, 0))));
    stored.metrics.emplace(metric.name, std::move(metric));
  }
  return "";
}

std::string PostgresStore::addSource(const RunBatch& batch, std::int64_t& sourceId) {
  Params p;
  p.add(sourcePath(batch));
  p.add(batch.sha256);
  p.add(utcTimestamp());
  PGresult* raw = nullptr;
  if (std::string e = query("INSERT INTO sources (path, sha256, imported_at, runs_added, metrics_added) VALUES ($1, $2, $3, 0, 0) RETURNING id", p, &raw);
      !e.empty())
    return e;
  Result r(raw);
  sourceId = std::stoll(r.text(0, 0));
  return "";
}

std::string PostgresStore::addRun(const Run& run, std::int64_t sourceId, std::int64_t& runId) {
  Params p;
  for (const StoreValue& v : runInsertValues(run, sourceId)) p.add(v);
  std::string marks;
  for (std::size_t i = 0; i < p.text.size(); ++i) marks += (i ? ", " : "") + placeholder(i);
  PGresult* raw = nullptr;
  if (std::string e = query("INSERT INTO runs (" + runInsertColumns() + ") VALUES (" + marks + ") RETURNING id", p, &raw); !e.empty()) return e;
  Result r(raw);
  runId = std::stoll(r.text(0, 0));
  return "";
}

std::string PostgresStore::addRuns(const std::vector<const Run*>& runs, std::int64_t sourceId, std::vector<std::int64_t>& ids) {
  // One round trip per 500 runs instead of one per run; ids are matched to
  // runs by their unique key, not by the order RETURNING gives them in.
  constexpr std::size_t kChunk = 500;
  ids.clear();
  for (std::size_t start = 0; start < runs.size(); start += kChunk) {
    const std::size_t end = std::min(runs.size(), start + kChunk);
    Params p;
    std::string rows;
    for (std::size_t i = start; i < end; ++i) {
      const std::vector<StoreValue> values = runInsertValues(*runs[i], sourceId);
      rows += i == start ? "(" : ", (";
      for (std::size_t v = 0; v < values.size(); ++v) {
        rows += (v ? ", " : "") + placeholder(p.text.size());
        p.add(values[v]);
      }
      rows += ")";
    }
    PGresult* raw = nullptr;
    if (std::string e = query("INSERT INTO runs (" + runInsertColumns() + ") VALUES " + rows + " RETURNING id, key", p, &raw); !e.empty()) return e;
    Result r(raw);
    std::unordered_map<std::string, std::int64_t> byKey;
    for (int i = 0; i < r.rows(); ++i) byKey.emplace(r.text(i, 1), std::stoll(r.text(i, 0)));
    for (std::size_t i = start; i < end; ++i) ids.push_back(byKey.at(runs[i]->key));
  }
  return "";
}

std::string PostgresStore::addMetrics(const std::vector<NewMetric>& rows, std::int64_t sourceId) {
  if (rows.empty()) return "";
  {
    Result start(PQexec(c_, ("COPY metrics (run_id, source_id, " + metricColumnList() + ") FROM STDIN").c_str()));
    if (PQresultStatus(start.r) != PGRES_COPY_IN) return errorOf(c_, start);
  }
  std::string buffer;
  buffer.reserve(1 << 20);
  for (const NewMetric& row : rows) {
    buffer += std::to_string(row.run_id) + '\t' + std::to_string(sourceId);
    for (const StoreValue& v : metricValues(*row.metric)) {
      buffer += '\t';
      copyField(buffer, v);
    }
    buffer += '\n';
    if (buffer.size() > (1 << 20) - 4096) {
      if (PQputCopyData(c_, buffer.data(), static_cast<int>(buffer.size())) != 1) return PQerrorMessage(c_);
      buffer.clear();
    }
  }
  if (!buffer.empty() && PQputCopyData(c_, buffer.data(), static_cast<int>(buffer.size())) != 1) return PQerrorMessage(c_);
  if (PQputCopyEnd(c_, nullptr) != 1) return PQerrorMessage(c_);
  std::string error;
  while (PGresult* raw = PQgetResult(c_)) {
    Result r(raw);
    if (!r.ok() && error.empty()) error = errorOf(c_, r);
  }
  return error;
}

std::vector<Run> PostgresStore::loadRuns(std::string& error, const Selection& selection) const {
  std::vector<Run> runs = load(selectionToSql(selection, placeholder), error);
  return selection.conditions.empty() || !error.empty() ? runs : selection.apply(runs);
}

std::vector<Run> PostgresStore::loadChangedRuns(std::int64_t afterSource, std::int64_t& latestSource, std::string& error) const {
  Result latest(PQexec(c_, "SELECT coalesce(max(id), 0) FROM sources"));
  if (!latest.ok()) { error = location() + ": cannot read sources: " + errorOf(c_, latest); return {}; }
  latestSource = std::stoll(latest.text(0, 0));
  return load(changedRunsCondition(afterSource, placeholder), error);
}

std::string PostgresStore::watch() { return run(std::string("LISTEN ") + kRunsChannel); }

bool PostgresStore::changedSinceLastCheck() {
  // Reads what the server sent without waiting; a lost connection counts as
  // a change, so the view reloads and reports the error.
  if (!PQconsumeInput(c_)) return true;
  bool changed = false;
  while (PGnotify* n = PQnotifies(c_)) {
    changed = true;
    PQfreemem(n);
  }
  return changed;
}

std::vector<Run> PostgresStore::load(const SqlCondition& where, std::string& error) const {
  Params p;
  for (const auto& v : where.values) {
    if (const auto* d = std::get_if<double>(&v)) p.add(*d);
    else if (const auto* n = std::get_if<std::int64_t>(&v)) p.add(*n);
    else p.add(std::get<std::string>(v));
  }
  StoredRunsReader reader(location(), version_);
  PGresult* raw = nullptr;
  if (std::string e = query(storedRunsQuery(version_, where.where), p, &raw); !e.empty()) {
    error = location() + ": cannot read runs: " + e;
    return {};
  }
  Result rows(raw);
  for (int i = 0; i < rows.rows(); ++i) {
    std::vector<StoreValue> row;
    for (int c = 0; c < StoredRunsReader::runColumns(); ++c) row.push_back(rows.value(i, c));
    row[0] = static_cast<std::int64_t>(std::stoll(rows.text(i, 0)));
    if (!reader.addRun(row, error)) return {};
  }
  raw = nullptr;
  if (std::string e = query(storedMetricsQuery(version_, where.where), p, &raw); !e.empty()) {
    error = location() + ": cannot read metrics: " + e;
    return {};
  }
  Result metrics(raw);
  for (int i = 0; i < metrics.rows(); ++i) {
    std::vector<StoreValue> values;
    for (int c = 1; c <= kMetricColumns; ++c) values.push_back(metrics.value(i, c));
    if (!reader.addMetric(std::stoll(metrics.text(i, 0)), values, error)) return {};
  }
  return reader.take();
}

// libpq's connection message, first line, in the words a user acts on.
std::string connectionProblem(const std::string& message) {
  std::string first = message.substr(0, message.find('\n'));
  if (message.find("password authentication failed") != std::string::npos)
    return "wrong user or password (" + first + "); credentials come from PGPASSWORD, ~/.pgpass or a service file";
  if (message.find("no password supplied") != std::string::npos)
    return "the server wants a password; give it in PGPASSWORD, ~/.pgpass or a service file, never in a project";
  if (message.find("does not exist") != std::string::npos) return "no such database or user (" + first + ")";
  if (message.find("timeout expired") != std::string::npos) return "the server did not answer within 5 s";
  if (message.find("Connection refused") != std::string::npos || message.find("could not connect") != std::string::npos ||
      message.find("could not translate host name") != std::string::npos)
    return "cannot reach the server (" + first + ")";
  return first;
}

}  // namespace

std::unique_ptr<ExperimentStore> openPostgresStore(const std::string& url, std::string& error, ExperimentStore::Mode mode) {
  const std::string shown = redactedStoreUrl(url);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {url.c_str(), "5", "ratioscope", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    error = shown + ": cannot connect: " + connectionProblem(c ? PQerrorMessage(c) : "out of memory");
    PQfinish(c);
    return nullptr;
  }
  auto store = std::make_unique<PostgresStore>(shown, c);
  if (std::string why = store->initialise(mode); !why.empty()) {
    error = shown + ": " + why;
    return nullptr;
  }
  return store;
}

}  // namespace rs
