#include "core/io/store/sqlite_store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>

#include "core/io/store/selection_sql.h"
#include "core/io/store/store_schema.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {

// One prepared statement on SQLite's C API. The store talks to SQLite
// directly rather than through QtSql, whose connections belong to the thread
// that opened them (the GUI loads and imports in worker threads).
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &s_, nullptr) != SQLITE_OK) error_ = sqlite3_errmsg(db);
  }
  ~Statement() { sqlite3_finalize(s_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const std::string& error() const { return error_; }
  Statement& bind(int i, std::nullptr_t) { sqlite3_bind_null(s_, i); return *this; }
  Statement& bind(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }
  Statement& bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    if (v) return bind(i, static_cast<std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>>(*v));
    return bind(i, nullptr);
  }
  Statement& bindValue(int i, const StoreValue& v) {
    if (std::holds_alternative<std::monostate>(v)) return bind(i, nullptr);
    if (const auto* d = std::get_if<double>(&v)) return bind(i, *d);
    if (const auto* n = std::get_if<std::int64_t>(&v)) return bind(i, *n);
    return bind(i, std::get<std::string>(v));
  }
  // Steps once: true while a row is ready; sets error() on failure.
  bool next() {
    if (!error_.empty()) return false;
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
    return false;
  }
  // Runs a statement that returns no rows; "" or the error.
  std::string run() {
    next();
    sqlite3_reset(s_);
    return error_;
  }
  void reset() { sqlite3_reset(s_); sqlite3_clear_bindings(s_); }
  bool null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::int64_t integer(int c) const { return sqlite3_column_int64(s_, c); }
  double real(int c) const { return sqlite3_column_double(s_, c); }
  std::string text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }
  StoreValue value(int c) const {
    switch (sqlite3_column_type(s_, c)) {
      case SQLITE_NULL: return std::monostate{};
      case SQLITE_INTEGER: return integer(c);
      case SQLITE_FLOAT: return real(c);
      default: return text(c);
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
  std::string error_;
};

std::string placeholder(std::size_t) { return "?"; }

std::string exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return "";
  std::string e = message ? message : "unknown error";
  sqlite3_free(message);
  return e;
}

class SqliteStore final : public ExperimentStore {
 public:
  SqliteStore(std::string path, sqlite3* db) : ExperimentStore(std::move(path)), db_(db) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  std::string initialise(Mode mode);
  std::vector<Run> loadRuns(std::string& error, const Selection& selection) const override;
  std::vector<Run> loadChangedRuns(std::int64_t afterSource, std::int64_t& latestSource, std::string& error) const override;
  std::string watch() override;
  bool changedSinceLastCheck() override;

 protected:
  std::string beginWrite() override {
    // Waits (busy timeout) for another writer to finish; the time bound of
    // the import's statements starts once it has the lock.
    std::string e = exec(db_, "BEGIN IMMEDIATE");
    grantTime();
    return e.empty() || !busy() ? e : lockedTooLong();
  }
  std::string commitWrite() override { return exec(db_, "COMMIT"); }
  void rollbackWrite() override { exec(db_, "ROLLBACK"); }
  // BEGIN IMMEDIATE serialises writers: no two can race for a key.
  bool lostRace(const std::string&) const override { return false; }
  std::string findRuns(const std::vector<std::string>& keys, std::unordered_map<std::string, StoredRun>& out) override;
  std::string addSource(const RunBatch& batch, std::int64_t& sourceId) override;
  std::string addRun(const Run& run, std::int64_t sourceId, std::int64_t& runId) override;
  std::string learnDevice(std::int64_t runId, const std::string& device) override {
    Statement s(db_, "UPDATE runs SET device = ? WHERE id = ?");
    s.bind(1, device).bind(2, runId);
    return s.run();
  }
  std::string addMetrics(const std::vector<NewMetric>& rows, std::int64_t sourceId) override;
  std::string finishSource(std::int64_t sourceId, std::size_t runs, std::size_t metrics) override {
    Statement s(db_, "UPDATE sources SET runs_added = ?, metrics_added = ? WHERE id = ?");
    s.bind(1, static_cast<std::int64_t>(runs)).bind(2, static_cast<std::int64_t>(metrics)).bind(3, sourceId);
    return s.run();
  }

 private:
  bool busy() const {
    const int code = sqlite3_extended_errcode(db_) & 0xff;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
  }
  std::string switchToWal();
  int version() const;
  std::string checkSchema(int version) const;
  std::vector<Run> load(const SqlCondition& where, std::string& error) const;
  sqlite3* db_;
  std::int64_t dataVersion_ = -1;

