// `ratioscope-cli laws` and `ratioscope-cli fit`: the law catalogue and fits
// from scripts, with the same FitOptions and report as the GUI.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/cli_commands.h"
#include "app/cli_fit_options.h"
#include "app/cli_output.h"
#include "app/cli_support.h"
#include "core/fit/critical_ratio.h"
#include "core/fit/dense_scope.h"
#include "core/fit/fit_json.h"
#include "core/fit/fit_table.h"
#include "core/fit/fitter.h"
#include "core/fit/law_metric.h"
#include "core/model/provenance_json.h"
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
  p.addOption({{QStringLiteral("x"), QStringLiteral("x-axis")}, QStringLiteral("Axis for the generic shapes (default ratio; params, on one training budget, when every selected run is dense)."), QStringLiteral("AXIS"), QStringLiteral("ratio")});
  p.addOption({QStringLiteral("loss-metric"), QStringLiteral("Loss metric that gadre-downstream reads (default loss)."), QStringLiteral("NAME"), QStringLiteral("loss")});
  addFitOptions(p);
  p.addOption({QStringLiteral("sigma"), QStringLiteral("compression law: critical ratio for a tolerated degradation Y/Y0 = SIGMA."), QStringLiteral("SIGMA")});
  addFormatOptions(p, "text, json, latex, csv or markdown");
  addOutOption(p);
  if (auto code = parseArguments(p, args, "ratioscope-cli fit --input DB_OR_RESULTS --law ID [options] [--format text|json|latex|csv|markdown] [--out FILE]"))
    return *code;
  const auto format = outputFormat(p, "fit");
  if (auto* code = std::get_if<int>(&format)) return *code;
  const OutputFormat output = std::get<OutputFormat>(format);
  if (int code = checkOut(p, output, "fit")) return code;

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
  const bool generic = std::find(variables.begin(), variables.end(), laws::Variable::X) != variables.end();
  // No axis given and only dense runs: their ratio is 0 throughout, so the
  // shape is a law in N, on one training budget (core/fit/dense_scope.h).
  std::vector<std::string> scopeNotes;
  if (generic && !p.isSet(QStringLiteral("x")))
    if (fit::DenseScope scope = fit::denseScope(runs); scope.applies) {
      spec.x_axis = Axis::Params;
      runs = std::move(scope.runs);
      scopeNotes = std::move(scope.notes);
      // The text report prints them as notes; JSON and tables carry them
      // (warnings, table notes), so a person reading a terminal is told here.
      if (output.kind != OutputFormat::Kind::Text)
        for (const std::string& n : scopeNotes) std::fprintf(stderr, "ratioscope-cli: fit: note: %s\n", n.c_str());
    }
  if (generic) runs = withDenseAnchors(runs, all);
  const fit::FitData data = fit::buildFitData(*law, runs, spec, options.space.value_or(law->info().default_space));
  fit::FitResult result = fit::fitLaw(*law, data, options);
  if (!result.ok) {
    // No report to carry the choices: say them before why it failed.
    if (output.kind == OutputFormat::Kind::Text)
      for (const std::string& n : scopeNotes) std::fprintf(stderr, "ratioscope-cli: fit: note: %s\n", n.c_str());
    return fail(result.error);
  }
  // The choices made for the user travel with the result (JSON, table notes).
  result.warnings.insert(result.warnings.begin(), scopeNotes.begin(), scopeNotes.end());
  std::vector<fit::ModelCriticalRatio> critical;
  if (p.isSet(QStringLiteral("sigma"))) {
    const double sigma = p.value(QStringLiteral("sigma")).toDouble(&ok);
    if (!ok || !(sigma > 0)) return fail(QStringLiteral("fit: --sigma takes a number > 0"), 2);
    if (!law->hasCriticalRatio())
      return fail(QStringLiteral("fit: --sigma applies to the compression law only (Y/Y0 = σ solved for r with its α, β and γ)"), 2);
    critical = fit::criticalRatiosByModel(*law, result, data, runs, sigma);
    if (critical.empty()) return fail(QStringLiteral("fit: --sigma: no critical ratio (β = 0, or no positive Y0)"), 1);
  }
  // What made the numbers (issue #15): the command, the inputs and the
  // runs' files with their hashes, the runs fitted and the fit's options,
  // in every format: a table's comment lines, JSON's "provenance", and with
  // --out the sidecar FILE.json.
  std::vector<Run> fitted;
  const std::set<std::int64_t> used(result.run_ids.begin(), result.run_ids.end());
  for (const Run& r : runs)
    if (used.empty() || used.count(r.id)) fitted.push_back(r);
  TableProvenance provenance = tableProvenance("fit", args, p, fitted);
  provenance.settings.push_back({"fit options", fit::describeFitOptions(options)});
  std::string text;
  if (output.kind == OutputFormat::Kind::Table) {
    // The parameters only: a critical ratio is another table's row.
    if (!critical.empty()) std::fputs("ratioscope-cli: note: --sigma's critical ratios are not in the parameter table; --format text or json shows them\n", stderr);
    text = fit::fitTableText(*law, result, output.table, provenanceLines(provenance));
  } else if (output.kind == OutputFormat::Kind::Json) {
    QJsonObject o = fit::fitToJson(*law, result);
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
    o[QStringLiteral("provenance")] = provenanceToJson(provenance);
    text = QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
  } else {
    text = fit::report(*law, result);
    for (const fit::ModelCriticalRatio& c : critical) {
      char line[256];
      std::snprintf(line, sizeof line, "  critical ratio for Y/Y0 = %g, %s (Y0 %.4g, D_rft %g): r_crit = %.4g ± %.2g\n", c.ratio.sigma, c.model.c_str(),
                    c.ratio.y0, c.ratio.rft_tokens, c.ratio.value, c.ratio.std_error);
      text += line;
    }
  }
  return writeResult(p, "fit", text, output, provenanceToJson(provenance));
}

}  // namespace rs::cli
