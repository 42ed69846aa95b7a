#pragma once
// Whether a path given as input is a file Ratioscope can read: a regular
// file of a bounded size. Everything else gets a message that says what it is.
//
// A FIFO (a named pipe, standard input from a pipe, a <(...) process
// substitution) cannot be read twice, and Ratioscope reads a file's start to
// tell its format before reading it whole; opening one with no writer blocks
// for ever. A device (/dev/zero, a terminal) never ends. Both are refused
// before anything opens them.

#include <cstdint>
#include <string>

namespace rs {

// Results files are at most this big: a whole lm-eval run with samples is a
// few hundred MB; a bigger "results file" is a mistake that would exhaust memory.
inline constexpr std::int64_t kMaxInputBytes = std::int64_t{2} << 30;

// "" when `path` is a folder or a regular file of at most kMaxInputBytes (or
// does not exist: the caller says so in its own words), else the reason,
// without the path.
std::string inputFileProblem(const std::string& path);

}  // namespace rs