 public:
  // Statements stop (SQLITE_INTERRUPT) past this time; each public call
  // grants kStatementSeconds.
  static constexpr int kStatementSeconds = 60;
  // A writer waits this long for another to finish (a large import, six
  // imports started together) before it gives up with lockedTooLong().
  static constexpr int kBusySeconds = 60;
  static std::string lockedTooLong() {
    return "the database is locked: another process has been writing to it for over " + std::to_string(kBusySeconds) +
           " s (a paused or hung import?); try again when it has finished";
  }
  std::chrono::steady_clock::time_point deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(kStatementSeconds);
  void grantTime() const { const_cast<SqliteStore*>(this)->deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(kStatementSeconds); }
  int version_ = kSchemaVersion;  // lower for an older database opened read-only
};

// The objects and columns a Ratioscope database of `version` has, and
// nothing else; then SQLite's quick integrity check.
std::string SqliteStore::checkSchema(int version) const {
  Statement objects(db_, "SELECT type, name FROM sqlite_schema");
  while (objects.next()) {
    const std::string type = objects.text(0), name = objects.text(1);
    const bool ours = (type == "table" && (name == "sources" || name == "runs" || name == "metrics")) ||
                      (type == "index" && (name == "runs_by_model" || name.rfind("sqlite_autoindex_", 0) == 0)) ||
                      (type == "table" && name.rfind("sqlite_stat", 0) == 0);  // statistics ANALYZE keeps
    if (!ours)
      return "holds " + type + " '" + name.substr(0, 60) +
             "', which the Ratioscope schema does not define. An experiment database is data, and Ratioscope does not run SQL "
             "stored in one: refusing to open it (export its runs with the tool that added this, or import the original files again)";
  }
  if (!objects.error().empty()) return "cannot read the schema: " + objects.error();
  const std::vector<std::pair<const char*, std::string>> tables = {
      {"sources", "id, path, sha256, imported_at, runs_added, metrics_added"},
      {"runs", "id, key, " + runColumnList(version) + ", source_id, origin" + (version >= 3 ? ", origin_line, origin_pointer, eval" : "")},
      {"metrics", "run_id, name, value, stderr, n, source_id" + std::string(version >= 3 ? ", n_shot, higher_is_better" : "")}};
  for (const auto& [table, expected] : tables) {
    std::set<std::string> want, have;
    std::string columns = expected;
    for (std::size_t start = 0; start < columns.size();) {
      const std::size_t end = std::min(columns.find(", ", start), columns.size());
      if (columns.compare(start, end - start, "NULL") != 0) want.insert(columns.substr(start, end - start));
      start = end + 2;
    }
    Statement info(db_, std::string("PRAGMA table_info(") + table + ")");
    while (info.next()) have.insert(info.text(1));
    if (have != want) return std::string("table ") + table + " does not have the columns of Ratioscope schema version " + std::to_string(version);
  }
  // quick_check walks every page but does not compare indexes with their
  // table: a flipped bit in a run row leaves runs_by_model or the key index
  // pointing at a row that no longer matches, and a --where answered from
  // the index then drops that run. The full check of the runs table (a few
  // ms per thousand runs) finds that; metrics has no secondary index.
  for (const char* pragma : {"PRAGMA quick_check(1)", "PRAGMA integrity_check(runs)"}) {
    Statement check(db_, pragma);
    if (!check.next()) return "cannot check the database: " + check.error();
    if (check.text(0) != "ok") return "fails SQLite's integrity check (" + check.text(0).substr(0, 120) + "): the file is damaged; refusing to read it";
  }
  return "";
}

int SqliteStore::version() const {
  Statement s(db_, "PRAGMA user_version");
  return s.next() ? static_cast<int>(s.integer(0)) : -1;
}

// The switch of a new file to WAL needs the only lock on it, and SQLite
// does not wait for that (no busy handler): when six imports create one
// database together, all but one find it locked. Each tries again, a few
// milliseconds apart, until one has switched it (and then the file says WAL
// to all) or kBusySeconds have passed.
std::string SqliteStore::switchToWal() {
  const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(kBusySeconds);
  for (int attempt = 0;; ++attempt) {
    Statement wal(db_, "PRAGMA journal_mode = WAL");
    if (wal.next()) return wal.text(0) == "wal" ? "" : "cannot use WAL: SQLite keeps journal mode '" + wal.text(0).substr(0, 20) + "' on this file system";
    if (!busy()) return "cannot use WAL: " + (wal.error().empty() ? std::string(sqlite3_errmsg(db_)) : wal.error());
    if (std::chrono::steady_clock::now() > giveUp) return lockedTooLong();
    // Spread the retries so the contenders do not collide again in step.
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + (attempt * 7 + ::getpid()) % 20));
  }
}

