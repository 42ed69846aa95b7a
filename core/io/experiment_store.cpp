#include "core/io/experiment_store.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <sqlite3.h>

#include <unordered_map>

#include "core/model/run_fields.h"

namespace rs {
namespace {

QSqlDatabase db(const std::string& connection) { return QSqlDatabase::database(QString::fromStdString(connection), false); }

std::string sqlError(const QSqlQuery& q) { return q.lastError().text().toStdString(); }

// Executes one statement, returning its error text ("" on success).
std::string exec(QSqlQuery& q, const QString& sql) { return q.exec(sql) ? "" : sqlError(q); }

const char* kSchema[] = {
    "CREATE TABLE sources (id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " imported_at TEXT NOT NULL, runs_added INTEGER NOT NULL, metrics_added INTEGER NOT NULL)",
    "CREATE TABLE runs (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, family TEXT NOT NULL,"
    " model TEXT NOT NULL, method TEXT NOT NULL, params REAL, tokens REAL, ratio REAL, bits REAL,"
    " sparsity REAL, structured INTEGER, rank REAL, rft_tokens REAL, distilled INTEGER, seed INTEGER,"
    " size_bytes REAL, latency_ms REAL, device TEXT, source_id INTEGER NOT NULL REFERENCES sources(id), origin TEXT NOT NULL,"
    " origin_line INTEGER, origin_pointer TEXT, eval TEXT)",
    "CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, name TEXT NOT NULL,"
    " value REAL NOT NULL, stderr REAL, n INTEGER, source_id INTEGER NOT NULL REFERENCES sources(id),"
    " n_shot INTEGER, higher_is_better INTEGER, PRIMARY KEY (run_id, name)) WITHOUT ROWID",
    "CREATE INDEX runs_by_model ON runs(family, model, method)",
};

// Upgrades in place, kMigrations[v - 1] taking version v to v + 1. Columns
// are only ever added, so an older database reads as NULLs for them.
const std::vector<std::vector<const char*>> kMigrations = {
    // 2: where the run was measured.
    {"ALTER TABLE runs ADD COLUMN device TEXT"},
    // 3: structured provenance (line or JSON pointer of the run in its file),
    // evaluation settings, and per-metric few-shot count and direction.
    {"ALTER TABLE runs ADD COLUMN origin_line INTEGER", "ALTER TABLE runs ADD COLUMN origin_pointer TEXT",
     "ALTER TABLE runs ADD COLUMN eval TEXT", "ALTER TABLE metrics ADD COLUMN n_shot INTEGER",
     "ALTER TABLE metrics ADD COLUMN higher_is_better INTEGER"},
};

// Evaluation settings as one JSON object in a TEXT column: a handful of
// free-form keys per run, never queried on their own.
QString evalToText(const std::map<std::string, std::string>& eval) {
  if (eval.empty()) return QString();
  QJsonObject o;
  for (const auto& [k, v] : eval) o[QString::fromStdString(k)] = QString::fromStdString(v);
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
std::map<std::string, std::string> evalFromText(const QString& text) {
  std::map<std::string, std::string> out;
  const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
  for (auto it = o.begin(); it != o.end(); ++it) out.emplace(it.key().toStdString(), it.value().toString().toStdString());
  return out;
}

// Run field values in runFieldSpecs() order, typed for SQLite.
QVariant fieldVariant(const Run& run, const RunFieldSpec& spec) {
  if (spec.kind == FieldKind::Text) {
    const auto text = runFieldText(run, spec.name);  // unset (a device not recorded) is NULL
    return text ? QVariant(QString::fromStdString(*text)) : QVariant();
  }
  const auto v = runFieldNumber(run, spec.name);
  if (!v) return QVariant();
  if (spec.kind == FieldKind::Number) return *v;
  return static_cast<qlonglong>(*v);
}

// `withDevice` false reads a version-1 database, which has no device column.
QString runColumnList(bool withDevice = true) {
  QStringList names;
  for (const RunFieldSpec& s : runFieldSpecs())
    names << (s.name == "device" && !withDevice ? QStringLiteral("NULL") : QString::fromUtf8(s.name.data(), static_cast<qsizetype>(s.name.size())));
  return names.join(QLatin1String(", "));
}

// Reads the run fields of the current row, starting at column `first`.
Run runFromRow(const QSqlQuery& q, int first) {
  Run run;
  int col = first;
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    const QVariant v = q.value(col++);
    if (v.isNull()) continue;
    std::string text;
    if (spec.kind == FieldKind::Text) text = v.toString().toStdString();
    else if (spec.kind == FieldKind::Number) text = formatNumber(v.toDouble());
    else text = std::to_string(v.toLongLong());
    setRunField(run, spec.name, text);
  }
  return run;
}

// Inserts metric rows through SQLite's C API on the QtSql connection's own
// handle, inside the same transaction. QtSql's per-value binding overhead
// (it names every positional placeholder) made it the import bottleneck:
// see tests/bench/bench_import.cpp for the figures.
class MetricWriter {
 public:
  MetricWriter(const QSqlDatabase& d, qlonglong sourceId) : sourceId_(sourceId) {
    const QVariant handle = d.driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) db_ = *static_cast<sqlite3* const*>(handle.data());
    if (!db_) { error_ = "the SQLite driver gave no connection handle"; return; }
    if (sqlite3_prepare_v2(db_, "INSERT INTO metrics (run_id, name, value, stderr, n, source_id, n_shot, higher_is_better) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1,
                           &statement_, nullptr) != SQLITE_OK)
      error_ = sqlite3_errmsg(db_);
  }
  ~MetricWriter() { sqlite3_finalize(statement_); }
  MetricWriter(const MetricWriter&) = delete;
  MetricWriter& operator=(const MetricWriter&) = delete;

