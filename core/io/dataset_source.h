#pragma once
// Opens whatever the user points at (an experiment database, a results file
// of any registered format, or a folder of them) as a list of runs, so every
// command and the GUI accept any of them.

#include <string>
#include <vector>

#include "core/io/importer.h"
#include "core/model/run.h"
#include "core/model/selection.h"

namespace rs {

struct LoadedRuns {
  std::string path;
  bool from_database = false;
  std::vector<Run> runs;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // conversions applied (percent scales)
  std::string error;  // non-empty on failure: one message naming the file
  bool ok() const { return error.empty(); }
};

// A file that starts with the SQLite header is read as an experiment
// database (read-only use: nothing is created or written); anything else is
// read in memory by the format that accepts it, a folder file by file. Runs
// that several files describe are one run (identical metrics kept once,
// different ones refused). In-memory runs get ids 1..n in file order.
// With a selection, only the runs it keeps are returned; an experiment store
// evaluates it itself and reads nothing else. A store URL (sqlite:PATH,
// postgresql://...) is opened read-only.
LoadedRuns loadRuns(const std::string& path, const ImportOptions& options = {}, const Selection& selection = {});

// Several files' batches as one: the batches in order, runs merged by key.
// Returns the error ("" when fine); `out` holds the merged runs.
std::string mergeBatches(const std::vector<RunBatch>& batches, std::vector<Run>& out);

}  // namespace rs
