#pragma once
// One model, m, dense and pruned by wanda at ratios 0.2 to 0.8, for the
// suites that check dropouts: its arc_challenge accuracy (chance 0.25)
// falls from 0.60 to chance between the measured ratios 0.4 and 0.6; its
// piqa (chance 0.5) stays well above chance throughout.
#include <string>
#include <vector>

#include "core/model/run.h"

namespace rs::testing {

inline std::vector<Run> wandaDropoutRuns() {
  const double ratios[] = {0.0, 0.2, 0.4, 0.6, 0.8}, arc[] = {0.60, 0.58, 0.50, 0.25, 0.25}, piqa[] = {0.80, 0.80, 0.79, 0.79, 0.78};
  std::vector<Run> runs;
  for (int i = 0; i < 5; ++i) {
    Run r;
    r.model = "m";
    r.method = i == 0 ? "dense" : "wanda";
    if (i > 0) r.ratio = ratios[i];
    r.params = 1e9;
    r.key = "r" + std::to_string(i);
    r.metrics = {Metric("arc_challenge", arc[i], 0.01), Metric("piqa", piqa[i], 0.01)};
    runs.push_back(r);
  }
  return runs;
}

}  // namespace rs::testing
