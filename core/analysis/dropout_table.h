#pragma once
// The capability dropouts as a table (LaTeX, CSV or Markdown) for
// `ratioscope-cli analyze --format`: one row a curve and task.
//  LaTeX     Series | Task | Category | Status | Dropout ratio [interval]
//  Markdown  the same and the Explanation
//  CSV       series, task, category, status, ratio, ci_low, ci_high (empty
//            unless dropped), criterion, explanation
// The ratio is a measured crossing between two measured ratios, with no
// standard error: it is written to four significant digits.

#include <string>
#include <vector>

#include "core/analysis/dropout.h"
#include "core/model/text_table.h"

namespace rs::analysis {

// "dropped", "never", "at-chance-from-start", "no-uncertainty".
const char* dropoutStatusId(Dropout::Status status);

TextTable dropoutTable(const std::vector<Dropout>& dropouts, TableFormat format, const std::vector<std::string>& provenance);

}  // namespace rs::analysis
