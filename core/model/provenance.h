#pragma once
// What made a table or a figure: the Ratioscope version, the command or
// panel behind it, and the files its runs came from with their hashes.

#include <string>
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

}  // namespace rs