std::string SqliteStore::initialise(Mode mode) {
  // An experiment database is data. Stored SQL (triggers, views, functions
  // in the schema) must never run: defensive mode and an untrusted schema
  // keep it from acting, and checkSchema() refuses a database that holds any.
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  // Every statement is bounded in time: a damaged or hostile file cannot
  // make a command or the window hang.
  sqlite3_progress_handler(
      db_, 100000, [](void* self) { return std::chrono::steady_clock::now() > static_cast<SqliteStore*>(self)->deadline_ ? 1 : 0; }, this);
  sqlite3_busy_timeout(db_, kBusySeconds * 1000);
  if (std::string e = exec(db_, "PRAGMA foreign_keys = ON"); !e.empty()) return "cannot configure: " + e;
  const int found = version();
  if (found < 0) return busy() ? lockedTooLong() : "cannot read the schema version: " + std::string(sqlite3_errmsg(db_));
  if (found > kSchemaVersion)
    return "schema version " + std::to_string(found) + " is newer than this Ratioscope understands (" + std::to_string(kSchemaVersion) + "); update Ratioscope";
  if (found >= 1)
    if (std::string why = checkSchema(found); !why.empty()) return why;
  if (mode == Mode::ReadOnly) {
    if (found < 1) {
      // A file another import is creating this moment looks the same: empty.
      Statement objects(db_, "SELECT count(*) FROM sqlite_schema");
      if (objects.next() && objects.integer(0) == 0) return "an empty SQLite database: nothing has been imported into it (yet), so it is not a Ratioscope experiment database";
      return "an SQLite database, but not a Ratioscope experiment database (no Ratioscope schema)";
    }
    version_ = found;
    return "";
  }
  // Another program's database is refused before anything is written to
  // it, the journal mode included. Count and version in one statement: one
  // snapshot, so a file another import has just created is not mistaken for
  // one (it has both its tables and its version, or neither).
  if (found == 0) {
    Statement other(db_, "SELECT (SELECT count(*) FROM sqlite_schema), (SELECT user_version FROM pragma_user_version)");
    if (!other.next()) return busy() ? lockedTooLong() : "cannot read the schema: " + other.error();
    if (other.integer(0) > 0 && other.integer(1) == 0)
      return "an SQLite database, but not a Ratioscope experiment database (it already has other tables)";
  }
  // WAL: readers never block the writer, and a crash mid-transaction leaves
  // the committed database intact. synchronous=NORMAL is durable in WAL mode
  // except for the last commits before a power loss, never corrupting.
  if (std::string e = switchToWal(); !e.empty()) return e;
  exec(db_, "PRAGMA synchronous = NORMAL");
  if (found == kSchemaVersion) return "";
  // One write transaction: another writer creating or upgrading at the same
  // moment waits, then finds the new version and does nothing.
  if (std::string e = exec(db_, "BEGIN IMMEDIATE"); !e.empty()) return busy() ? lockedTooLong() : "cannot write the schema: " + e;
  auto abandon = [&](const std::string& why) {
    exec(db_, "ROLLBACK");
    return why;
  };
  const int now = version();
  if (now == 0) {
    Statement tables(db_, "SELECT count(*) FROM sqlite_master");
    if (!tables.next()) return abandon("cannot read: " + tables.error());
    if (tables.integer(0) > 0) return abandon("an SQLite database, but not a Ratioscope experiment database (it already has other tables)");
    for (const std::string& sql : storeSchema(StoreDialect::Sqlite))
      if (std::string e = exec(db_, sql); !e.empty()) return abandon("cannot create the schema: " + e);
  } else {
    for (int v = now; v < kSchemaVersion; ++v)
      for (const std::string& sql : storeMigration(StoreDialect::Sqlite, v))
        if (std::string e = exec(db_, sql); !e.empty()) return abandon("cannot upgrade the schema: " + e);
  }
  if (std::string e = exec(db_, "PRAGMA user_version = " + std::to_string(kSchemaVersion)); !e.empty()) return abandon("cannot write the schema: " + e);
  if (std::string e = exec(db_, "COMMIT"); !e.empty()) return abandon("cannot write the schema: " + e);
  return "";
}

