#include "core/io/opencompass/opencompass_importer.h"


#include "core/io/csv/csv_records.h"
#include "core/io/results_run.h"
#include "core/model/run_fields.h"
#include "core/model/name_rules.h"

namespace rs {
namespace {

constexpr std::size_t kModelColumn = 4;  // dataset, version, metric, mode, models...

std::string trimmed(std::string_view s) { return std::string(trimBlanks(s)); }

bool hasSummaryHeader(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  return head.substr(0, 28) == "dataset,version,metric,mode,";
}

}  // namespace

int OpenCompassImporter::accepts(std::string_view, std::string_view head) const { return hasSummaryHeader(head) ? 80 : 0; }

ImportResult OpenCompassImporter::read(const std::string& path, std::string_view bytes, const ImportOptions& options) const {
  return readGuarded(path, bytes, name(), [&](ImportResult& r) {
    RunBatch& batch = r.batch;
    std::size_t badLine = 0;
    if (std::string why = checkUtf8(bytes, badLine); !why.empty()) throw ImportFailure({path, badLine, "", why});
    if (!hasSummaryHeader(bytes)) throw ImportFailure({path, 1, "", "not an OpenCompass summary: the header must start dataset,version,metric,mode"});
    RunCollector collector(batch, false);
    std::vector<std::string> header;
    std::vector<std::size_t> runOf;  // run index per model column
    std::size_t scores = 0;
    parseCsvRecords(bytes, [&](const CsvRecord& rec) {
      if (header.empty()) {
        for (const std::string& f : rec.fields) header.push_back(trimmed(f));
        if (header.size() <= kModelColumn) throw ImportFailure({path, rec.line, "", "no model columns after dataset,version,metric,mode"});
        for (std::size_t c = kModelColumn; c < header.size(); ++c) {
          int row = -1;
          Run run = placedRun(path, header[c], options, row);
          if (row >= 0) r.placement_rows.push_back(row);
          run.eval["harness"] = "opencompass";
          runOf.push_back(collector.add(std::move(run), RunSource{path, rec.line, "", batch.sha256, ""}));
        }
        return;
      }
      if (rec.fields.size() != header.size())
        throw ImportFailure({path, rec.line, "", "has " + std::to_string(rec.fields.size()) + " fields but the header has " + std::to_string(header.size())});
      const std::string dataset = trimmed(rec.fields[0]), metric = trimmed(rec.fields[2]);
      if (dataset.empty()) throw ImportFailure({path, rec.line, "dataset", "the dataset name is empty"});
      for (std::size_t c = kModelColumn; c < header.size(); ++c) {
        const std::string cell = trimmed(rec.fields[c]);
        if (cell.empty() || cell == "-") continue;  // not evaluated
        const auto v = parseFiniteNumber(cell);
        if (!v) throw ImportFailure({path, rec.line, header[c], quotedValue(cell) + " is not a score (a number, or - for none)"});
        if (*v < 0 || *v > 100) throw ImportFailure({path, rec.line, header[c], "score " + cell + " is outside OpenCompass's 0-100 scale"});
        Metric m;
        m.name = dataset + "/" + (metric.empty() ? "score" : metric);
        m.value = *v / 100.0;
        const RunSource where{path, rec.line, "", batch.sha256, ""};
        try {
          collector.addMetric(runOf[c - kModelColumn], std::move(m), where);
        } catch (const RunRuleError& e) {
          throw ImportFailure({path, rec.line, header[c], e.what()});
        }
        ++scores;
      }
    });
    if (scores == 0) throw ImportFailure({path, 0, "", "no scores below the header"});
    for (const Run& run : batch.runs)
      if (run.metrics.empty()) batch.warnings.push_back("model column '" + run.model + "' has no scores");
    std::erase_if(batch.runs, [](const Run& run) { return run.metrics.empty(); });
    batch.notes.push_back(std::to_string(scores) + " scores divided by 100: OpenCompass reports percentages, Ratioscope keeps fractions");
    deriveRatios(batch.runs);
  });
}

}  // namespace rs
