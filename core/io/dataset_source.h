#pragma once
// Opens whatever the user points at (an experiment database or a CSV file)
// as a list of runs, so every command and the GUI accept either.

#include <string>
#include <vector>

#include "core/model/run.h"

namespace rs {

struct LoadedRuns {
  std::string path;
  bool from_database = false;
  std::vector<Run> runs;
  std::vector<std::string> warnings;
  std::string error;  // non-empty on failure: one message naming the file
  bool ok() const { return error.empty(); }
};

// A file that starts with the SQLite header is read as an experiment
// database (read-only use: nothing is created or written); anything else is
// imported as CSV in memory. In-memory CSV runs get ids 1..n in file order.
LoadedRuns loadRuns(const std::string& path);

}  // namespace rs
