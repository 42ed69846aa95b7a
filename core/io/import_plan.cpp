#include "core/io/import_plan.h"

#include "core/model/run_fields.h"

namespace rs {

std::size_t ImportPlan::runCount() const {
  std::size_t n = 0;
  for (const ImportResult& f : files) n += f.batch.runs.size();
  return n;
}

ImportPlan planImport(const std::vector<std::string>& paths, const ImportOptions& options) {
  ImportPlan plan;
  std::vector<int> rowsUsed;
  for (const std::string& path : paths) {
    const std::vector<std::string> files = importableFiles(path, plan.error);
    if (!plan.ok()) return plan;
    for (const std::string& file : files) {
      plan.files.push_back(importFile(file, options));
      if (!plan.files.back().ok()) { plan.error = plan.files.back().error->text(); return plan; }
      const auto& rows = plan.files.back().placement_rows;
      rowsUsed.insert(rowsUsed.end(), rows.begin(), rows.end());
    }
  }
  plan.error = unusedMapRows(options.placement, rowsUsed);
  return plan;
}

std::string editPlannedRun(ImportPlan& plan, std::size_t file, std::size_t run, std::string_view field, std::string_view value) {
  if (file >= plan.files.size() || run >= plan.files[file].batch.runs.size()) return "no such run";
  if (!findRunField(field)) return "'" + std::string(field) + "' is not a run field";
  std::vector<Run>& runs = plan.files[file].batch.runs;
  Run edited = runs[run];
  const bool derivedKey = edited.key == derivedRunKey(edited);
  if (std::string why = setRunField(edited, field, value); !why.empty()) return why;
  // A ratio the file did not give follows the format fields it came from.
  if (field != "ratio" && (field == "method" || field == "sparsity" || field == "bits" || field == "size_bytes")) edited.ratio.reset();
  if (derivedKey) edited.key = derivedRunKey(edited);
  std::vector<Run> trial = runs;
  trial[run] = edited;
  try {
    deriveRatios(trial);
  } catch (const RunRuleError& e) {
    return e.what();
  }
  runs = std::move(trial);
  return "";
}

std::optional<ImportError> executeImport(const ImportPlan& plan, ExperimentStore& store, ImportSummary& total,
                                         std::vector<ImportSummary>* perFile, const std::function<void(int, int)>& progress) {
  total = ImportSummary{};
  const int n = static_cast<int>(plan.files.size());
  for (int i = 0; i < n; ++i) {
    ImportSummary s;
    if (auto e = store.importRuns(plan.files[static_cast<std::size_t>(i)].batch, s)) return e;
    total.runs_added += s.runs_added;
    total.runs_existing += s.runs_existing;
    total.metrics_added += s.metrics_added;
    total.metrics_existing += s.metrics_existing;
    total.warnings.insert(total.warnings.end(), s.warnings.begin(), s.warnings.end());
    total.notes.insert(total.notes.end(), s.notes.begin(), s.notes.end());
    if (perFile) perFile->push_back(std::move(s));
    if (progress) progress(i + 1, n);
  }
  return std::nullopt;
}

}  // namespace rs
