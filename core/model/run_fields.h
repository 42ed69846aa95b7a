#pragma once
// The run fields by name: one table that the CSV importer, `--where`
// selections, JSON output and the store all read, so a field is spelled,
// parsed and validated the same way everywhere.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/run.h"

namespace rs {

enum class FieldKind { Text, Number, Integer, Boolean };

struct RunFieldSpec {
  std::string_view name;  // CSV column / JSON key / --where key
  FieldKind kind;
  std::string_view rule;  // the accepted values, in words, for error messages
};

// The run fields in their canonical order (family, model, method, params, ...).
const std::vector<RunFieldSpec>& runFieldSpecs();
const RunFieldSpec* findRunField(std::string_view name);
std::string runFieldNames();  // "family, model, ..." for messages

// Sets one field from its text form after validating it; returns the reason
// it was rejected ("" on success). Empty text leaves the field unset; for
// `method`, empty, "dense" and "none" all mean the dense model.
std::string setRunField(Run& run, std::string_view name, std::string_view text);

// The field as text (numbers in shortest round-trip form), nullopt when unset.
std::optional<std::string> runFieldText(const Run& run, std::string_view name);
// The field as a number (booleans as 0/1), nullopt when unset or textual.
std::optional<double> runFieldNumber(const Run& run, std::string_view name);

// Strict number parsing shared by every importer: surrounding blanks are
// ignored, anything else that is not a complete finite decimal number
// (including "nan", "inf", "1,5", "7B") is rejected.
std::optional<double> parseFiniteNumber(std::string_view text);
std::optional<bool> parseBoolean(std::string_view text);
// "0, 0.25, 0.5": comma-separated finite numbers; false when empty or any part is not one.
bool parseNumberList(std::string_view text, std::vector<double>& out);
template <typename T>
bool parseNumberList(std::string_view text, std::vector<T>& out) {
  std::vector<double> values;
  if (!parseNumberList(text, values)) return false;
  out.assign(values.begin(), values.end());
  return true;
}
std::string formatNumber(double v);  // shortest text that reads back the same
// Text without surrounding blanks, and in lower case (ASCII): how every
// reader compares names and cells.
std::string_view trimBlanks(std::string_view text);
std::string lowerCase(std::string_view text);

}  // namespace rs