  // Writes one row; returns "" or SQLite's message.
  std::string add(qlonglong runId, const Metric& m) {
    if (!error_.empty()) return error_;
    sqlite3_bind_int64(statement_, 1, runId);
    sqlite3_bind_text(statement_, 2, m.name.data(), static_cast<int>(m.name.size()), SQLITE_STATIC);
    sqlite3_bind_double(statement_, 3, m.value);
    if (m.std_error) sqlite3_bind_double(statement_, 4, *m.std_error);
    else sqlite3_bind_null(statement_, 4);
    if (m.n) sqlite3_bind_int64(statement_, 5, *m.n);
    else sqlite3_bind_null(statement_, 5);
    sqlite3_bind_int64(statement_, 6, sourceId_);
    if (m.n_shot) sqlite3_bind_int64(statement_, 7, *m.n_shot);
    else sqlite3_bind_null(statement_, 7);
    if (m.higher_is_better) sqlite3_bind_int64(statement_, 8, *m.higher_is_better ? 1 : 0);
    else sqlite3_bind_null(statement_, 8);
    const int rc = sqlite3_step(statement_);
    sqlite3_reset(statement_);
    return rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  qlonglong sourceId_;
  std::string error_;
};

}  // namespace

bool ExperimentStore::looksLikeSqlite(const std::string& path) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return false;
  const QByteArray head = f.read(16);
  return startsWithSqliteHeader(std::string_view(head.constData(), static_cast<std::size_t>(head.size())));
}

ExperimentStore::ExperimentStore(std::string path, std::string connection)
    : path_(std::move(path)), connection_(std::move(connection)) {}

ExperimentStore::~ExperimentStore() {
  { QSqlDatabase d = db(connection_); if (d.isOpen()) d.close(); }
  QSqlDatabase::removeDatabase(QString::fromStdString(connection_));
}

std::unique_ptr<ExperimentStore> ExperimentStore::open(const std::string& path, std::string& error, Mode mode) {
  const QFileInfo info(QString::fromStdString(path));
  if (mode == Mode::ReadOnly && !info.exists()) {
    error = path + ": no such file";
    return nullptr;
  }
  if (info.exists() && info.size() > 0 && !looksLikeSqlite(path)) {
    error = path + ": not an SQLite database (an experiment database starts with the SQLite header)";
    return nullptr;
  }
  if (!info.exists() && !info.absoluteDir().exists()) {
    error = path + ": cannot create the database: folder " + info.absolutePath().toStdString() + " does not exist";
    return nullptr;
  }
  static QAtomicInteger<int> counter;
  const std::string connection = "ratioscope-store-" + std::to_string(counter.fetchAndAddRelaxed(1));
  std::unique_ptr<ExperimentStore> store(new ExperimentStore(path, connection));
  {
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QString::fromStdString(connection));
    d.setDatabaseName(QString::fromStdString(path));
    if (mode == Mode::ReadOnly) d.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    if (!d.open()) {
      error = path + ": cannot open: " + d.lastError().text().toStdString();
      return nullptr;
    }
  }
  if (std::string why = store->initialiseSchema(mode); !why.empty()) {
    error = path + ": " + why;
    return nullptr;
  }
  return store;
}

