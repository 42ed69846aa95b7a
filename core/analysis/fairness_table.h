#pragma once
// The fairness checks as a table (LaTeX, CSV or Markdown): what the fairness
// panel copies and exports and `ratioscope-cli analyze --format` prints.
// One row a check, grouped by comparison.
//  LaTeX     Compressed | Baseline | Check | Verdict | Evidence (the
//            sentence is left to the text: a column of sentences does not fit a page)
//  Markdown  the same and the Explanation
//  CSV       compressed_run, compressed, baseline_run (empty when predicted),
//            baseline, baseline_predicted, check, verdict, evidence, explanation

#include <string>
#include <vector>

#include "core/analysis/fairness.h"
#include "core/model/text_table.h"

namespace rs::analysis {

// `provenance`: the caption lines saying what produced the comparisons.
TextTable fairnessTable(const std::vector<Comparison>& comparisons, TableFormat format, const std::vector<std::string>& provenance);

}  // namespace rs::analysis
