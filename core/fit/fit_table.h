#pragma once
// The parameter table of a fit as LaTeX, CSV or Markdown: what the fit
// panel copies and exports and `ratioscope-cli fit --format` prints, from
// this one function.
//
//  LaTeX, Markdown  Parameter | Estimate (value ± s.e., rounded by
//                   uncertain_number.h) | 95% interval (at the same decimal
//                   place); "(intercept)" and "(at bound)" where they apply.
//  CSV              parameter, value, stderr, ci_low, ci_high, at_bound,
//                   intercept at full precision (empty for a missing error),
//                   for reading back, not for reading.
// The caption lines are `provenance` (what produced the table, from the
// caller: a command line or a panel) and then one line describing the fit
// (law, points, residuals, loss, error method, R²).

#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "core/model/text_table.h"

namespace rs::fit {

// "chinchilla: 40 points, log residuals, Huber δ=0.001, errors wald, R² 0.9981"
std::string describeFit(const laws::Law& law, const FitResult& fit);

// The options a fit was asked for, in the CLI's words: "robust huber:0.001,
// 64 random starts (seed 1), bootstrap 200, holdout above 0.5", or "the
// law's defaults". The fit panel says it under its table, and every table's
// provenance names it ("fit options: …").
std::string describeFitOptions(const FitOptions& options);

TextTable fitTable(const laws::Law& law, const FitResult& fit, TableFormat format, const std::vector<std::string>& provenance);

inline std::string fitTableText(const laws::Law& law, const FitResult& fit, TableFormat format, const std::vector<std::string>& provenance) {
  return renderTable(fitTable(law, fit, format, provenance), format);
}

}  // namespace rs::fit