std::string ExperimentStore::initialiseSchema(Mode mode) {
  QSqlDatabase d = db(connection_);
  QSqlQuery q(d);
  for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"})
    if (std::string e = exec(q, QLatin1String(pragma)); !e.empty()) return "cannot configure: " + e;
  if (mode == Mode::ReadOnly) {
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) return "cannot read the schema version: " + sqlError(q);
    const int version = q.value(0).toInt();
    if (version > kSchemaVersion)
      return "schema version " + std::to_string(version) + " is newer than this Ratioscope understands (" +
             std::to_string(kSchemaVersion) + "); update Ratioscope";
    if (version < 1) return "an SQLite database, but not a Ratioscope experiment database (no Ratioscope schema)";
    version_ = version;
    return "";
  }
  // WAL: readers never block the writer, and a crash mid-transaction leaves
  // the committed database intact. synchronous=NORMAL is durable in WAL mode
  // except for the last commits before a power loss, never corrupting.
  if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL"))) return "cannot use WAL: " + sqlError(q);
  exec(q, QStringLiteral("PRAGMA synchronous = NORMAL"));
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) return "cannot read the schema version: " + sqlError(q);
  const int version = q.value(0).toInt();
  if (version > kSchemaVersion)
    return "schema version " + std::to_string(version) + " is newer than this Ratioscope understands (" +
           std::to_string(kSchemaVersion) + "); update Ratioscope";
  if (version == kSchemaVersion) return "";
  if (version >= 1) {
    // One write transaction: another writer upgrading at the same moment
    // waits, then finds the new version and adds nothing.
    if (std::string e = exec(q, QStringLiteral("BEGIN IMMEDIATE")); !e.empty()) return "cannot upgrade the schema: " + e;
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) { exec(q, QStringLiteral("ROLLBACK")); return "cannot read the schema version: " + sqlError(q); }
    for (int v = q.value(0).toInt(); v < kSchemaVersion; ++v)
      for (const char* sql : kMigrations[static_cast<std::size_t>(v - 1)])
        if (std::string e = exec(q, QLatin1String(sql)); !e.empty()) {
          exec(q, QStringLiteral("ROLLBACK"));
          return "cannot upgrade the schema: " + e;
        }
    if (std::string e = exec(q, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)); !e.empty()) {
      exec(q, QStringLiteral("ROLLBACK"));
      return "cannot upgrade the schema: " + e;
    }
    if (std::string e = exec(q, QStringLiteral("COMMIT")); !e.empty()) return "cannot upgrade the schema: " + e;
    return "";
  }
  if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next()) return "cannot read: " + sqlError(q);
  if (q.value(0).toInt() > 0) return "an SQLite database, but not a Ratioscope experiment database (it already has other tables)";
  if (!d.transaction()) return "cannot start a transaction: " + d.lastError().text().toStdString();
  for (const char* sql : kSchema)
    if (std::string e = exec(q, QLatin1String(sql)); !e.empty()) { d.rollback(); return "cannot create the schema: " + e; }
  exec(q, QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion));
  if (!d.commit()) return "cannot create the schema: " + d.lastError().text().toStdString();
  return "";
}

std::optional<ImportError> ExperimentStore::importFile(const std::string& path, ImportSummary& summary, const ImportOptions& options) {
  const ImportResult read = rs::importFile(path, options);
  if (!read.ok()) return read.error;
  return importRuns(read.batch, summary);
}

