#pragma once
// A run written to a store the moment it lands (a trial sweep writing as it
// goes), the same for ratioscope-cli trial and the Qt-free ratioscope-trial:
// each run is its own transaction, so stopping a sweep loses at most the run
// in flight, and a run already stored stays as it is (OnStored::Keep: a
// resumed sweep re-measures latency), so rerunning an entry adds nothing.
#include <optional>
#include <string>

#include "core/io/store/experiment_store.h"

namespace rs {

// Stores `run`, its source recorded as `program` + its producer
// ("ratioscope-trial trial on cuda": the device stays recorded). Sets
// `alreadyStored` when the store held the run and kept it.
std::optional<ImportError> storeLandedRun(ExperimentStore& store, const Run& run, const std::string& program, bool& alreadyStored);

}  // namespace rs
