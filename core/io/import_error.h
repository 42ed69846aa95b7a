#pragma once
// The one clear message a rejected input file gets: which file, which line,
// which column, and what is wrong. Importers stop at the first error and
// import nothing from that file.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace rs {

struct ImportError {
  ImportError() = default;
  ImportError(std::string file, std::size_t line, std::string column, std::string message, std::string pointer = "")
      : file(std::move(file)), line(line), column(std::move(column)), message(std::move(message)), pointer(std::move(pointer)) {}

  std::string file;
  std::size_t line = 0;  // 1-based physical line; 0 when the error concerns the whole file
  std::string column;    // empty when not about one column
  std::string message;
  std::string pointer;   // JSON pointer of the offending value in a JSON file; empty otherwise

  // "data.csv:12: column 'value': 'abc' is not a finite number"
  // "results.json:40: at /results/arc_easy/acc,none: 'high' is not a number"
  std::string text() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!pointer.empty()) out += "at " + pointer + ": ";
    if (!column.empty()) out += "column '" + column + "': ";
    return out + message;
  }
};

// Thrown inside importers and caught at their public boundary, which turns it
// into a returned ImportError; never escapes core/io.
struct ImportFailure : std::runtime_error {
  explicit ImportFailure(ImportError e) : std::runtime_error(e.text()), error(std::move(e)) {}
  ImportError error;
};

}  // namespace rs