std::optional<ImportError> ExperimentStore::importRuns(const RunBatch& parsed, ImportSummary& summary) {
  summary = ImportSummary{};
  summary.file = parsed.file;
  summary.warnings = parsed.warnings;
  summary.format = parsed.format;
  summary.notes = parsed.notes;
  QSqlDatabase d = db(connection_);
  // A run's own place in its file: the line or JSON pointer, never parsed
  // back out of text.
  auto failure = [&](const RunSource& where, const std::string& message, const std::string& column = "") {
    d.rollback();
    summary = ImportSummary{};
    summary.file = parsed.file;
    return ImportError{parsed.file, where.line, column, message, where.pointer};
  };
  if (!d.transaction()) return ImportError{path_, 0, "", "cannot start a transaction: " + d.lastError().text().toStdString()};

  QSqlQuery source(d);
  source.prepare(QStringLiteral("INSERT INTO sources (path, sha256, imported_at, runs_added, metrics_added) VALUES (?, ?, ?, 0, 0)"));
  source.addBindValue(QFileInfo(QString::fromStdString(parsed.file)).absoluteFilePath());
  source.addBindValue(QString::fromStdString(parsed.sha256));
  source.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
  if (!source.exec()) return failure(RunSource{}, "cannot record the import in " + path_ + ": " + sqlError(source));
  const qlonglong sourceId = source.lastInsertId().toLongLong();

  QSqlQuery findRun(d), insertRun(d), findMetric(d), setDevice(d);
  setDevice.prepare(QStringLiteral("UPDATE runs SET device = ? WHERE id = ?"));
  MetricWriter metricWriter(d, sourceId);
  findRun.prepare(QStringLiteral("SELECT id, %1 FROM runs WHERE key = ?").arg(runColumnList()));
  QString placeholders;
  for (std::size_t i = 0; i < runFieldSpecs().size(); ++i) placeholders += QStringLiteral(", ?");
  insertRun.prepare(QStringLiteral("INSERT INTO runs (key, %1, source_id, origin, origin_line, origin_pointer, eval) VALUES (?%2, ?, ?, ?, ?, ?)")
                        .arg(runColumnList(), placeholders));
  findMetric.prepare(QStringLiteral("SELECT value, stderr, n, n_shot, higher_is_better FROM metrics WHERE run_id = ? AND name = ?"));

  for (const Run& run : parsed.runs) {
    findRun.addBindValue(QString::fromStdString(run.key));
    if (!findRun.exec()) return failure(run.source, "cannot read " + path_ + ": " + sqlError(findRun));
    qlonglong runId = 0;
    const bool existed = findRun.next();
    if (existed) {
      runId = findRun.value(0).toLongLong();
      const Run stored = runFromRow(findRun, 1);
      if (const std::string field = stored.firstDifferingField(run); !field.empty())
        return failure(run.source, "run '" + run.key + "' is already in " + path_ + " with " + field + " '" +
                                        runFieldText(stored, field).value_or("") + "', but this file gives '" +
                                        runFieldText(run, field).value_or("") + "' (conflicting duplicate run)",
                       field);
      if (stored.device.empty() && !run.device.empty()) {  // learnt now: keep it
        setDevice.addBindValue(QString::fromStdString(run.device));
        setDevice.addBindValue(runId);
        if (!setDevice.exec()) return failure(run.source, "cannot write " + path_ + ": " + sqlError(setDevice));
      }
      ++summary.runs_existing;
    } else {
      insertRun.addBindValue(QString::fromStdString(run.key));
      for (const RunFieldSpec& spec : runFieldSpecs()) insertRun.addBindValue(fieldVariant(run, spec));
      insertRun.addBindValue(sourceId);
      insertRun.addBindValue(QString::fromStdString(run.source.file.empty() ? run.source.producer : run.source.file));
      insertRun.addBindValue(run.source.line > 0 ? QVariant(static_cast<qlonglong>(run.source.line)) : QVariant());
      insertRun.addBindValue(run.source.pointer.empty() ? QVariant() : QVariant(QString::fromStdString(run.source.pointer)));
      const QString eval = evalToText(run.eval);
      insertRun.addBindValue(eval.isEmpty() ? QVariant() : QVariant(eval));
      if (!insertRun.exec()) return failure(run.source, "cannot write " + path_ + ": " + sqlError(insertRun));
      runId = insertRun.lastInsertId().toLongLong();
      ++summary.runs_added;
    }
    findRun.finish();
    for (const Metric& m : run.metrics) {
      if (existed) {
        findMetric.addBindValue(runId);
        findMetric.addBindValue(QString::fromStdString(m.name));
        if (!findMetric.exec()) return failure(run.source, "cannot read " + path_ + ": " + sqlError(findMetric));
        if (findMetric.next()) {
          Metric stored;
          stored.name = m.name;
          stored.value = findMetric.value(0).toDouble();
          if (!findMetric.value(1).isNull()) stored.std_error = findMetric.value(1).toDouble();
          if (!findMetric.value(2).isNull()) stored.n = findMetric.value(2).toLongLong();
          if (!findMetric.value(3).isNull()) stored.n_shot = findMetric.value(3).toInt();
          if (!findMetric.value(4).isNull()) stored.higher_is_better = findMetric.value(4).toInt() != 0;
          findMetric.finish();
          if (!(stored == m))
            return failure(run.source, "metric '" + m.name + "' of run '" + run.key + "' is already in " + path_ +
                                            " with value " + formatNumber(stored.value) +
                                            (stored.value == m.value ? " but a different stderr or n" : ", but this file gives " + formatNumber(m.value)) +
                                            " (conflicting duplicate)",
                           m.name);
          ++summary.metrics_existing;
          continue;
        }
        findMetric.finish();
      }
      if (std::string e = metricWriter.add(runId, m); !e.empty()) return failure(run.source, "cannot write " + path_ + ": " + e);
      ++summary.metrics_added;
    }
  }
  QSqlQuery totals(d);
  totals.prepare(QStringLiteral("UPDATE sources SET runs_added = ?, metrics_added = ? WHERE id = ?"));
  totals.addBindValue(static_cast<qlonglong>(summary.runs_added));
  totals.addBindValue(static_cast<qlonglong>(summary.metrics_added));
  totals.addBindValue(sourceId);
  if (!totals.exec()) return failure(RunSource{}, "cannot write " + path_ + ": " + sqlError(totals));
  if (!d.commit()) return failure(RunSource{}, "cannot commit to " + path_ + ": " + d.lastError().text().toStdString());
  return std::nullopt;
}

