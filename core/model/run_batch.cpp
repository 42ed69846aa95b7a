#include "core/model/run_batch.h"

#include <map>

#include "core/model/name_rules.h"
#include "core/model/run_fields.h"
#include "core/model/task_catalog.h"

namespace rs {

std::size_t RunCollector::find(const std::string& key) const {
  const auto it = byKey_.find(key);
  return it == byKey_.end() ? std::string::npos : it->second;
}

std::size_t RunCollector::add(Run run, const RunSource& where) {
  std::string key = run.key.empty() ? derivedRunKey(run) : run.key;
  return addByKey(key, std::move(run), where);
}

std::size_t RunCollector::addByKey(const std::string& key, Run run, const RunSource& where) {
  checkNames(key, run, where);
  if (const std::size_t i = find(key); i != std::string::npos) {
    Run& first = batch_.runs[i];
    const std::string field = first.firstDifferingField(run);
    if (!field.empty())
      throw RunRuleError(where, field,
                         describe(first) + " is given " + field + " '" + runFieldText(run, field).value_or("") + "' here but '" +
                             runFieldText(first, field).value_or("") + "' at " + first.source.text() + " (conflicting duplicate run)");
    if (first.device.empty()) first.device = run.device;
    for (const auto& [k, v] : run.eval) first.eval.emplace(k, v);
    for (Metric& m : run.metrics) addMetric(i, std::move(m), where);
    return i;
  }
  run.key = key;
  if (run.source.file.empty() && run.source.producer.empty()) run.source = where;
  std::vector<Metric> metrics = std::move(run.metrics);
  run.metrics.clear();
  batch_.runs.push_back(std::move(run));
  metricIndex_.emplace_back();
  const std::size_t index = batch_.runs.size() - 1;
  byKey_.emplace(key, index);
  for (Metric& m : metrics) addMetric(index, std::move(m), where);
  return index;
}

void RunCollector::addMetric(std::size_t index, Metric m, const RunSource& where) {
  if (std::string why = nameProblem("metric name", m.name); !why.empty()) throw RunRuleError(where, "metric", why);
  ++batch_.metric_values;
  Run& run = batch_.runs[index];
  auto& names = metricIndex_[index];
  if (auto it = names.find(m.name); it != names.end()) {
    const Metric& old = run.metrics[it->second];
    if (old == m) { ++batch_.duplicate_values; return; }
    throw RunRuleError(where, m.name,
                       "metric '" + m.name + "' of " + describe(run) + " is given twice with different values (" + formatNumber(old.value) +
                           (old.value == m.value ? " both times, but with a different stderr, n or few-shot count" : " earlier, " + formatNumber(m.value) + " here") + ")");
  }
  names.emplace(m.name, run.metrics.size());
  run.metrics.push_back(std::move(m));
}

// Every name a file gives passes the same limits (name_rules.h), whatever
// the format, before it is compared or stored.
void RunCollector::checkNames(const std::string& key, const Run& run, const RunSource& where) {
  const std::pair<const char*, const std::string*> names[] = {
      {"family", &run.family}, {"model", &run.model}, {"method", &run.method}, {"device", &run.device}};
  for (const auto& [field, text] : names)
    if (std::string why = nameProblem(std::string(field) + " name", *text); !why.empty()) throw RunRuleError(where, field, why);
  // After the names: a key derived from a too-long name is the name's fault.
  if (std::string why = nameProblem("run id", key, kMaxRunKeyBytes); !why.empty()) throw RunRuleError(where, "run", why);
}

std::string RunCollector::describe(const Run& r) const {
  if (keyed_) return "run '" + r.key + "'";
  std::string text = "the run of model '" + r.model + "' (" + r.method;
  if (r.ratio) text += ", ratio " + formatNumber(*r.ratio);
  if (r.sparsity) text += ", sparsity " + formatNumber(*r.sparsity);
  if (r.bits) text += ", " + formatNumber(*r.bits) + " bits";
  if (r.seed) text += ", seed " + std::to_string(*r.seed);
  return text + ")";
}

std::optional<double> nominalKeptShare(const Run& r, double denseBits) {
  if (!r.sparsity && !r.bits) return std::nullopt;
  const double kept = 1.0 - r.sparsity.value_or(0.0);
  return kept * (r.bits ? *r.bits / denseBits : 1.0);
}

void deriveRatios(std::vector<Run>& runs) {
  std::map<std::pair<std::string, std::string>, const Run*> dense;
  for (const Run& r : runs)
    if (r.isDense()) dense.emplace(std::pair{r.family, r.model}, &r);
  for (Run& r : runs) {
    if (r.isDense()) {
      if (r.ratio && *r.ratio != 0)
        throw RunRuleError(r.source, "ratio", "ratio " + formatNumber(*r.ratio) + " given for a dense run (no method); name its compression method");
      continue;
    }
    if (r.ratio) continue;
    const auto d = dense.find({r.family, r.model});
    const Run* base = d == dense.end() ? nullptr : d->second;
    if (base && base->size_bytes && *base->size_bytes > 0 && r.size_bytes) {
      r.ratio = 1.0 - *r.size_bytes / *base->size_bytes;
    } else if (const auto kept = nominalKeptShare(r, base && base->bits ? *base->bits : 16.0)) {
      r.ratio = 1.0 - *kept;
    } else {
      throw RunRuleError(r.source, "ratio",
                         "compressed run '" + r.key + "' (method " + r.method +
                             ") has no ratio and nothing to derive it from: give ratio, size_bytes with a dense run of the same model, sparsity or bits");
    }
    if (!(*r.ratio >= 0 && *r.ratio < 1))
      throw RunRuleError(r.source, "ratio", "derived ratio " + formatNumber(*r.ratio) + " of run '" + r.key + "' is outside [0, 1): check size_bytes, sparsity and bits");
  }
}

namespace {
bool isAccuracy(const std::string& name, const TaskCatalog& tasks) {
  const TaskInfo t = tasks.lookup(name);
  if (t.lowerIsBetter) return false;
  if (t.chance) return true;
  std::string_view metric = name;
  if (const auto cut = metric.find_last_of("/,"); cut != std::string_view::npos) metric.remove_prefix(cut + 1);
  return metric == "acc" || metric == "acc_norm" || metric == "accuracy" || metric == "exact_match" || metric == "em";
}
}  // namespace

void normalisePercentScales(RunBatch& batch, const TaskCatalog& tasks) {
  std::map<std::string, std::pair<bool, std::size_t>> scale;  // name -> (all in [0, 100], values above 1)
  for (const Run& r : batch.runs)
    for (const Metric& m : r.metrics) {
      auto& [inRange, above] = scale.try_emplace(m.name, true, 0).first->second;
      inRange = inRange && m.value >= 0 && m.value <= 100;
      above += m.value > 1;
    }
  std::string converted;
  std::size_t values = 0;
  for (const auto& [name, s] : scale) {
    if (!s.first || s.second == 0 || !isAccuracy(name, tasks)) continue;
    converted += (converted.empty() ? "" : ", ") + name;
    for (Run& r : batch.runs)
      for (Metric& m : r.metrics)
        if (m.name == name) {
          m.value /= 100;
          if (m.std_error) *m.std_error /= 100;
          ++values;
        }
  }
  if (!converted.empty())
    batch.notes.push_back(std::to_string(values) + " accuracies on a 0-100 scale divided by 100 (" + converted + "): Ratioscope keeps accuracies as fractions");
}

}  // namespace rs
