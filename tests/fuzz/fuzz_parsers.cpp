// The small parsers that take text from users: --where conditions, --set
// options, the filter's numbers and lists, --map files and task override
// files (--tasks, File › Load Task Overrides).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/io/run_placement.h"
#include "core/io/task_overrides.h"
#include "core/model/task_catalog.h"
#include "core/model/run_fields.h"
#include "core/model/selection.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  rs::Condition c;
  if (rs::parseCondition(text, c).empty()) {
    rs::Run run;
    run.model = "m";
    (void)c.matches(run);
  }
  rs::RunPlacement placement;
  (void)rs::addSetOption(placement, text);
  (void)rs::parseFiniteNumber(text);
  std::vector<double> numbers;
  (void)rs::parseNumberList(text, numbers);
  static const std::string path = "/tmp/ratioscope-fuzz-map-" + std::to_string(getpid()) + ".csv";
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    rs::RunPlacement map;
    if (!rs::loadRunMap(path, map)) {
      rs::Run run;
      int row = -1;
      (void)rs::placeRun(map, "org/model-7b", run, row);
    }
    // The same bytes as a task override file: applied whole or not at all.
    rs::TaskCatalog catalog;
    (void)rs::applyTaskOverrides(path, catalog);
    std::remove(path.c_str());
  }
  return 0;
}