std::string SqliteStore::findRuns(const std::vector<std::string>& keys, std::unordered_map<std::string, StoredRun>& out) {
  Statement run(db_, "SELECT id, " + runColumnList() + " FROM runs WHERE key = ?");
  Statement metrics(db_, "SELECT " + metricColumnList() + " FROM metrics WHERE run_id = ?");
  for (const std::string& key : keys) {
    run.reset();
    run.bind(1, key);
    if (!run.next()) {
      if (!run.error().empty()) return run.error();
      continue;
    }
    StoredRun stored;
    stored.id = run.integer(0);
    std::vector<StoreValue> fields;
    for (std::size_t i = 0; i < runFieldSpecs().size(); ++i) fields.push_back(run.value(static_cast<int>(i) + 1));
    try {
      stored.run = runFromValues(fields);
    } catch (const StoreValueError& e) {
      return storedValueProblem(location(), "runs", key, e);
    }
    metrics.reset();
    metrics.bind(1, stored.id);
    while (metrics.next()) {
      std::vector<StoreValue> m;
      for (int c = 0; c < kMetricColumns; ++c) m.push_back(metrics.value(c));
      Metric metric;
      try {
        metric = metricFromValues(m);
      } catch (const StoreValueError& e) {
        return storedValueProblem(location(), "metrics", key, e);
      }
      stored.metrics.emplace(metric.name, std::move(metric));
    }
    if (!metrics.error().empty()) return metrics.error();
    out.emplace(key, std::move(stored));
  }
  return "";
}

std::string SqliteStore::addSource(const RunBatch& batch, std::int64_t& sourceId) {
  Statement s(db_, "INSERT INTO sources (path, sha256, imported_at, runs_added, metrics_added) VALUES (?, ?, ?, 0, 0)");
  s.bind(1, sourcePath(batch)).bind(2, batch.sha256).bind(3, utcTimestamp());
  if (std::string e = s.run(); !e.empty()) return e;
  sourceId = sqlite3_last_insert_rowid(db_);
  return "";
}

std::string SqliteStore::addRun(const Run& run, std::int64_t sourceId, std::int64_t& runId) {
  const std::vector<StoreValue> values = runInsertValues(run, sourceId);
  std::string marks;
  for (std::size_t i = 0; i < values.size(); ++i) marks += i ? ", ?" : "?";
  Statement s(db_, "INSERT INTO runs (" + runInsertColumns() + ") VALUES (" + marks + ")");
  for (std::size_t i = 0; i < values.size(); ++i) s.bindValue(static_cast<int>(i) + 1, values[i]);
  if (std::string e = s.run(); !e.empty()) return e;
  runId = sqlite3_last_insert_rowid(db_);
  return "";
}

std::string SqliteStore::addMetrics(const std::vector<NewMetric>& rows, std::int64_t sourceId) {
  Statement s(db_, "INSERT INTO metrics (run_id, source_id, " + metricColumnList() + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s.error().empty()) return s.error();
  for (const NewMetric& row : rows) {
    s.reset();
    s.bind(1, row.run_id).bind(2, sourceId);
    const std::vector<StoreValue> values = metricValues(*row.metric);
    for (std::size_t i = 0; i < values.size(); ++i) s.bindValue(static_cast<int>(i) + 3, values[i]);
    if (std::string e = s.run(); !e.empty()) return e;
  }
  return "";
}

std::vector<Run> SqliteStore::loadRuns(std::string& error, const Selection& selection) const {
  grantTime();
  std::vector<Run> runs = load(selectionToSql(selection, placeholder), error);
  return selection.conditions.empty() || !error.empty() ? runs : selection.apply(runs);
}

std::vector<Run> SqliteStore::loadChangedRuns(std::int64_t afterSource, std::int64_t& latestSource, std::string& error) const {
  grantTime();
  Statement latest(db_, "SELECT coalesce(max(id), 0) FROM sources");
  if (!latest.next()) { error = location() + ": cannot read sources: " + latest.error(); return {}; }
  latestSource = latest.integer(0);
  return load(changedRunsCondition(afterSource, placeholder), error);
}

std::string SqliteStore::watch() {
  changedSinceLastCheck();  // the baseline
  return "";
}

