// Every registered reader on arbitrary bytes. The first byte picks the
// reader and a file name it accepts; the rest is the file. A reader may
// refuse the bytes (with a message) but never crash, hang or misbehave
// under ASan/UBSan; what it accepts must survive the shared rules and a
// merge with itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/io/dataset_source.h"
#include "core/io/importer.h"
#include "core/model/task_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static const char* kNames[] = {"runs.csv", "results.json", "results_2024-01-01T00-00-00.json", "summary_20240101_000000.csv"};
  const auto& all = rs::importers();
  const std::size_t which = data[0] % all.size();
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  rs::ImportOptions options;
  if (data[0] & 0x80) rs::addSetOption(options.placement, "model=fuzzed");
  rs::ImportResult r = all[which]->read(kNames[which % 4], bytes, options);
  if (!r.ok()) {
    if (r.error->text().empty()) __builtin_trap();  // every refusal says why
    return 0;
  }
  rs::normalisePercentScales(r.batch, rs::TaskCatalog());
  std::vector<rs::Run> merged;
  rs::mergeBatches({r.batch, r.batch}, merged);
  (void)rs::importerFor(kNames[which % 4], bytes.substr(0, 65536));
  return 0;
}
