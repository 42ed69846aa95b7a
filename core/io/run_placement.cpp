#include "core/io/run_placement.h"

#include <fnmatch.h>

#include <QFile>

#include "core/io/csv/csv_records.h"
#include "core/model/run_fields.h"
#include "core/io/input_file.h"

namespace rs {
namespace {

std::string trimmed(std::string_view s) { return std::string(trimBlanks(s)); }

bool globMatches(const std::string& pattern, std::string_view model) {
  const std::string name(model);
  if (fnmatch(pattern.c_str(), name.c_str(), 0) == 0) return true;
  // A checkpoint path is matched by its last component too: "llama-7b-*"
  // places "/scratch/ckpt/llama-7b-wanda-0.5/".
  std::string_view last = model;
  while (!last.empty() && last.back() == '/') last.remove_suffix(1);
  if (const auto slash = last.rfind('/'); slash != std::string_view::npos) last.remove_prefix(slash + 1);
  return last != model && fnmatch(pattern.c_str(), std::string(last).c_str(), 0) == 0;
}

// The fields --set and --map may give. `model` is allowed: a map may rename a
// checkpoint path to the name the plots should show.
std::string checkField(const std::string& key) {
  if (!findRunField(key)) return "'" + key + "' is not a run field (run fields: " + runFieldNames() + ")";
  return "";
}

}  // namespace

std::string RunPlacement::describe() const {
  std::string out;
  for (const auto& [k, v] : set) out += (out.empty() ? "" : " ") + std::string("--set ") + k + "=" + v;
  if (!map_file.empty()) out += (out.empty() ? "" : " ") + std::string("--map ") + map_file;
  return out;
}

std::string addSetOption(RunPlacement& placement, std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) return "--set '" + std::string(text) + "': expected KEY=VALUE (e.g. --set method=wanda)";
  const std::string key = lowerCase(trimmed(text.substr(0, eq)));
  const std::string value = trimmed(text.substr(eq + 1));
  if (std::string why = checkField(key); !why.empty()) return "--set: " + why;
  Run probe;
  if (std::string why = setRunField(probe, key, value); !why.empty()) return "--set " + key + ": " + why;
  placement.set.emplace_back(key, value);
  return "";
}

std::optional<ImportError> loadRunMap(const std::string& path, RunPlacement& placement) {
  if (std::string why = inputFileProblem(path); !why.empty()) return ImportError{path, 0, "", why};
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly)) return ImportError{path, 0, "", "cannot open the mapping file: " + file.errorString().toStdString()};
  const QByteArray bytes = file.readAll();
  std::vector<std::string> header;
  std::vector<RunPlacement::Row> rows;
  try {
    std::size_t badLine = 0;
    if (std::string why = checkUtf8(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), badLine); !why.empty())
      return ImportError{path, badLine, "", why};
    parseCsvRecords(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), [&](const CsvRecord& rec) {
      if (header.empty()) {
        for (const std::string& f : rec.fields) header.push_back(lowerCase(trimmed(f)));
        if (header.size() < 2) throw ImportFailure({path, rec.line, "", "a mapping needs a pattern column and at least one run-field column"});
        for (std::size_t i = 1; i < header.size(); ++i)
          if (std::string why = checkField(header[i]); !why.empty()) throw ImportFailure({path, rec.line, header[i], why});
        return;
      }
      if (rec.fields.size() != header.size())
        throw ImportFailure({path, rec.line, "", "has " + std::to_string(rec.fields.size()) + " fields but the header has " + std::to_string(header.size())});
      RunPlacement::Row row{trimmed(rec.fields[0]), {}, rec.line};
      if (row.pattern.empty()) throw ImportFailure({path, rec.line, header[0], "the pattern is empty"});
      Run probe;
      for (std::size_t i = 1; i < header.size(); ++i) {
        const std::string value = trimmed(rec.fields[i]);
        if (value.empty()) continue;  // this row leaves the field to the file or --set
        if (std::string why = setRunField(probe, header[i], value); !why.empty()) throw ImportFailure({path, rec.line, header[i], why});
        row.fields.emplace_back(header[i], value);
      }
      rows.push_back(std::move(row));
    });
  } catch (const ImportFailure& f) {
    ImportError e = f.error;
    e.file = path;
    return e;
  }
  if (rows.empty()) return ImportError{path, 0, "", "the mapping file has no rows below its header"};
  placement.map_file = path;
  placement.rows = std::move(rows);
  return std::nullopt;
}

std::string placeRun(const RunPlacement& placement, std::string_view model, Run& run, int& matchedRow) {
  matchedRow = -1;
  for (std::size_t i = 0; i < placement.rows.size(); ++i) {
    if (!globMatches(placement.rows[i].pattern, model)) continue;
    matchedRow = static_cast<int>(i);
    for (const auto& [k, v] : placement.rows[i].fields)
      if (std::string why = setRunField(run, k, v); !why.empty()) return placement.map_file + ":" + std::to_string(placement.rows[i].line) + ": " + k + ": " + why;
    break;
  }
  for (const auto& [k, v] : placement.set)
    if (std::string why = setRunField(run, k, v); !why.empty()) return "--set " + k + ": " + why;
  return "";
}

std::string unusedMapRows(const RunPlacement& placement, const std::vector<int>& used) {
  std::string unused;
  for (std::size_t i = 0; i < placement.rows.size(); ++i) {
    bool hit = false;
    for (int u : used) hit = hit || u == static_cast<int>(i);
    if (!hit) unused += (unused.empty() ? "" : ", ") + std::string("'") + placement.rows[i].pattern + "' (line " + std::to_string(placement.rows[i].line) + ")";
  }
  if (unused.empty()) return "";
  return placement.map_file + ": these patterns match no model in the files read: " + unused;
}

}  // namespace rs
