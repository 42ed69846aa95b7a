#include "core/model/run.h"

#include "core/model/run_fields.h"

namespace rs {

const Metric* Run::metric(std::string_view name) const {
  for (const Metric& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

std::string Run::firstDifferingField(const Run& other) const {
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    // A device recorded on one side only is more knowledge, not a conflict:
    // data written before runs recorded it meets the same runs written after.
    if (spec.name == "device" && (device.empty() || other.device.empty())) continue;
    if (runFieldText(*this, spec.name) != runFieldText(other, spec.name)) return std::string(spec.name);
  }
  return "";
}

std::string RunSource::text() const {
  if (file.empty()) return producer;
  if (line > 0) return file + ":" + std::to_string(line);
  if (!pointer.empty()) return file + "#" + pointer;
  return file;
}

bool Run::sameRunFields(const Run& other) const { return firstDifferingField(other).empty(); }

std::string derivedRunKey(const Run& run) {
  std::string key;
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    // Where a run was measured is not what it is: the same model measured on
    // two machines is one run whose latencies conflict, not two runs.
    if (spec.name == "device") continue;
    key += runFieldText(run, spec.name).value_or("");
    key += '|';
  }
  return key;
}

}  // namespace rs
