#include "core/model/long_csv.h"

#include "core/model/run_fields.h"

namespace rs {
namespace {
// RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.
std::string cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}
}  // namespace

std::string longCsvHeader() {
  std::string header = "run";
  for (const RunFieldSpec& f : runFieldSpecs()) header += "," + std::string(f.name);
  return header + ",metric,value,stderr,n\n";
}

std::string longCsvRows(const Run& run) {
  std::string runCells = cell(run.key);
  for (const RunFieldSpec& f : runFieldSpecs())
    runCells += "," + (f.name == "method" && run.isDense() ? std::string()  // an empty method means dense
                                                           : cell(runFieldText(run, f.name).value_or("")));
  std::string out;
  for (const Metric& m : run.metrics)
    out += runCells + "," + cell(m.name) + "," + formatNumber(m.value) + "," + (m.std_error ? formatNumber(*m.std_error) : "") + "," +
           (m.n ? std::to_string(*m.n) : "") + "\n";
  return out;
}

}  // namespace rs
