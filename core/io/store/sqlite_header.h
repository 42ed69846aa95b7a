#pragma once
// The 16 bytes every SQLite database starts with: how a database is told
// from a results file without trusting its name (the importers refuse it, the
// store opens it).
#include <string_view>

namespace rs {

inline bool startsWithSqliteHeader(std::string_view bytes) { return bytes.substr(0, 16) == std::string_view("SQLite format 3\0", 16); }

}  // namespace rs
