#include "core/model/run_batch.h"

#include <map>

#include "core/model/run_fields.h"

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

}  // namespace rs
