#include "core/io/dataset_source.h"

#include <QFileInfo>

#include "core/io/csv_import.h"
#include "core/io/experiment_store.h"

namespace rs {

LoadedRuns loadRuns(const std::string& path) {
  LoadedRuns out;
  out.path = path;
  const QFileInfo info(QString::fromStdString(path));
  if (!info.exists()) { out.error = path + ": no such file"; return out; }
  if (info.isDir()) { out.error = path + ": is a folder, not a CSV file or experiment database"; return out; }
  if (ExperimentStore::looksLikeSqlite(path)) {
    out.from_database = true;
    auto store = ExperimentStore::open(path, out.error, ExperimentStore::Mode::ReadOnly);
    if (store) out.runs = store->loadRuns(out.error);
    return out;
  }
  const QString suffix = info.suffix().toLower();
  if (suffix == QLatin1String("sqlite") || suffix == QLatin1String("sqlite3") || suffix == QLatin1String("db")) {
    out.error = path + ": named like a database, but not an SQLite database (it does not start with the SQLite header)";
    return out;
  }
  CsvImportResult csv = importCsvFile(path);
  if (!csv.ok()) { out.error = csv.error->text(); return out; }
  out.runs = std::move(csv.parsed.runs);
  out.warnings = std::move(csv.parsed.warnings);
  for (std::size_t i = 0; i < out.runs.size(); ++i) out.runs[i].id = static_cast<std::int64_t>(i + 1);
  return out;
}

}  // namespace rs
