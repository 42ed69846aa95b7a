#pragma once
// Running one entry of a sweep manifest (a Slurm array task), the part both
// runners share: ratioscope-cli's trial command (which has the store) and the
// Qt-free ratioscope-trial (output folders only). Each runner parses the
// entry's trial options itself and runs them; this decides which entry, where
// its results go, whether it is already done, and afterwards puts its result
// file in place whole (a temporary name, then a rename) and marks it done.
#include <optional>
#include <string>
#include <vector>

#include "core/io/sweep/sweep_manifest.h"

namespace rs::sweep {

struct EntryRun {
  SweepManifest manifest;
  int index = 0;
  bool already_done = false;  // nothing to run
  bool bad_manifest = false;  // set with the error when the manifest itself is unusable (bad data, not bad usage)
  // The trial options to run: the manifest's, the entry's, then the
  // destination (--db URL, or --out TEMPORARY for an output folder).
  std::vector<std::string> trial_args;
  std::string temporary;  // output folder only: where the trial writes
};

// `args` are the runner's arguments after the program name: --manifest F,
// --index N (default: $SLURM_ARRAY_TASK_ID), and --db URL or --out-dir DIR
// to send the results elsewhere than the manifest says. Anything else is
// refused (the options come from the manifest). Returns why the entry cannot
// run.
std::optional<std::string> prepareEntry(const std::vector<std::string>& args, EntryRun& out);

// After the trial: with an output folder, renames the temporary file to the
// entry's result file (or removes it when the trial failed); marks the entry
// done. Returns why that failed.
std::optional<std::string> finishEntry(const EntryRun& run, bool trialSucceeded);

}  // namespace rs::sweep