std::vector<Run> ExperimentStore::loadRuns(std::string& error) const {
  std::vector<Run> runs;
  QSqlQuery q(db(connection_));
  q.setForwardOnly(true);
  const bool v3 = version_ >= 3;
  const QString v3Columns = v3 ? QStringLiteral("r.origin_line, r.origin_pointer, r.eval") : QStringLiteral("NULL, NULL, NULL");
  if (!q.exec(QStringLiteral("SELECT r.id, r.key, r.origin, s.path, s.sha256, %2, %1 FROM runs r LEFT JOIN sources s ON s.id = r.source_id ORDER BY r.id")
                  .arg(runColumnList(version_ >= 2), v3Columns))) {
    error = path_ + ": cannot read runs: " + sqlError(q);
    return {};
  }
  std::unordered_map<qlonglong, std::size_t> index;
  while (q.next()) {
    Run run = runFromRow(q, 8);
    run.id = q.value(0).toLongLong();
    run.key = q.value(1).toString().toStdString();
    // `origin` is the file as given (or the producer); before version 3 it
    // was "file:line" text, kept whole rather than parsed.
    // A run read from a file has the file's hash; a trial's has none.
    const bool located = v3 && !q.value(4).toString().isEmpty();
    if (located) {
      run.source.file = q.value(2).toString().toStdString();
      run.source.line = q.value(5).isNull() ? 0 : static_cast<std::size_t>(q.value(5).toLongLong());
      run.source.pointer = q.value(6).toString().toStdString();
      run.source.sha256 = q.value(4).toString().toStdString();
    } else {
      run.source.producer = q.value(2).toString().toStdString();
    }
    if (!q.value(7).isNull()) run.eval = evalFromText(q.value(7).toString());
    index.emplace(run.id, runs.size());
    runs.push_back(std::move(run));
  }
  QSqlQuery m(db(connection_));
  m.setForwardOnly(true);
  // Metrics come back in primary-key order: by run, then by name.
  const QString metricExtras = v3 ? QStringLiteral("n_shot, higher_is_better") : QStringLiteral("NULL, NULL");
  if (!m.exec(QStringLiteral("SELECT run_id, name, value, stderr, n, %1 FROM metrics ORDER BY run_id, name").arg(metricExtras))) {
    error = path_ + ": cannot read metrics: " + sqlError(m);
    return {};
  }
  while (m.next()) {
    auto it = index.find(m.value(0).toLongLong());
    if (it == index.end()) continue;
    Metric metric;
    metric.name = m.value(1).toString().toStdString();
    metric.value = m.value(2).toDouble();
    if (!m.value(3).isNull()) metric.std_error = m.value(3).toDouble();
    if (!m.value(4).isNull()) metric.n = m.value(4).toLongLong();
    if (!m.value(5).isNull()) metric.n_shot = m.value(5).toInt();
    if (!m.value(6).isNull()) metric.higher_is_better = m.value(6).toInt() != 0;
    runs[it->second].metrics.push_back(std::move(metric));
  }
  return runs;
}

}  // namespace rs
