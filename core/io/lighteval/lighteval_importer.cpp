#include "core/io/lighteval/lighteval_importer.h"

#include <cmath>

#include "core/io/json/json_document.h"
#include "core/io/results_run.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {

using rapidjson::Value;

[[noreturn]] void fail(const std::string& file, const std::string& pointer, const std::string& message) {
  throw ImportFailure({file, 0, "", message, pointer});
}

// "leaderboard|arc:challenge|25" -> task "arc:challenge", 25 shots;
// "all" -> "average"; "lighteval|mmlu:_average|5" -> "mmlu:_average".
void splitKey(const std::string& key, std::string& task, std::optional<int>& shots) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t end = std::min(key.find('|', start), key.size());
    parts.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  shots.reset();
  if (parts.size() >= 2)
    if (const auto n = parseFiniteNumber(parts.back()); n && *n >= 0 && *n == std::floor(*n)) {
      shots = static_cast<int>(*n);
      parts.pop_back();
    }
  task = parts.size() >= 2 ? parts[1] : parts[0];
  if (task == "all") task = "average";
}

// Returns the --map row that placed the run.
int readFile(const std::string& file, const Value& doc, RunBatch& batch, const ImportOptions& options) {
  int row = -1;
  if (!doc.IsObject()) fail(file, "", "the top level is not a JSON object, so this is not a lighteval results file");
  const Value* general = json::member(doc, "config_general");
  if (!general || !general->IsObject()) fail(file, "/config_general", "no 'config_general' object, so this is not a lighteval results file");
  const Value* results = json::member(doc, "results");
  if (!results || !results->IsObject()) fail(file, "/results", "no 'results' object of tasks");
  Run run = placedRun(file, json::stringMember(*general, "model_name").value_or(""), options, row);
  run.eval["harness"] = "lighteval";
  if (auto sha = json::stringMember(*general, "lighteval_sha")) run.eval["harness_version"] = "git " + *sha;
  if (auto dtype = json::stringMember(*general, "model_dtype")) run.eval["dtype"] = *dtype;
  if (const Value* m = json::member(*general, "max_samples"))
    if (auto t = json::scalarText(*m)) run.eval["limit"] = *t;
  RunCollector collector(batch, false);
  const RunSource whole{file, 0, "", batch.sha256, ""};
  const std::size_t index = collector.add(std::move(run), whole);
  for (auto e = results->MemberBegin(); e != results->MemberEnd(); ++e) {
    const std::string key(e->name.GetString(), e->name.GetStringLength());
    const std::string at = json::pointer("/results", key);
    if (!e->value.IsObject()) fail(file, at, "a task's results must be an object of metrics");
    std::string task;
    std::optional<int> shots;
    splitKey(key, task, shots);
    for (auto m = e->value.MemberBegin(); m != e->value.MemberEnd(); ++m) {
      const std::string metric(m->name.GetString(), m->name.GetStringLength());
      if (metric.size() > 7 && metric.compare(metric.size() - 7, 7, "_stderr") == 0) continue;
      const std::string where = json::pointer(at, metric);
      if (m->value.IsNull()) { batch.warnings.push_back(file + "#" + where + ": null; left out"); continue; }
      if (!m->value.IsNumber()) fail(file, where, "the metric value is not a number");
      Metric out;
      out.name = task + "/" + metric;
      out.value = m->value.GetDouble();
      out.n_shot = shots;
      if (const Value* se = json::member(e->value, metric + "_stderr"); se && se->IsNumber()) {
        if (se->GetDouble() < 0) fail(file, json::pointer(at, metric + "_stderr"), "the stderr " + formatNumber(se->GetDouble()) + " is negative");
        out.std_error = se->GetDouble();
      }
      addResultMetric(collector, batch, index, std::move(out), RunSource{file, 0, where, batch.sha256, ""});
    }
  }
  if (batch.runs[index].metrics.empty() && batch.warnings.empty()) fail(file, "/results", "no metric values in 'results'");
  deriveRatios(batch.runs);
  return row;
}

}  // namespace

int LightevalImporter::accepts(std::string_view, std::string_view head) const {
  if (!json::looksLikeObject(head)) return 0;
  return head.find("\"config_general\"") != std::string_view::npos ? 70 : 0;
}

ImportResult LightevalImporter::read(const std::string& path, std::string_view bytes, const ImportOptions& options) const {
  return readJsonResults(path, bytes, name(), [&](const rapidjson::Document& doc, RunBatch& batch) {
    return readFile(path, doc, batch, options);
  });
}

}  // namespace rs
