#include "core/io/lm_eval/lm_eval_importer.h"

#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/io/json/json_document.h"
#include "core/io/results_run.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {

using rapidjson::Value;

// Members of a task's result object that are not metrics.
bool isTaskLabel(std::string_view key) { return key == "alias" || key == "name" || key == "task" || key == "samples" || key == "sample_len"; }

std::string text(const Value& v) { return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : json::scalarText(v).value_or(""); }

// "pretrained=EleutherAI/pythia-160m,dtype=float16" or {"pretrained": ...}.
std::map<std::string, std::string> modelArgs(const Value* args) {
  std::map<std::string, std::string> out;
  if (!args) return out;
  if (args->IsObject()) {
    for (auto it = args->MemberBegin(); it != args->MemberEnd(); ++it)
      if (auto t = json::scalarText(it->value)) out.emplace(it->name.GetString(), *t);
    return out;
  }
  if (!args->IsString()) return out;
  const std::string s = text(*args);
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = std::min(s.find(',', start), s.size());
    const std::string part = s.substr(start, end - start);
    if (const auto eq = part.find('='); eq != std::string::npos) out.emplace(part.substr(0, eq), part.substr(eq + 1));
    start = end + 1;
  }
  return out;
}

class Reader {
 public:
  Reader(const std::string& file, const Value& doc, RunBatch& batch, const ImportOptions& options)
      : file_(file), doc_(doc), batch_(batch), options_(options), collector_(batch, false) {
    // Per-task tables, indexed once: a full MMLU file has ~60 tasks, and a
    // linear member search per task and metric made import quadratic.
    index(shots_, "n-shot");
    index(hib_, "higher_is_better");
    index(samples_, "n-samples");
    index(configs_, "configs");
  }

  int read() {
    if (!doc_.IsObject()) fail("", "the top level is not a JSON object, so this is not an lm-evaluation-harness results file");
    const Value* results = json::member(doc_, "results");
    if (!results)
      fail("", json::member(doc_, "config_general") ? "no 'results' object; this looks like a lighteval details file"
                                                     : "no 'results' object, so this is not an lm-evaluation-harness results file");
    if (!results->IsObject()) fail("/results", "'results' is not an object of tasks");
    const Value* config = json::member(doc_, "config");
    const Value empty(rapidjson::kObjectType);
    const Value& cfg = config && config->IsObject() ? *config : empty;
    const auto args = modelArgs(json::member(cfg, "model_args"));

    std::string model = json::stringMember(doc_, "model_name").value_or("");
    if (model.empty())
      if (auto it = args.find("pretrained"); it != args.end()) model = it->second;
    if (model.empty())
      if (auto it = args.find("model"); it != args.end()) model = it->second;
    int row = -1;
    Run run = placedRun(file_, model, options_, row);
    if (!run.params)
      if (const Value* n = json::member(cfg, "model_num_parameters"); n && n->IsNumber() && n->GetDouble() > 0) run.params = n->GetDouble();
    run.eval = settings(cfg, args);
    const RunSource whole{file_, 0, "", batch_.sha256, ""};
    const std::size_t index = collector_.add(std::move(run), whole);

    readTasks(*results, "/results", index);
    // v0.4 keeps group scores apart; most versions also list them under
    // results, where the collector keeps identical repeats once.
    if (const Value* groups = json::member(doc_, "groups"); groups && groups->IsObject()) readTasks(*groups, "/groups", index);
    if (batch_.runs[index].metrics.empty() && batch_.warnings.empty()) fail("/results", "no metric values in 'results'");
    if (!subsets_.empty()) batch_.runs[index].eval["subset"] = subsets_;
    deriveRatios(batch_.runs);
    return row;
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw ImportFailure({file_, 0, "", message, pointer});
  }

