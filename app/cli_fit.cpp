// `ratioscope-cli laws` and `ratioscope-cli fit`: the law catalogue and fits
// from scripts, with the same FitOptions and report as the GUI.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/cli_commands.h"
#include "app/cli_fit_options.h"
#include "app/cli_support.h"
#include "core/fit/critical_ratio.h"
#include "core/fit/fit_table.h"
#include "core/fit/fitter.h"
#include "core/fit/law_metric.h"
#include "core/model/series.h"
#include "core/io/task_overrides.h"
#include "core/laws/catalogue.h"

namespace rs::cli {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

QJsonObject lawToJson(const laws::Law& law) {
  const laws::LawInfo& i = law.info();
  QJsonObject o;
  o[QStringLiteral("id")] = q(i.id);
  o[QStringLiteral("name")] = q(i.name);
  o[QStringLiteral("formula")] = q(i.formula);
  o[QStringLiteral("formula_latex")] = q(i.formula_latex);
  o[QStringLiteral("citation")] = q(i.citation);
  QJsonArray vars;
  for (laws::Variable v : i.variables) vars.append(q(laws::variableName(v)));
  o[QStringLiteral("variables")] = vars;
  QJsonArray params;
  for (const laws::ParamSpec& p : i.params) {
    QJsonObject jp;
    jp[QStringLiteral("name")] = q(p.name);
    jp[QStringLiteral("display")] = q(p.display);
    jp[QStringLiteral("meaning")] = q(p.meaning);
    jp[QStringLiteral("fitted_as")] = p.transform == laws::Transform::Exp ? QStringLiteral("log") : QStringLiteral("value");
    params.append(jp);
  }
  o[QStringLiteral("params")] = params;
  o[QStringLiteral("residuals")] = i.default_space == laws::ResidualSpace::Log ? QStringLiteral("log") : QStringLiteral("linear");
  o[QStringLiteral("default_starts")] = static_cast<int>(law.startGrid({}).size());
  return o;
}

QJsonObject fitToJson(const laws::Law& law, const fit::FitResult& r) {
  QJsonObject o;
  o[QStringLiteral("law")] = q(r.law);
  o[QStringLiteral("formula")] = q(law.info().formula);
  o[QStringLiteral("n_points")] = r.n_points;
  QJsonObject params;
  for (const fit::ParamEstimate& p : r.params) {
    QJsonObject jp;
    jp[QStringLiteral("value")] = number(p.value);
    jp[QStringLiteral("stderr")] = number(p.std_error);
    jp[QStringLiteral("ci_low")] = number(p.ci_low);
    jp[QStringLiteral("ci_high")] = number(p.ci_high);
    jp[QStringLiteral("at_bound")] = p.at_bound;
    // What the parameter measures in this fit: an intercept when its variable never varies.
    jp[QStringLiteral("intercept")] = p.intercept;
    if (!p.meaning.empty()) jp[QStringLiteral("meaning")] = q(p.meaning);
    params[q(p.name)] = jp;
  }
  o[QStringLiteral("params")] = params;
  // What produced stderr, ci_low/ci_high and the covariance (fitter.h).
  o[QStringLiteral("error_method")] = QString::fromLatin1(fit::errorMethodId(r.error_method));
  QJsonArray influence;
  for (const fit::InfluentialPoints& f : r.influence) {
    QJsonObject jf;
    jf[QStringLiteral("param")] = q(f.param);
    QJsonArray runs, labels;
    for (auto id : f.run_ids) runs.append(static_cast<qint64>(id));
    for (const auto& l : f.labels) labels.append(q(l));
    jf[QStringLiteral("run_ids")] = runs;
    jf[QStringLiteral("labels")] = labels;
    jf[QStringLiteral("value")] = number(f.value);
    jf[QStringLiteral("value_without")] = number(f.value_without);
    jf[QStringLiteral("ci_low")] = number(f.ci_low);
    jf[QStringLiteral("ci_high")] = number(f.ci_high);
    influence.append(jf);
  }
  o[QStringLiteral("influence")] = influence;
  for (const auto& [key, v] : {std::pair{"objective", r.objective}, {"r2", r.r2}, {"rmse", r.rmse}, {"aic", r.aic}, {"bic", r.bic},
                               {"residual_variance", r.residual_variance}, {"seconds", r.seconds}})
    o[QLatin1String(key)] = number(v);
  o[QStringLiteral("starts")] = r.starts;
  o[QStringLiteral("starts_converged")] = r.starts_converged;
  o[QStringLiteral("converged")] = r.converged;
  o[QStringLiteral("residuals")] = r.space == laws::ResidualSpace::Log ? QStringLiteral("log") : QStringLiteral("linear");
  const char* kinds[] = {"none", "huber", "cauchy"};
  o[QStringLiteral("robust")] = QString::fromLatin1(kinds[static_cast<int>(r.robust.kind)]) +
                                (r.robust.kind == laws::RobustLoss::Kind::None ? QString() : QStringLiteral(":%1").arg(r.robust.delta));
  QJsonArray ids, warnings;
  for (auto id : r.run_ids) ids.append(static_cast<qint64>(id));
  for (const auto& w : r.warnings) warnings.append(q(w));
  o[QStringLiteral("run_ids")] = ids;
  o[QStringLiteral("warnings")] = warnings;
  QJsonArray limits;  // what the fit cannot claim (fit_limits.h)
  for (const auto& l : r.limits) limits.append(q(l));
  o[QStringLiteral("limits")] = limits;
  if (r.holdout) {
    QJsonObject h;
    h[QStringLiteral("split")] = r.holdout->split;
    h[QStringLiteral("n_train")] = r.holdout->n_train;
    h[QStringLiteral("n_test")] = r.holdout->n_test;
    h[QStringLiteral("rmse")] = number(r.holdout->rmse);
    h[QStringLiteral("mae")] = number(r.holdout->mae);
    h[QStringLiteral("max_abs_error")] = number(r.holdout->max_abs_error);
    h[QStringLiteral("mean_abs_relative_error")] = number(r.holdout->mean_abs_relative_error);
    QJsonObject train;
    for (const auto& [name, value] : r.holdout->train_params) train[q(name)] = number(value);
    h[QStringLiteral("train_params")] = train;
    o[QStringLiteral("holdout")] = h;
  }
  if (r.bootstrap_resamples > 0) {
    QJsonObject b;
    b[QStringLiteral("resamples")] = r.bootstrap_resamples;
    b[QStringLiteral("succeeded")] = r.bootstrap_succeeded;
    o[QStringLiteral("bootstrap")] = b;
  }
  return o;
}

}  // namespace

