#include "core/fit/fit_table.h"

#include <cmath>
#include <cstdio>

#include "core/laws/robust_loss_text.h"
#include "core/model/uncertain_number.h"

namespace rs::fit {
namespace {

std::string g(const char* fmt, double v) {
  char b[64];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}

// An interval's end at the decimal place of the error it comes with, so the
// interval never claims more digits than the estimate.
UncertainNumber bound(double x, double error) {
  UncertainNumber n = roundToError(x, error);
  n.error.clear();
  return n;
}

}  // namespace

std::string describeFit(const laws::Law& law, const FitResult& fit) {
  const std::string loss = fit.robust.kind == laws::RobustLoss::Kind::None    ? "least squares"
                           : fit.robust.kind == laws::RobustLoss::Kind::Huber ? "Huber δ=" + g("%g", fit.robust.delta)
                                                                              : "Cauchy δ=" + g("%g", fit.robust.delta);
  std::string errors = errorMethodId(fit.error_method);
  if (fit.error_method == ErrorMethod::Bootstrap)
    errors += " " + std::to_string(fit.bootstrap_succeeded) + "/" + std::to_string(fit.bootstrap_resamples);
  return law.info().id + ": " + std::to_string(fit.n_points) + " points, " + (fit.space == laws::ResidualSpace::Log ? "log" : "linear") +
         " residuals, " + loss + ", errors " + errors + ", R² " + g("%.4f", fit.r2);
}

std::string describeFitOptions(const FitOptions& o) {
  std::string out;
  const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (o.robust) add("robust " + laws::robustLossText(*o.robust));  // as --robust takes it
  if (o.space) add(std::string(*o.space == laws::ResidualSpace::Log ? "log" : "linear") + " residuals");
  if (o.random_starts > 0) add(std::to_string(o.random_starts) + " random starts (seed " + std::to_string(o.seed) + ")");
  if (o.bootstrap > 0) add("bootstrap " + std::to_string(o.bootstrap) + (o.random_starts > 0 ? "" : " (seed " + std::to_string(o.seed) + ")"));
  if (o.errors) add(std::string("errors ") + errorMethodId(*o.errors));
  if (o.holdout_above) add("holdout above " + g("%g", *o.holdout_above));
  return out.empty() ? "the law's defaults" : out;
}

TextTable fitTable(const laws::Law& law, const FitResult& fit, TableFormat format, const std::vector<std::string>& provenance) {
  TextTable t;
  t.caption = provenance;
  t.caption.push_back(describeFit(law, fit));
  if (format == TableFormat::Csv) {
    t.header = {"parameter", "value", "stderr", "ci_low", "ci_high", "at_bound", "intercept"};
    for (const ParamEstimate& p : fit.params)
      t.rows.push_back({p.name, fullPrecision(p.value), fullPrecision(p.std_error), fullPrecision(p.ci_low), fullPrecision(p.ci_high),
                        p.at_bound ? "true" : "false", p.intercept ? "true" : "false"});
    return t;
  }
  const bool latex = format == TableFormat::Latex;
  t.header = latex ? std::vector<std::string>{"Parameter", "Estimate", "95\\% interval"} : std::vector<std::string>{"Parameter", "Estimate", "95% interval"};
  t.align = "lrr";
  const auto number = [&](const UncertainNumber& n) { return latex ? "$" + toLatex(n) + "$" : toText(n); };
  for (const ParamEstimate& p : fit.params) {
    std::string name = latex ? latexSymbol(p.name) : p.display;
    if (p.intercept) name += " (intercept)";
    // No interval (a rank-deficient fit) is an empty cell, not "[nan, nan]".
    std::string interval = std::isfinite(p.ci_low) && std::isfinite(p.ci_high)
                               ? "[" + number(bound(p.ci_low, p.std_error)) + ", " + number(bound(p.ci_high, p.std_error)) + "]"
                               : "";
    if (p.at_bound) interval += interval.empty() ? "(at bound)" : " (at bound)";
    t.rows.push_back({name, number(roundToError(p.value, p.std_error)), interval});
  }
  return t;
}

}  // namespace rs::fit