  std::map<std::string, std::string> settings(const Value& cfg, const std::map<std::string, std::string>& args) const {
    std::map<std::string, std::string> s;
    s["harness"] = "lm-eval";
    if (auto v = json::stringMember(doc_, "lm_eval_version")) s["harness_version"] = *v;
    else if (auto g = json::stringMember(doc_, "git_hash")) s["harness_version"] = "git " + *g;
    if (auto v = json::stringMember(cfg, "model_dtype")) s["dtype"] = *v;
    else if (auto it = args.find("dtype"); it != args.end()) s["dtype"] = it->second;
    for (std::string_view key : {"batch_size", "limit"})
      if (const Value* v = json::member(cfg, key))
        if (auto t = json::scalarText(*v)) s[std::string(key)] = *t;
    if (auto v = json::stringMember(doc_, "chat_template")) s["chat_template"] = v->empty() ? "none" : "sha256 " + json::stringMember(doc_, "chat_template_sha").value_or("?");
    if (const Value* v = json::member(doc_, "fewshot_as_multiturn"); v && v->IsBool() && v->GetBool()) s["fewshot_as_multiturn"] = "true";
    return s;
  }

  using TaskTable = std::unordered_map<std::string_view, const Value*>;
  void index(TaskTable& table, std::string_view key) const {
    const Value* v = json::member(doc_, key);
    if (!v || !v->IsObject()) return;
    for (auto it = v->MemberBegin(); it != v->MemberEnd(); ++it)
      table.emplace(std::string_view(it->name.GetString(), it->name.GetStringLength()), &it->value);
  }
  static const Value* find(const TaskTable& table, const std::string& task) {
    const auto it = table.find(task);
    return it == table.end() ? nullptr : it->second;
  }

  std::optional<int> fewShot(const std::string& task) const {
    if (const Value* n = find(shots_, task)) {
      if (n->IsInt()) return n->GetInt();
      if (n->IsString()) {
        const auto v = parseFiniteNumber(text(*n));
        if (v && *v >= 0 && *v == std::floor(*v)) return static_cast<int>(*v);
      }
    }
    if (const Value* c = find(configs_, task))
      if (const Value* n = json::member(*c, "num_fewshot"); n && n->IsInt()) return n->GetInt();
    if (const Value* cfg = json::member(doc_, "config"))  // v0.3: one count for every task
      if (const Value* n = json::member(*cfg, "num_fewshot"); n && n->IsInt()) return n->GetInt();
    return std::nullopt;
  }

  std::optional<bool> higherIsBetter(const std::string& task, const std::string& metric) const {
    if (const Value* t = find(hib_, task))
      if (const Value* b = json::member(*t, metric); b && b->IsBool()) return b->GetBool();
    if (const Value* c = find(configs_, task))
      if (const Value* list = json::member(*c, "metric_list"); list && list->IsArray())
          for (const Value& m : list->GetArray())
            if (json::stringMember(m, "metric") == metric)
              if (const Value* b = json::member(m, "higher_is_better"); b && b->IsBool()) return b->GetBool();
    return std::nullopt;
  }

  std::optional<std::int64_t> sampleCount(const std::string& task) {
    const Value* t = find(samples_, task);
    if (!t) return std::nullopt;
    const Value* effective = json::member(*t, "effective");
    const Value* original = json::member(*t, "original");
    if (!effective || !effective->IsNumber() || effective->GetDouble() < 1) return std::nullopt;
    const auto n = static_cast<std::int64_t>(effective->GetDouble());
    if (original && original->IsNumber() && original->GetDouble() > effective->GetDouble())
      subsets_ += (subsets_.empty() ? "" : ", ") + task + " " + std::to_string(n) + " of " + formatNumber(original->GetDouble());
    return n;
  }

