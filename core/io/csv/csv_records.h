#pragma once
// CSV records with their physical line numbers, parsed by libcsv (RFC 4180
// quoting, strict mode) from UTF-8 text. Streams records to a callback so a
// million-row file never exists as a million string vectors.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rs {

struct CsvRecord {
  std::size_t line = 0;             // physical line the record starts on (1-based)
  std::vector<std::string> fields;
};

// Checks that `bytes` is UTF-8 text: rejects UTF-16/UTF-32 byte-order marks
// and invalid UTF-8, naming the first bad line. Returns "" when fine; sets
// `badLine`. A UTF-8 byte-order mark is accepted (Excel writes one).
std::string checkUtf8(std::string_view bytes, std::size_t& badLine);

// Parses CSV, calling `onRecord` for each non-blank record in order. Throws
// ImportFailure (file name filled in by the caller's catch) on malformed
// quoting. `onRecord` may throw ImportFailure to stop.
void parseCsvRecords(std::string_view bytes, const std::function<void(const CsvRecord&)>& onRecord);

}  // namespace rs
