#pragma once
// Trial results as Ratioscope runs: the bridge between core/trials (LibTorch)
// and the rest (store, plots, analysis). Plain C++ on both sides.
#include "core/model/run.h"
#include "core/trials/trials.h"

namespace rs::trials {

// The run's key is family/model/method/ratio/bits/seed, so re-running a sweep
// into the same database adds nothing.
Run toRun(const TrialRun& trial);

}  // namespace rs::trials