  void readTasks(const Value& tasks, const std::string& base, std::size_t run) {
    for (auto t = tasks.MemberBegin(); t != tasks.MemberEnd(); ++t) {
      const std::string task(t->name.GetString(), t->name.GetStringLength());
      const std::string at = json::pointer(base, task);
      if (!t->value.IsObject()) fail(at, "a task's results must be an object of metrics");
      const auto shots = fewShot(task);
      const auto n = sampleCount(task);
      for (auto m = t->value.MemberBegin(); m != t->value.MemberEnd(); ++m) {
        const std::string key(m->name.GetString(), m->name.GetStringLength());
        if (isTaskLabel(key)) continue;
        const auto comma = key.find(',');
        const std::string metric = key.substr(0, comma);
        const std::string filter = comma == std::string::npos ? "" : key.substr(comma + 1);
        if (metric.size() > 7 && metric.compare(metric.size() - 7, 7, "_stderr") == 0) continue;  // read with its metric
        const std::string where = json::pointer(at, key);
        if (m->value.IsNull()) {
          batch_.warnings.push_back(file_ + "#" + where + ": null; left out");
          continue;
        }
        if (!m->value.IsNumber()) fail(where, "the metric value '" + text(m->value) + "' is not a number");
        Metric out;
        out.name = task + "/" + metric + (filter.empty() || filter == "none" ? "" : "," + filter);
        out.value = m->value.GetDouble();
        out.std_error = stderrOf(t->value, metric, filter, at);
        out.n = n;
        out.n_shot = shots;
        out.higher_is_better = higherIsBetter(task, metric);
        addResultMetric(collector_, batch_, run, std::move(out), RunSource{file_, 0, where, batch_.sha256, ""});
      }
    }
  }

  std::optional<double> stderrOf(const Value& task, const std::string& metric, const std::string& filter, const std::string& at) const {
    const std::string key = metric + "_stderr" + (filter.empty() ? "" : "," + filter);
    const Value* se = json::member(task, key);
    if (!se || se->IsNull()) return std::nullopt;
    if (se->IsString()) {
      const std::string t = text(*se);
      if (t == "N/A" || t.empty()) return std::nullopt;  // the harness's "no stderr" (group scores, bootstrap off)
      fail(json::pointer(at, key), "the stderr '" + t + "' is not a number");
    }
    if (!se->IsNumber()) fail(json::pointer(at, key), "the stderr is not a number");
    const double v = se->GetDouble();
    if (std::isfinite(v) && v < 0) fail(json::pointer(at, key), "the stderr " + formatNumber(v) + " is negative");
    return v;
  }

  const std::string& file_;
  const Value& doc_;
  RunBatch& batch_;
  const ImportOptions& options_;
  RunCollector collector_;
  std::string subsets_;
  TaskTable shots_, hib_, samples_, configs_;
};

}  // namespace

int LmEvalImporter::accepts(std::string_view path, std::string_view head) const {
  if (!json::looksLikeObject(head)) return 0;
  const bool results = head.find("\"results\"") != std::string_view::npos;
  if (head.find("\"config_general\"") != std::string_view::npos) return 0;  // lighteval
  // Keys only the harness writes; "results" alone could be anything's.
  bool marked = false;
  for (std::string_view key : {"\"configs\"", "\"versions\"", "\"n-shot\"", "\"n-samples\"", "\"higher_is_better\"", "\"group_subtasks\"",
                               "\"model_args\"", "\"lm_eval_version\"", "\"git_hash\""})
    if (head.find(key) != std::string_view::npos) { marked = true; break; }
  if (results && marked) return 60;
  const bool jsonName = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
  // A .json file we cannot recognise: read it as lm-eval, so its message
  // says what a results file needs rather than "unknown format".
  return jsonName ? (results ? 30 : 10) : 0;
}

ImportResult LmEvalImporter::read(const std::string& path, std::string_view bytes, const ImportOptions& options) const {
  return readJsonResults(path, bytes, name(), [&](const rapidjson::Document& doc, RunBatch& batch) {
    return Reader(path, doc, batch, options).read();
  });
}

}  // namespace rs