bool SqliteStore::changedSinceLastCheck() {
  // data_version changes when another connection commits, and costs no I/O.
  Statement s(db_, "PRAGMA data_version");
  const std::int64_t now = s.next() ? s.integer(0) : -1;
  const bool changed = now != dataVersion_;
  dataVersion_ = now;
  return changed;
}

std::vector<Run> SqliteStore::load(const SqlCondition& where, std::string& error) const {
  auto bindAll = [&](Statement& s) {
    for (std::size_t i = 0; i < where.values.size(); ++i) {
      if (const auto* d = std::get_if<double>(&where.values[i])) s.bind(static_cast<int>(i) + 1, *d);
      else if (const auto* n = std::get_if<std::int64_t>(&where.values[i])) s.bind(static_cast<int>(i) + 1, *n);
      else s.bind(static_cast<int>(i) + 1, std::get<std::string>(where.values[i]));
    }
  };
  StoredRunsReader reader(location(), version_);
  Statement q(db_, storedRunsQuery(version_, where.where));
  if (!q.error().empty()) { error = location() + ": cannot read runs: " + q.error(); return {}; }
  bindAll(q);
  while (q.next()) {
    std::vector<StoreValue> row;
    for (int c = 0; c < StoredRunsReader::runColumns(); ++c) row.push_back(q.value(c));
    if (!reader.addRun(row, error)) return {};
  }
  if (!q.error().empty()) { error = location() + ": cannot read runs: " + q.error(); return {}; }
  Statement m(db_, storedMetricsQuery(version_, where.where));
  if (!m.error().empty()) { error = location() + ": cannot read metrics: " + m.error(); return {}; }
  bindAll(m);
  while (m.next()) {
    std::vector<StoreValue> values;
    for (int c = 1; c <= kMetricColumns; ++c) values.push_back(m.value(c));
    if (!reader.addMetric(m.integer(0), values, error)) return {};
  }
  if (!m.error().empty()) { error = location() + ": cannot read metrics: " + m.error(); return {}; }
  return reader.take();
}

}  // namespace

std::unique_ptr<ExperimentStore> openSqliteStore(const std::string& path, std::string& error, ExperimentStore::Mode mode) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  const std::string file = ec ? path : absolute.string();
  const std::string folder = ec ? "." : absolute.parent_path().string();
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (mode == ExperimentStore::Mode::ReadOnly && !exists) {
    error = path + ": no such file";
    return nullptr;
  }
  if (exists && st.st_size > 0 && !ExperimentStore::looksLikeSqlite(path)) {
    error = path + ": not an SQLite database (an experiment database starts with the SQLite header)";
    return nullptr;
  }
  if (!exists && !fs::is_directory(folder, ec)) {
    error = path + ": cannot create the database: folder " + folder + " does not exist";
    return nullptr;
  }
  // Writing needs the file and its folder (WAL keeps -wal and -shm files
  // next to it): say so before SQLite's "attempt to write a readonly database".
  if (mode == ExperimentStore::Mode::ReadWrite) {
    if (::access(folder.c_str(), W_OK) != 0 && errno != ENOENT) {
      error = path + ": cannot " + (exists ? "write to the database" : "create the database") + ": its folder " + folder +
              " is read-only (" + std::strerror(errno) + "); nothing was written";
      return nullptr;
    }
    if (exists && ::access(path.c_str(), W_OK) != 0) {
      error = path + ": cannot write to the database: the file is read-only (" + std::strerror(errno) + "); nothing was written";
      return nullptr;
    }
  }
  sqlite3* db = nullptr;
  int flags = mode == ExperimentStore::Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  std::string name = path;
  // A database in a folder we cannot write (installed examples under
  // /usr/share): a WAL database cannot even be read there, since reading
  // needs its -shm file. Opened immutable, it reads without one.
  if (mode == ExperimentStore::Mode::ReadOnly && (::access(folder.c_str(), W_OK) != 0 || ::access(path.c_str(), W_OK) != 0)) {
    name = "file:";
    for (char c : file) {
      if (c == '%' || c == '?' || c == '#') {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
        name += hex;
      } else {
        name += c;
      }
    }
    name += "?immutable=1";
    flags |= SQLITE_OPEN_URI;
  }
  if (sqlite3_open_v2(name.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    error = path + ": cannot open: " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close_v2(db);
    return nullptr;
  }
  auto store = std::make_unique<SqliteStore>(path, db);
  if (std::string why = store->initialise(mode); !why.empty()) {
    error = path + ": " + why;
    return nullptr;
  }
  return store;
}

}  // namespace rs
