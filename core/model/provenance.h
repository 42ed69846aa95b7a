#pragma once
// What made a table or a figure: the Ratioscope version, the command or
// panel behind it, and the files its runs came from with their hashes.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/model/run.h"

namespace rs {

// The version of this build ("0.1.0"): the project's, set by CMake.
std::string ratioscopeVersion();

// "WHAT (Ratioscope 0.1.0)".
std::string producedBy(const std::string& what);

// A command line as a shell would take it back: words with spaces, quotes
// or other shell characters in single quotes ("--where 'bits<=4'").
std::string commandLine(const std::vector<std::string>& words);

// The files the runs came from, for a panel's caption: "input lab.sqlite",
// "input a.csv, b.csv and 3 more"; a run no file produced counts by what
// produced it ("trial on cpu"). Empty for no runs.
std::string describeInput(const std::vector<Run>& runs);

// One file runs were read from, with the SHA-256 of its bytes as read (empty
// when the reader recorded none), and how many of the runs it gave.
struct DataSource {
  std::string path;
  std::string sha256;
  std::size_t runs = 0;
};

// The distinct files of `runs` (RunSource::file, or what produced a run no
// file did), sorted by path: the same runs give the same list.
std::vector<DataSource> dataSources(const std::vector<Run>& runs);

// What made a table (issue #15): the same record a figure carries, for a
// table's comment lines (provenanceLines) and its JSON (provenance_json.h:
// the `provenance` object of `fit --format json` and a table's sidecar).
struct TableProvenance {
  // "ratioscope-cli fit --input lab.csv --law chinchilla (Ratioscope 0.1.0)",
  // or the panel and what it showed.
  std::string command;
  std::vector<DataSource> inputs;   // files as opened (--input, --tasks, a project), hashed now
  std::vector<DataSource> sources;  // the files the runs were read from, hashed by their readers
  // The options that decide the numbers, each a name and its words:
  // {"fit options", "robust huber:0.01, bootstrap 40 (seed 5)"},
  // {"analysis options", "dropout chance, budget params, …"}.
  std::vector<std::pair<std::string, std::string>> settings;
  struct RunRef {
    std::int64_t id = 0;
    std::string key;
  };
  std::vector<RunRef> runs;  // the runs behind the numbers
};

// The provenance of `runs` as drawn from `inputs`: sources from the runs
// (an input's own file not repeated), run ids and keys in the runs' order.
TableProvenance tableProvenance(const std::string& command, const std::vector<DataSource>& inputs, const std::vector<Run>& runs);

// Comment lines: the command, "input PATH sha256 HASH" for each input,
// "source PATH sha256 HASH" for each other file, "NAME: WORDS" for each
// setting, then "runs (N): 1 2 3 …" with every run id (or key, for runs
// without an id).
std::vector<std::string> provenanceLines(const TableProvenance& provenance);

}  // namespace rs
