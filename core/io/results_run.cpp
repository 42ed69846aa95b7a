#include "core/io/results_run.h"

#include <cmath>

#include "core/io/json/json_document.h"
#include "core/model/run_fields.h"

namespace rs {

std::string modelDisplayName(std::string_view name) {
  while (name.size() > 1 && name.back() == '/') name.remove_suffix(1);
  const bool path = !name.empty() && (name.front() == '/' || name.front() == '.' || name.front() == '~' || name.find("/") != name.rfind("/"));
  if (!path) return std::string(name);
  return std::string(name.substr(name.rfind('/') + 1));
}

Run placedRun(const std::string& file, const std::string& model, const ImportOptions& options, int& row) {
  Run run;
  if (!model.empty()) run.model = modelDisplayName(model);
  if (std::string why = placeRun(options.placement, model, run, row); !why.empty()) throw ImportFailure({file, 0, "", why});
  if (run.model.empty())
    throw ImportFailure({file, 0, "",
                         "cannot place its run: the file does not name the model it evaluated; give --set model=NAME "
                         "(and the compression, e.g. --set method=wanda --set sparsity=0.5) or --map MAP.csv"});
  return run;
}

bool addResultMetric(RunCollector& collector, RunBatch& batch, std::size_t run, Metric m, const RunSource& where) {
  if (!std::isfinite(m.value)) {
    batch.warnings.push_back(where.text() + ": metric '" + m.name + "' is " + formatNumber(m.value) + " (not finite); left out");
    return false;
  }
  if (m.std_error && !std::isfinite(*m.std_error)) {
    batch.warnings.push_back(where.text() + ": the stderr of '" + m.name + "' is not finite; kept without a stderr");
    m.std_error.reset();
  }
  try {
    collector.addMetric(run, std::move(m), where);
  } catch (const RunRuleError& e) {
    throw ImportFailure({batch.file, 0, "", e.what(), where.pointer});
  }
  return true;
}

ImportResult readJsonResults(const std::string& path, std::string_view bytes, std::string_view format,
                             const std::function<int(const rapidjson::Document&, RunBatch&)>& read) {
  return readGuarded(path, bytes, format, [&](ImportResult& r) {
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) throw ImportFailure({path, 0, "", "file is empty"});
    const rapidjson::Document doc = json::parse(bytes, path);
    if (const int row = read(doc, r.batch); row >= 0) r.placement_rows.push_back(row);
  });
}

}  // namespace rs
