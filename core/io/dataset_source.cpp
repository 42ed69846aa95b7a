#include "core/io/dataset_source.h"

#include <QFileInfo>

#include "core/io/input_file.h"
#include "core/io/store/experiment_store.h"

namespace rs {

std::string mergeBatches(const std::vector<RunBatch>& batches, std::vector<Run>& out) {
  RunBatch merged;
  RunCollector collector(merged, false);
  try {
    for (const RunBatch& b : batches)
      for (const Run& run : b.runs) collector.addByKey(run.key, run, run.source);
  } catch (const RunRuleError& e) {
    return e.where.text() + ": " + e.what();
  }
  out = std::move(merged.runs);
  return "";
}

LoadedRuns loadRuns(const std::string& path, const ImportOptions& options, const Selection& selection) {
  LoadedRuns out;
  out.path = path;
  const bool url = ExperimentStore::isStoreUrl(path);
  // Before anything opens it: opening a FIFO blocks until someone writes.
  if (std::string why = url ? "" : inputFileProblem(path); !why.empty()) { out.error = path + ": " + why; return out; }
  const QFileInfo info(QString::fromStdString(path));
  if (!url && !info.exists()) { out.error = path + ": no such file"; return out; }
  if (url || (!info.isDir() && ExperimentStore::looksLikeSqlite(path))) {
    out.from_database = true;
    auto store = ExperimentStore::open(path, out.error, ExperimentStore::Mode::ReadOnly);
    if (store) out.runs = store->loadRuns(out.error, selection);
    return out;
  }
  const QString suffix = info.suffix().toLower();
  if (!info.isDir() && (suffix == QLatin1String("sqlite") || suffix == QLatin1String("sqlite3") || suffix == QLatin1String("db"))) {
    // An import creating it this moment leaves it empty for a while.
    if (info.size() == 0) { out.error = path + ": an empty file: nothing has been imported into it (yet)"; return out; }
    out.error = path + ": named like a database, but not an SQLite database (it does not start with the SQLite header)";
    return out;
  }
  const std::vector<std::string> files = importableFiles(path, out.error);
  if (!out.error.empty()) return out;
  std::vector<RunBatch> batches;
  std::vector<int> rowsUsed;
  for (const std::string& file : files) {
    ImportResult r = importFile(file, options);
    if (!r.ok()) { out.error = r.error->text(); return out; }
    rowsUsed.insert(rowsUsed.end(), r.placement_rows.begin(), r.placement_rows.end());
    out.warnings.insert(out.warnings.end(), r.batch.warnings.begin(), r.batch.warnings.end());
    out.notes.insert(out.notes.end(), r.batch.notes.begin(), r.batch.notes.end());
    batches.push_back(std::move(r.batch));
  }
  if (std::string unused = unusedMapRows(options.placement, rowsUsed); !unused.empty()) { out.error = unused; return out; }
  if (std::string why = mergeBatches(batches, out.runs); !why.empty()) { out.error = why; return out; }
  for (std::size_t i = 0; i < out.runs.size(); ++i) out.runs[i].id = static_cast<std::int64_t>(i + 1);
  if (!selection.conditions.empty()) out.runs = selection.apply(out.runs);
  return out;
}

}  // namespace rs