int runLaws(const QStringList& args) {
  QCommandLineParser p;
  p.addOption({QStringLiteral("json"), QStringLiteral("Print the catalogue as JSON.")});
  if (auto code = parseArguments(p, args, "ratioscope-cli laws [--json]")) return *code;
  if (p.isSet(QStringLiteral("json"))) {
    QJsonArray list;
    for (const auto& law : laws::lawCatalogue()) list.append(lawToJson(*law));
    QJsonObject o;
    o[QStringLiteral("laws")] = list;
    printJson(o);
    return 0;
  }
  for (const auto& law : laws::lawCatalogue()) {
    const auto& i = law->info();
    std::printf("%-22s %s\n%-22s %s\n\n", i.id.c_str(), i.formula.c_str(), "", i.citation.c_str());
  }
  return 0;
}

int runFit(const QStringList& args) {
  QCommandLineParser p;
  addInputOptions(p);
  p.addOption({QStringLiteral("law"), QStringLiteral("Law id (see `ratioscope-cli laws`)."), QStringLiteral("ID")});
  p.addOption({QStringLiteral("metric"), QStringLiteral("Metric to fit (default: loss)."), QStringLiteral("NAME"), QStringLiteral("loss")});
  p.addOption({{QStringLiteral("x"), QStringLiteral("x-axis")}, QStringLiteral("Axis for the generic shapes (default ratio)."), QStringLiteral("AXIS"), QStringLiteral("ratio")});
  p.addOption({QStringLiteral("loss-metric"), QStringLiteral("Loss metric that gadre-downstream reads (default loss)."), QStringLiteral("NAME"), QStringLiteral("loss")});
  addFitOptions(p);
  p.addOption({QStringLiteral("sigma"), QStringLiteral("compression law: critical ratio for a tolerated degradation Y/Y0 = SIGMA."), QStringLiteral("SIGMA")});
  addFormatOptions(p, "text, json, latex, csv or markdown");
  if (auto code = parseArguments(p, args, "ratioscope-cli fit --input DB_OR_RESULTS --law ID [options] [--format text|json|latex|csv|markdown]"))
    return *code;
  const auto format = outputFormat(p, "fit");
  if (auto* code = std::get_if<int>(&format)) return *code;
  const OutputFormat output = std::get<OutputFormat>(format);

  const std::string lawId = p.value(QStringLiteral("law")).toStdString();
  if (lawId.empty()) return fail("fit: --law ID is required; laws: " + laws::lawIds(), 2);
  const auto law = laws::findLaw(lawId);
  if (!law) return fail("fit: unknown law '" + lawId + "'; laws: " + laws::lawIds(), 2);
  fit::FitOptions options;
  if (int code = readFitOptions(p, "fit", options)) return code;
  bool ok = true;
  const auto axis = axisFromId(p.value(QStringLiteral("x")).toStdString());
  if (!axis) return fail("fit: --x must be one of " + axisIds(), 2);
  const auto& variables = law->info().variables;
  if (p.isSet(QStringLiteral("x")) && std::find(variables.begin(), variables.end(), laws::Variable::X) == variables.end())
    return fail("fit: --x applies to the generic shapes (power, logistic, ...); " + law->info().id + " reads its own variables", 2);

  TaskCatalog tasks;
  if (int code = loadTasks(p, tasks)) return code;
  std::vector<Run> all;
  auto selected = selectedRuns(p, &all);
  if (auto* code = std::get_if<int>(&selected)) return *code;
  tasks.learnDirections(all);
  fit::FitDataSpec spec;
  spec.anchors = &all;
  spec.metric = p.value(QStringLiteral("metric")).toStdString();
  spec.x_axis = *axis;
  spec.loss_metric = p.value(QStringLiteral("loss-metric")).toStdString();
  fit::describeMetric(spec, tasks);
  // A generic shape fits the plotted curves: their points are the series'
  // (core/model/series.h), dense anchors at ratio 0 included, as `analyze`
  // and the plot take them, even when --where selects one method.
  std::vector<Run> runs = std::move(std::get<std::vector<Run>>(selected));
  if (std::find(variables.begin(), variables.end(), laws::Variable::X) != variables.end()) runs = withDenseAnchors(runs, all);
  const fit::FitData data = fit::buildFitData(*law, runs, spec, options.space.value_or(law->info().default_space));
  const fit::FitResult result = fit::fitLaw(*law, data, options);
  if (!result.ok) return fail(result.error);
  std::vector<fit::ModelCriticalRatio> critical;
  if (p.isSet(QStringLiteral("sigma"))) {
    const double sigma = p.value(QStringLiteral("sigma")).toDouble(&ok);
    if (!ok || !(sigma > 0)) return fail(QStringLiteral("fit: --sigma takes a number > 0"), 2);
    if (!law->hasCriticalRatio())
      return fail(QStringLiteral("fit: --sigma applies to the compression law only (Y/Y0 = σ solved for r with its α, β and γ)"), 2);
    critical = fit::criticalRatiosByModel(*law, result, data, runs, sigma);
    if (critical.empty()) return fail(QStringLiteral("fit: --sigma: no critical ratio (β = 0, or no positive Y0)"), 1);
  }
  if (output.kind == OutputFormat::Kind::Table) {
    // The parameters only: a critical ratio is another table's row.
    if (!critical.empty()) std::fputs("ratioscope-cli: note: --sigma's critical ratios are not in the parameter table; --format text or json shows them\n", stderr);
    std::fputs(fit::fitTableText(*law, result, output.table, tableProvenance("fit", args, p, runs)).c_str(), stdout);
  } else if (output.kind == OutputFormat::Kind::Json) {
    QJsonObject o = fitToJson(*law, result);
    if (!critical.empty()) {
      QJsonArray list;
      for (const fit::ModelCriticalRatio& c : critical) {
        QJsonObject jc;
        jc[QStringLiteral("model")] = q(c.model);
        jc[QStringLiteral("sigma")] = c.ratio.sigma;
        jc[QStringLiteral("y0")] = number(c.ratio.y0);
        jc[QStringLiteral("rft_tokens")] = c.ratio.rft_tokens;
        jc[QStringLiteral("value")] = number(c.ratio.value);
        jc[QStringLiteral("stderr")] = number(c.ratio.std_error);
        list.append(jc);
      }
      o[QStringLiteral("critical_ratio")] = list;
    }
    printJson(o);
  } else {
    std::fputs(fit::report(*law, result).c_str(), stdout);
    for (const fit::ModelCriticalRatio& c : critical)
      std::printf("  critical ratio for Y/Y0 = %g, %s (Y0 %.4g, D_rft %g): r_crit = %.4g ± %.2g\n", c.ratio.sigma, c.model.c_str(), c.ratio.y0,
                  c.ratio.rft_tokens, c.ratio.value, c.ratio.std_error);
  }
  return 0;
}

}  // namespace rs::cli
