#pragma once
// Trial results as Ratioscope runs: the bridge between core/trials (LibTorch)
// and the rest (store, plots, analysis). Plain C++ on both sides.
#include "core/model/run.h"
#include "core/trials/trials.h"

namespace rs::trials {

// The run's key is family/model/method/ratio/bits/group/seed/tokens/recovery
// (and the learning rate when not the default), so re-running a sweep into
// the same database adds nothing.
//
// A metric that came out NaN or infinite (training or compression diverged)
// is left out, and the run carries the metric "diverged" = how many were:
// the same run in a CSV and in a database (a NaN printed as -nan in one and
// broke the other's NOT NULL), and nothing non-finite reaches a plot or fit.
Run toRun(const TrialRun& trial);

inline constexpr std::string_view kDivergedMetric = "diverged";
// "" or the warning a runner prints for a run with non-finite metrics.
std::string divergedWarning(const TrialRun& trial);

}  // namespace rs::trials
