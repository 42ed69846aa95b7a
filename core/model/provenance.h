#pragma once
// What made a table: the Ratioscope version and the command or panel
// behind it, as one line for its caption.

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

}  // namespace rs
