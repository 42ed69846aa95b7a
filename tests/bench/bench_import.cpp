// Import benchmark: a generated long-format CSV of 1,000,000 metric rows
// (50,000 runs x 20 metrics) parsed, written to a fresh experiment store and
// loaded back, with rows per second for each stage: SQLite, and PostgreSQL
// (a real server started for the run; metrics go in with COPY) beside it.
// Then eight writers importing at once into each backend, in runs per
// second. And where PostgreSQL's write time goes: the share of inserting
// metric rows that the per-row foreign-key checks take (EXPLAIN ANALYZE). Reference in the same run: pandas.read_csv on the same file
// (parsing only, no validation, no database), when python3-pandas is
// installed.
//
// usage: bench_import [ROWS]   (default 1000000)
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <cstdio>
#include <random>

#include "core/io/csv/csv_importer.h"
#include "core/io/store/experiment_store.h"
#include "tests/support/pg_server.h"

#include <libpq-fe.h>

#include <thread>

using namespace rs;

namespace {

constexpr int kMetricsPerRun = 20;

void writeCsv(const QString& path, long rows) {
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write("run,family,model,params,tokens,method,ratio,bits,sparsity,seed,metric,value,stderr,n\n");
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const char* methods[] = {"magnitude", "rtn", "structured", "nm24"};
  QByteArray buffer;
  buffer.reserve(1 << 20);
  char line[256];
  for (long i = 0; i < rows; ++i) {
    const long run = i / kMetricsPerRun;
    const int metric = static_cast<int>(i % kMetricsPerRun);
    const int model = static_cast<int>(run % 8);
    const double ratio = static_cast<double>(run % 10) / 10.0;
    const char* method = ratio == 0 ? "" : methods[run % 4];
    const int n = snprintf(line, sizeof line, "r%ld,bench,m%d,%de8,%de9,%s,%s,%s,%s,%ld,task%02d,%.6f,%.6f,%d\n", run, model,
                           model + 1, (model + 1) * 20, method, ratio == 0 ? "" : QByteArray::number(ratio).constData(),
                           ratio == 0 ? "" : "4", ratio == 0 ? "" : "0.5", run % 3, metric, u(rng), 0.01 * u(rng), 1000);
    buffer.append(line, n);
    if (buffer.size() > (1 << 20) - 256) { f.write(buffer); buffer.clear(); }
  }
  f.write(buffer);
}

double perSecond(long rows, qint64 ms) { return ms > 0 ? rows * 1000.0 / ms : 0.0; }

// Writes `batch` into a fresh store at `url` and loads it back; prints both.
bool storeAndLoad(const std::string& url, const char* name, const RunBatch& batch, long rows, qint64& storeMs) {
  std::string error;
  auto store = ExperimentStore::open(url, error);
  if (!store) { std::fprintf(stderr, "%s\n", error.c_str()); return false; }
  ImportSummary summary;
  QElapsedTimer t;
  t.start();
  if (auto e = store->importRuns(batch, summary)) { std::fprintf(stderr, "%s\n", e->text().c_str()); return false; }
  storeMs = t.elapsed();
  t.restart();
  const auto loaded = store->loadRuns(error);
  const qint64 loadMs = t.elapsed();
  std::size_t loadedMetrics = 0;
  for (const Run& r : loaded) loadedMetrics += r.metrics.size();
  if (loadedMetrics != static_cast<std::size_t>(rows)) { std::fprintf(stderr, "%s: loaded %zu metrics, expected %ld\n", name, loadedMetrics, rows); return false; }
  std::printf("  write to %-10s %7.3f s  %10.0f rows/s  (one transaction)\n", name, storeMs / 1e3, perSecond(rows, storeMs));
  std::printf("  load back from %-4s %7.3f s  %10.0f rows/s\n", name, loadMs / 1e3, perSecond(rows, loadMs));
  return true;
}

// Eight writers at once, each importing its own 500 runs of 20 metrics
// (separate connections, as separate processes would): runs per second, or
// 0 when one failed or the store does not then hold the 4,000 runs once.
double concurrentWriters(const std::string& url, const RunBatch& batch) {
  constexpr int kWriters = 8, kRunsEach = 500;
  std::vector<RunBatch> parts(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    parts[w].file = "writer" + std::to_string(w);
    for (int i = 0; i < kRunsEach; ++i) parts[w].runs.push_back(batch.runs[static_cast<std::size_t>(w * kRunsEach + i)]);
  }
  QElapsedTimer t;
  t.start();
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kWriters);
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      std::string error;
      auto store = ExperimentStore::open(url, error);
      ImportSummary s;
      if (!store) errors[w] = error;
      else if (auto e = store->importRuns(parts[w], s)) errors[w] = e->text();
    });
  for (auto& th : writers) th.join();
  const double perSecond = kWriters * kRunsEach * 1000.0 / std::max<qint64>(1, t.elapsed());
  for (const auto& e : errors)
    if (!e.empty()) { std::fprintf(stderr, "%s\n", e.c_str()); return 0; }
  // A figure only for a store that kept every run once (outside the timing).
  std::string error;
  auto store = ExperimentStore::open(url, error, ExperimentStore::Mode::ReadOnly);
  const std::size_t stored = store ? store->loadRuns(error).size() : 0;
  if (stored != static_cast<std::size_t>(kWriters * kRunsEach)) {
    std::fprintf(stderr, "%s: %zu runs stored by %d writers of %d each %s\n", url.c_str(), stored, kWriters, kRunsEach, error.c_str());
    return 0;
  }
  return perSecond;
}

