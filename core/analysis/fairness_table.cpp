#include "core/analysis/fairness_table.h"

namespace rs::analysis {

TextTable fairnessTable(const std::vector<Comparison>& comparisons, TableFormat format, const std::vector<std::string>& provenance) {
  TextTable t;
  t.caption = provenance;
  if (format == TableFormat::Csv) {
    t.header = {"compressed_run", "compressed", "baseline_run", "baseline", "baseline_predicted", "check", "verdict", "evidence", "explanation"};
    for (const Comparison& c : comparisons)
      for (const Check& k : c.checks)
        t.rows.push_back({std::to_string(c.compressed), c.compressed_label, c.baseline_predicted ? "" : std::to_string(c.baseline), c.baseline_label,
                          c.baseline_predicted ? "true" : "false", k.id, verdictId(k.verdict), k.evidence, k.explanation});
    return t;
  }
  const bool latex = format == TableFormat::Latex;
  t.header = {"Compressed", "Baseline", "Check", "Verdict", "Evidence"};
  if (!latex) t.header.push_back("Explanation");
  const auto text = [&](const std::string& s) { return latex ? latexText(s) : s; };
  for (const Comparison& c : comparisons) {
    t.group_starts.push_back(t.rows.size());
    bool first = true;
    for (const Check& k : c.checks) {
      // The pair is named once for its checks, as a reader scans it.
      const std::string baseline = c.baseline_label + (c.baseline_predicted ? " (predicted)" : "");
      std::vector<std::string> row = {first ? text(c.compressed_label) : "", first ? text(baseline) : "", text(k.id), verdictId(k.verdict),
                                      text(k.evidence)};
      if (!latex) row.push_back(k.explanation);
      t.rows.push_back(std::move(row));
      first = false;
    }
  }
  return t;
}

}  // namespace rs::analysis
