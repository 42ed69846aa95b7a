#include "core/trials/trial_runs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace rs::trials {

Run toRun(const TrialRun& t) {
  Run r;
  // Everything that makes two trial runs different runs: a sweep with other
  // steps, recovery, group size or learning rate must add runs, not be taken
  // for one done. The learning rate is named only when it is not the
  // model's own, so a sweep at the catalogue's rates keeps short keys.
  char key[256];
  std::snprintf(key, sizeof key, "%s/%s/%s/r%.4f/b%g/g%d/s%lld/d%.6g/rft%.6g", t.family.c_str(), t.model.c_str(), t.method.c_str(), t.ratio,
                t.bits.value_or(16), t.group_size, static_cast<long long>(t.seed), t.tokens, t.rft_tokens);
  r.key = key;
  if (!t.models_learning_rate) {
    std::snprintf(key, sizeof key, "/lr%g", t.learning_rate);
    r.key += key;
  }
  r.family = t.family;
  r.model = t.model;
  r.method = t.method;
  r.params = t.params;
  r.tokens = t.tokens;
  if (t.method != kDenseMethod) {
    r.ratio = t.ratio;
    r.bits = t.bits;
    // The share of ALL parameters not kept (embeddings, norms and biases
    // included), so params·(1 − sparsity) is the kept-parameter budget the
    // fairness checks pair on. (TrialRun::sparsity is over the weight
    // matrices only, which overstates it for small models.)
    if (t.params > 0) r.sparsity = std::clamp(1 - t.kept_params / t.params, 0.0, 1.0);
    r.rank = t.rank;
    r.structured = t.method.rfind("nm24", 0) == 0 || t.method.rfind("structured", 0) == 0 || t.method.rfind("heads", 0) == 0;
  }
  r.rft_tokens = t.rft_tokens;
  r.distilled = t.distilled;
  r.seed = t.seed;
  r.size_bytes = t.size_bytes;
  r.latency_ms = t.latency_ms;
  r.source.producer = "trial on " + t.device;
  r.device = t.device;
  std::int64_t diverged = 0;
  for (const auto& m : t.metrics) {
    if (!std::isfinite(m.value)) {
      ++diverged;
      continue;
    }
    Metric metric;
    metric.name = m.task;
    metric.value = m.value;
    if (m.std_error && std::isfinite(*m.std_error)) metric.std_error = m.std_error;
    metric.n = m.n;
    r.metrics.push_back(std::move(metric));
  }
  if (diverged > 0) {
    Metric flag;
    flag.name = std::string(kDivergedMetric);
    flag.value = static_cast<double>(diverged);
    r.metrics.push_back(std::move(flag));
  }
  return r;
}

std::string divergedWarning(const TrialRun& t) {
  std::string which;
  for (const auto& m : t.metrics)
    if (!std::isfinite(m.value)) which += (which.empty() ? "" : ", ") + m.task + (std::isnan(m.value) ? " is NaN" : " is infinite");
  if (which.empty()) return "";
  return t.model + " " + t.method + " seed " + std::to_string(t.seed) + " diverged (" + which + "): recorded with metric '" +
         std::string(kDivergedMetric) + "' and without those values";
}

}  // namespace rs::trials
