#include "core/trials/trial_runs.h"

#include <cstdio>

namespace rs::trials {

Run toRun(const TrialRun& t) {
  Run r;
  char key[200];
  std::snprintf(key, sizeof key, "%s/%s/%s/r%.4f/b%g/s%lld", t.family.c_str(), t.model.c_str(), t.method.c_str(), t.ratio,
                t.bits.value_or(16), static_cast<long long>(t.seed));
  r.key = key;
  r.family = t.family;
  r.model = t.model;
  r.method = t.method;
  r.params = t.params;
  r.tokens = t.tokens;
  if (t.method != kDenseMethod) {
    r.ratio = t.ratio;
    r.bits = t.bits;
    r.sparsity = t.sparsity;
    r.rank = t.rank;
    r.structured = t.method.rfind("nm24", 0) == 0 || t.method.rfind("structured", 0) == 0;
  }
  r.rft_tokens = t.rft_tokens;
  r.distilled = t.distilled;
  r.seed = t.seed;
  r.size_bytes = t.size_bytes;
  r.latency_ms = t.latency_ms;
  r.source = "trial on " + t.device;
  for (const auto& m : t.metrics) r.metrics.push_back({m.task, m.value, m.std_error, m.n});
  return r;
}

}  // namespace rs::trials