// The metrics table's two foreign keys (run_id, source_id) are checked by a
// trigger per inserted row. Inserts `rows` stored metrics into a scratch
// copy of the table with the same primary key and foreign keys, under
// EXPLAIN ANALYZE, in a transaction that is rolled back; prints the
// triggers' share of the time.
void foreignKeyShare(const std::string& url, long rows) {
  PGconn* c = PQconnectdb(url.c_str());
  auto exec = [&](const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    const std::string text = ok && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : (ok ? "" : PQerrorMessage(c));
    PQclear(r);
    return std::make_pair(ok, text);
  };
  std::string error, plan;
  if (PQstatus(c) != CONNECTION_OK) error = PQerrorMessage(c);
  for (const char* sql : {"BEGIN", "CREATE TABLE fk_probe (LIKE metrics INCLUDING ALL)",
                          "ALTER TABLE fk_probe ADD FOREIGN KEY (run_id) REFERENCES runs(id), ADD FOREIGN KEY (source_id) REFERENCES sources(id)"})
    if (error.empty() && !exec(sql).first) error = PQerrorMessage(c);
  if (error.empty()) {
    const auto [ok, text] = exec("EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO fk_probe SELECT * FROM metrics LIMIT " + std::to_string(rows));
    (ok ? plan : error) = text;
  }
  exec("ROLLBACK");
  PQfinish(c);
  if (!error.empty()) { std::printf("  foreign-key checks: not measured (%s)\n", error.c_str()); return; }
  const QJsonObject top = QJsonDocument::fromJson(QByteArray::fromStdString(plan)).array().at(0).toObject();
  double triggersMs = 0;
  for (const QJsonValue& t : top.value(QStringLiteral("Triggers")).toArray()) triggersMs += t.toObject().value(QStringLiteral("Time")).toDouble();
  const double totalMs = top.value(QStringLiteral("Execution Time")).toDouble();
  std::printf("  PostgreSQL: inserting %ld metric rows takes %.3f s, of which the foreign-key checks %.3f s (%.0f%%; EXPLAIN ANALYZE)\n", rows,
              totalMs / 1e3, triggersMs / 1e3, totalMs > 0 ? 100 * triggersMs / totalMs : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const long rows = argc > 1 ? std::atol(argv[1]) : 1000000;
  QTemporaryDir dir;
  const QString csv = dir.filePath(QStringLiteral("bench.csv"));
  writeCsv(csv, rows);
  std::printf("bench_import: %ld metric rows, %.1f MB CSV\n", rows, QFileInfo(csv).size() / 1e6);

  QElapsedTimer t;
  t.start();
  const ImportResult parsed = importCsvFile(csv.toStdString());
  const qint64 parseMs = t.elapsed();
  if (!parsed.ok()) { std::fprintf(stderr, "%s\n", parsed.error->text().c_str()); return 1; }

  std::printf("  parse+validate CSV  %7.3f s  %10.0f rows/s  (%zu runs)\n", parseMs / 1e3, perSecond(rows, parseMs), parsed.batch.runs.size());
  qint64 sqliteMs = 0, pgMs = 0;
  if (!storeAndLoad(dir.filePath(QStringLiteral("bench.sqlite")).toStdString(), "SQLite", parsed.batch, rows, sqliteMs)) return 1;
  std::printf("  import total        %7.3f s  %10.0f rows/s\n", (parseMs + sqliteMs) / 1e3, perSecond(rows, parseMs + sqliteMs));
  test::PgServer server;
  if (!server.ok()) {
    std::printf("  PostgreSQL: no server (%s)\n", qPrintable(server.error()));
  } else {
    qputenv("PGPASSWORD", test::PgServer::kPassword);
    server.createDatabase(QStringLiteral("bench"));
    if (!storeAndLoad(server.url(QStringLiteral("bench")), "PostgreSQL", parsed.batch, rows, pgMs)) return 1;
    std::printf("  ratio PostgreSQL / SQLite write time = %.2f\n", static_cast<double>(pgMs) / std::max<qint64>(1, sqliteMs));
    foreignKeyShare(server.url(QStringLiteral("bench")), std::min(rows, 200000L));
    server.createDatabase(QStringLiteral("writers"));
    std::printf("  8 concurrent writers: SQLite %8.0f runs/s, PostgreSQL %8.0f runs/s\n",
                concurrentWriters(dir.filePath(QStringLiteral("writers.sqlite")).toStdString(), parsed.batch),
                concurrentWriters(server.url(QStringLiteral("writers")), parsed.batch));
  }

  // Debian's interpreter first: python3-pandas installs there, and a PATH
  // python3 may be another build without it.
  QProcess python;
  const QString interpreter = QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
  python.start(interpreter, {QStringLiteral(RS_PANDAS_REFERENCE), csv});
  if (!python.waitForFinished(600000) || python.exitCode() != 0) {
    std::printf("  reference: python3 not available; no ratio\n");
    return 0;
  }
  const QString out = QString::fromUtf8(python.readAllStandardOutput()).trimmed();
  if (!out.startsWith(QLatin1String("pandas_seconds="))) {
    std::printf("  reference: pandas not installed (apt-get install python3-pandas); no ratio\n");
    return 0;
  }
  const double pandasSeconds = out.section(QLatin1Char('='), 1).section(QLatin1Char(' '), 0, 0).toDouble();
  std::printf("  reference pandas.read_csv  %7.3f s  %10.0f rows/s\n", pandasSeconds, rows / pandasSeconds);
  std::printf("  ratio parse+validate / pandas.read_csv = %.2f (below 1 is faster than pandas)\n", parseMs / 1e3 / pandasSeconds);
  std::printf("  ratio import total / pandas.read_csv   = %.2f\n", (parseMs + sqliteMs) / 1e3 / pandasSeconds);
  return 0;
}
