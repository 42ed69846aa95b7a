// Opening an experiment store from arbitrary bytes (a damaged, truncated or
// hand-edited database file) and reading it: refused with a message or read
// in full, never a crash, a hang or a sanitizer report.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/io/store/experiment_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/ratioscope-fuzz-store-" + std::to_string(getpid()) + ".sqlite";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  std::string error;
  if (auto store = rs::ExperimentStore::open(path, error, rs::ExperimentStore::Mode::ReadOnly)) {
    const auto runs = store->loadRuns(error);
    rs::Selection s;
    rs::Condition c;
    if (rs::parseCondition("ratio<=0.5", c).empty()) s.conditions.push_back(c);
    (void)store->loadRuns(error, s);
  } else if (error.empty()) {
    __builtin_trap();  // a refusal always says why
  }
  std::remove(path.c_str());
  return 0;
}
