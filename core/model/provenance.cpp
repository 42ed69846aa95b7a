#include "core/model/provenance.h"

#include <map>
#include <set>

namespace rs {

std::string ratioscopeVersion() { return RATIOSCOPE_VERSION; }

std::string producedBy(const std::string& what) { return what + " (Ratioscope " + ratioscopeVersion() + ")"; }

std::string commandLine(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    const bool plain = !w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/:+@%") == std::string::npos;
    std::string quoted = "'";
    for (char c : w) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += (out.empty() ? "" : " ") + (plain ? w : quoted + "'");
  }
  return out;
}

std::string describeInput(const std::vector<Run>& runs) {
  std::set<std::string> sources;  // sorted: the same runs give the same caption
  for (const Run& r : runs) sources.insert(r.source.file.empty() ? r.source.producer : r.source.file);
  sources.erase("");
  if (sources.empty()) return {};
  std::string out = "input ";
  int shown = 0;
  constexpr int kShown = 3;  // a caption is one line; the rest is counted
  for (const std::string& s : sources) {
    if (shown == kShown) break;
    out += (shown ? ", " : "") + s;
    ++shown;
  }
  if (sources.size() > kShown) out += " and " + std::to_string(sources.size() - kShown) + " more";
  return out;
}

std::vector<DataSource> dataSources(const std::vector<Run>& runs) {
  std::map<std::string, DataSource> byPath;
  for (const Run& r : runs) {
    const std::string path = r.source.file.empty() ? r.source.producer : r.source.file;
    if (path.empty()) continue;
    DataSource& d = byPath[path];
    d.path = path;
    if (d.sha256.empty()) d.sha256 = r.source.sha256;
    ++d.runs;
  }
  std::vector<DataSource> out;
  for (auto& [path, d] : byPath) out.push_back(std::move(d));
  return out;
}

TableProvenance tableProvenance(const std::string& command, const std::vector<DataSource>& inputs, const std::vector<Run>& runs) {
  TableProvenance p;
  p.command = command;
  p.inputs = inputs;
  std::set<std::string> said;
  for (const DataSource& in : inputs) said.insert(in.path);
  for (const DataSource& d : dataSources(runs))
    if (!said.count(d.path)) p.sources.push_back(d);
  for (const Run& r : runs) p.runs.push_back({r.id, r.key});
  return p;
}

std::vector<std::string> provenanceLines(const TableProvenance& p) {
  std::vector<std::string> lines = {p.command};
  const auto file = [](const char* what, const DataSource& d) {
    return std::string(what) + " " + d.path + (d.sha256.empty() ? "" : " sha256 " + d.sha256);
  };
  for (const DataSource& d : p.inputs) lines.push_back(file("input", d));
  for (const DataSource& d : p.sources) lines.push_back(file("source", d));
  for (const auto& [name, words] : p.settings) lines.push_back(name + ": " + words);
  if (!p.runs.empty()) {
    // Every run behind the numbers, so a reader can tell which were used.
    std::string line = "runs (" + std::to_string(p.runs.size()) + "):";
    for (const TableProvenance::RunRef& r : p.runs) line += " " + (r.id ? std::to_string(r.id) : r.key);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace rs
