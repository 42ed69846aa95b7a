// `ratioscope-cli analyze`: capability dropout and knees for every curve of
// the selection, as JSON or text.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/cli_commands.h"
#include "app/cli_fit_options.h"
#include "app/cli_output.h"
#include "app/cli_support.h"
#include "core/analysis/analysis_report.h"
#include "core/analysis/dropout.h"
#include "core/analysis/dropout_table.h"
#include "core/analysis/effective_params.h"
#include "core/analysis/fairness.h"
#include "core/analysis/fairness_table.h"
#include "core/analysis/knee.h"
#include "core/analysis/native_frontier.h"
#include "core/fit/statistics.h"
#include "core/laws/catalogue.h"
#include "core/model/compact_number.h"
#include "core/model/provenance_json.h"
#include "core/model/series.h"

namespace rs::cli {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

// "chance", "chance+0.02" or "headroom:0.5".
QString parseDropout(const QString& text, analysis::DropoutCriterion& c) {
  bool ok = true;
  if (text == QLatin1String("chance")) return {};
  if (text.startsWith(QLatin1String("headroom:"))) {
    c.kind = analysis::DropoutCriterion::Kind::Headroom;
    c.share = text.section(QLatin1Char(':'), 1).toDouble(&ok);
    if (ok && c.share > 0 && c.share < 1) return {};
  } else if (text.startsWith(QLatin1String("chance+"))) {
    c.margin = text.section(QLatin1Char('+'), 1).toDouble(&ok);
    if (ok && c.margin >= 0) return {};
  }
  return QStringLiteral("--dropout must be chance, chance+MARGIN or headroom:SHARE (0 < SHARE < 1), not '%1'").arg(text);
}

// `s` padded with spaces to `width` characters (UTF-8: ≥ and ∞ are one
// character but three bytes, which printf's %-Ns would count).
std::string pad(std::string s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars < width) s.append(width - chars, ' ');
  return s;
}

// One line per curve with a knee: each detector's knee and interval, or none.
std::optional<std::string> kneeLine(const std::string& series, const std::string& metric, const std::vector<analysis::Knee>& knees, bool agree) {
  char head[96];
  std::snprintf(head, sizeof head, "%-34s %-15s ", series.c_str(), metric.c_str());
  std::string line = head, separator;
  int found = 0;
  for (const analysis::Knee& k : knees) {
    const std::string interval = k.has_interval ? " [" + significant(k.ci_low, 3) + ", " + significant(k.ci_high, 3) + "]" : " (no interval)";
    line += separator + k.method + (k.found ? " " + significant(k.ratio, 3) + interval : " none");
    separator = "; ";
    found += k.found;
  }
  if (found == 0) return std::nullopt;
  int withInterval = 0;
  for (const analysis::Knee& k : knees) withInterval += k.found && k.has_interval;
  // Agreement is judged between knees with intervals only (knee.h).
  if (found >= 2) line += withInterval < 2 ? " (fewer than two intervals to compare)" : agree ? " (they agree)" : " (they disagree)";
  return line;
}

// The family's dense law, then each selected compressed run's effective size.
void printEffective(const analysis::EffectiveParamsResult& fam, const std::set<std::int64_t>& selected) {
  if (!fam.error.empty()) {
    std::printf("Effective parameters (%s): %s\n", fam.family.c_str(), fam.error.c_str());
    return;
  }
  std::printf("Effective parameters (%s): %s fitted to the dense runs, R² %.3f%s%s\n", fam.family.c_str(), fam.law.c_str(), fam.dense_fit.r2,
              fam.note.empty() ? "" : "; ", fam.note.c_str());
  for (const std::string& l : fam.limits) std::printf("  warning: %s\n", l.c_str());
  std::printf("  %-34s %-7s %-26s %-10s %s\n", "run", "ratio", "N_eff [95%]", "N_eff/N", "N_eff / N_eff(parent)");
  std::set<std::string> offParents, noInterval;
  std::vector<std::string> extrapolated;
  std::map<std::string, int> belowFloor;  // the floor (with its interval) -> runs below it
  bool cutLow = false;
  for (const auto& e : fam.runs) {
    if (!selected.count(e.run)) continue;
    const std::string ratio = e.ratio ? significant(*e.ratio, 3) : "-";
    if (!e.n_eff) {
      // Below the law's floor: a lower bound on N_eff when the law's
      // uncertainty gives one, the floor's interval in the footnote.
      if (e.floor && std::isfinite(*e.floor)) {
        std::printf("  %-34s %-7s %s %s %s\n", e.series.c_str(), ratio.c_str(),
                    pad(e.n_eff_low ? "≥ " + compactNumber(*e.n_eff_low) + " (+)" : "- (+)", 26).c_str(),
                    pad(e.n_eff_low ? "≥ " + significant(*e.n_eff_low / e.params, 3) : "-", 10).c_str(), "-");
        char f[96];
        if (e.floor_low) std::snprintf(f, sizeof f, "%.3f [%.3f, %.3f]", *e.floor, *e.floor_low, *e.floor_high);
        else std::snprintf(f, sizeof f, "%.3f", *e.floor);
        ++belowFloor[f];
      } else {
        std::printf("  %-34s %-7s %s\n", e.series.c_str(), ratio.c_str(), e.note.c_str());
      }
      continue;
    }
    // A lower end far below the smallest dense size (a resample whose law
    // flattens there) is shown as "<" that size / 10: the law was never
    // tested there; JSON keeps the number.
    const double floorSize = fam.dense_min_params / analysis::kExtrapolation;
    const std::string low = e.n_eff_low && *e.n_eff_low < floorSize ? "<" + compactNumber(floorSize) : e.n_eff_low ? compactNumber(*e.n_eff_low) : "";
    cutLow |= e.n_eff_low && *e.n_eff_low < floorSize;
    std::string nEff = compactNumber(*e.n_eff);
    if (e.n_eff_low && e.n_eff_high) nEff += " [" + low + ", " + compactNumber(*e.n_eff_high) + "]";
    else if (e.n_eff_low) nEff += " [" + low + ", ∞)";
    else nEff += " (*)";
    if (!e.extrapolation.empty()) {
      nEff += " (!)";
      extrapolated.push_back(e.series + (e.ratio ? " r=" + significant(*e.ratio, 3) : "") + ": " + e.extrapolation);
    }
    if (!e.n_eff_low) noInterval.insert(e.note);
    std::printf("  %-34s %-7s %s %-10s %s\n", e.series.c_str(), ratio.c_str(), pad(nEff, 26).c_str(), significant(*e.multiplier, 3).c_str(),
                e.vs_parent ? significant(*e.vs_parent, 3).c_str() : "- (no dense parent, or below the law's floor)");
    if (e.parent_multiplier && std::fabs(*e.parent_multiplier - 1) > 0.1)
      offParents.insert(e.series.substr(0, e.series.find(" · ")) + " at " + significant(*e.parent_multiplier, 3) + "×");
  }
  for (const std::string& why : noInterval) std::printf("  (*) %s\n", why.c_str());
  for (const std::string& why : extrapolated) std::printf("  (!) %s\n", why.c_str());
  for (const auto& [floor, count] : belowFloor)
    std::printf("  (+) %d run(s) below the dense law's floor at their token count, L(N → ∞, D) = %s: no dense size reaches their loss under "
                "the fitted law; ≥ is the 95%% lower bound on N_eff from the law's uncertainty and the run's standard error\n",
                count, floor.c_str());
  if (cutLow)
    std::printf("  (<) the interval reaches below a tenth of the smallest dense size (%s), where the law was never tested\n",
                compactNumber(fam.dense_min_params).c_str());
  for (const std::string& p : offParents)
    std::printf("  note: the law puts the dense %s its own size; read N_eff / N_eff(parent) for its runs\n", p.c_str());
}

}  // namespace

int runAnalyze(const QStringList& args) {
  QCommandLineParser p;
  addInputOptions(p);
  p.addOption({QStringLiteral("dropout"), QStringLiteral("chance (default), chance+MARGIN or headroom:SHARE."), QStringLiteral("CRITERION"),
               QStringLiteral("chance")});
  p.addOption({QStringLiteral("budget"), QStringLiteral("Budget for pairing and budget-match: params (default), bytes, flops or latency."),
               QStringLiteral("AXIS"), QStringLiteral("params")});
  p.addOption({QStringLiteral("dense-law"), QString::fromStdString("Dense law inverted for effective parameters: auto (default: the first that fits), " + laws::invertibleLaws() + "."),
               QStringLiteral("LAW"), QStringLiteral("auto")});
  p.addOption({QStringLiteral("loss-metric"), QStringLiteral("Loss metric for effective parameters (default loss)."), QStringLiteral("NAME"),
               QStringLiteral("loss")});
  p.addOption({QStringLiteral("sensitivity"), QStringLiteral("Kneedle sensitivity S (default 1)."), QStringLiteral("S"), QStringLiteral("1")});
  // The dense reference law's fit (effective parameters and the frontier):
  // the same options as `fit` (core/analysis/dense_design.h: denseReferenceOptions).
  addFitOptions(p);
  addFormatOptions(p, "text, json, or latex, csv or markdown tables of the fairness checks and dropouts");
  addOutOption(p);
  if (auto code = parseArguments(p, args, "ratioscope-cli analyze --input DB_OR_RESULTS [--where KEY=VALUE]... [--dropout chance|headroom:0.5] [--budget params|bytes|flops|latency] [--format text|json|latex|csv|markdown] [--out FILE]"))
    return *code;
  const auto format = outputFormat(p, "analyze");
  if (auto* code = std::get_if<int>(&format)) return *code;
  const OutputFormat output = std::get<OutputFormat>(format);
  if (int code = checkOut(p, output, "analyze")) return code;
  // The text report is for reading on the terminal; a file gets the tables or JSON.
  if (p.isSet(QStringLiteral("out")) && output.kind == OutputFormat::Kind::Text)
    return fail(QStringLiteral("analyze: --out writes the tables (--format latex, csv or markdown) or JSON; the text report goes to stdout"), 2);
  analysis::DropoutCriterion criterion;
  if (QString why = parseDropout(p.value(QStringLiteral("dropout")), criterion); !why.isEmpty()) return fail(QStringLiteral("analyze: ") + why, 2);
  bool ok = false;
  const QString denseLaw = p.value(QStringLiteral("dense-law"));
  // The laws that can be inverted for N say which apply (Law::canInvert()).
  const auto invertible = laws::invertibleLawIds();
  if (denseLaw != QLatin1String("auto") && std::find(invertible.begin(), invertible.end(), denseLaw.toStdString()) == invertible.end())
    return fail(QStringLiteral("analyze: --dense-law must be auto, %1, not '%2'").arg(QString::fromStdString(laws::invertibleLaws()), denseLaw), 2);
  analysis::AnalysisOptions options;
  options.dropout = criterion;
  options.dense_law = denseLaw.toStdString();
  options.loss_metric = p.value(QStringLiteral("loss-metric")).toStdString();
  if (int code = readFitOptions(p, "analyze", options.fit)) return code;
  options.knee_sensitivity = p.value(QStringLiteral("sensitivity")).toDouble(&ok);
  if (!ok || !(options.knee_sensitivity > 0)) return fail(QStringLiteral("analyze: --sensitivity takes a number > 0"), 2);
  std::optional<analysis::Budget> budget;
  for (auto b : {analysis::Budget::Params, analysis::Budget::Bytes, analysis::Budget::Flops, analysis::Budget::Latency})
    if (p.value(QStringLiteral("budget")).toStdString() == analysis::budgetId(b)) budget = b;
  if (!budget) return fail(QStringLiteral("analyze: --budget must be params, bytes, flops or latency"), 2);
  options.budget = *budget;
  TaskCatalog tasks;
  if (int code = loadTasks(p, tasks)) return code;
  std::vector<Run> all;  // native baselines and seed counts come from every loaded run
  auto selected = selectedRuns(p, &all);
  if (auto* code = std::get_if<int>(&selected)) return *code;
  const auto& runs = std::get<std::vector<Run>>(selected);
  if (runs.empty()) return fail(QStringLiteral("analyze: no runs selected"));
  tasks.learnDirections(all);

  const analysis::AnalysisReport report = analysis::analyse(runs, all, tasks, options);
  const std::vector<analysis::Dropout>& dropouts = report.dropouts;
  QJsonArray dropoutJson, kneeJson;
  std::vector<std::string> kneeLines;
  int curvesWithoutKnee = 0;
  for (const analysis::CurveAnalysis& c : report.curves) {
    if (const auto& d = c.dropout) {
      QJsonObject o;
      o[QStringLiteral("series")] = q(d->series);
      o[QStringLiteral("task")] = q(d->task);
      o[QStringLiteral("category")] = q(std::string(categoryId(d->category)));
      o[QStringLiteral("status")] = QLatin1String(analysis::dropoutStatusId(d->status));
      const bool dropped = d->status == analysis::Dropout::Status::Dropped;
      o[QStringLiteral("ratio")] = dropped ? number(d->ratio) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("ci_low")] = dropped ? number(d->ci_low) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("ci_high")] = dropped ? number(d->ci_high) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("criterion")] = q(d->criterion);
      o[QStringLiteral("explanation")] = q(d->explanation);
      dropoutJson.append(o);
    }
    if (auto line = kneeLine(c.series, c.metric, c.knees, c.knees_agree)) kneeLines.push_back(*line);
    else ++curvesWithoutKnee;
    for (const analysis::Knee& k : c.knees) {
      QJsonObject o;
      o[QStringLiteral("series")] = q(k.series);
      o[QStringLiteral("metric")] = q(k.metric);
      o[QStringLiteral("method")] = q(k.method);
      o[QStringLiteral("ratio")] = k.found ? number(k.ratio) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("ci_low")] = k.found && k.has_interval ? number(k.ci_low) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("ci_high")] = k.found && k.has_interval ? number(k.ci_high) : QJsonValue(QJsonValue::Null);
      o[QStringLiteral("detectors_agree")] = c.knees_agree;
      if (!k.note.empty()) o[QStringLiteral("note")] = q(k.note);
      kneeJson.append(o);
    }
  }
  QJsonArray categories;
  for (const auto& c : report.categories) {
    QJsonObject o;
    o[QStringLiteral("category")] = q(std::string(categoryId(c.category)));
    o[QStringLiteral("mean_dropout_ratio")] = c.dropped ? number(c.mean_ratio) : QJsonValue(QJsonValue::Null);
    o[QStringLiteral("dropped")] = c.dropped;
    o[QStringLiteral("never")] = c.never;
    categories.append(o);
  }
  // Fairness: every compressed run against the native model of closest
  // budget, or the native-small frontier's prediction when none is near.
  QJsonArray fairnessJson;
  const std::vector<analysis::Comparison>& comparisons = report.comparisons;
  for (const analysis::Comparison& cmp : comparisons) {
    QJsonObject o;
    o[QStringLiteral("compressed")] = q(cmp.compressed_label);
    o[QStringLiteral("compressed_run")] = static_cast<qint64>(cmp.compressed);
    o[QStringLiteral("baseline")] = q(cmp.baseline_label);
    const bool predicted = cmp.baseline_predicted;
    o[QStringLiteral("baseline_run")] = predicted ? QJsonValue(QJsonValue::Null) : QJsonValue(static_cast<qint64>(cmp.baseline));
    o[QStringLiteral("baseline_predicted")] = predicted;
    if (const auto& b = cmp.predicted_baseline) {
      o[QStringLiteral("baseline_source")] = q(b->source.text());
      o[QStringLiteral("baseline_params")] = *b->params;
      o[QStringLiteral("baseline_loss")] = b->metrics.front().value;
      // The prediction's 95% interval: where a native model of this size
      // trained on this budget would land (native_frontier.h).
      if (const auto& se = b->metrics.front().std_error) {
        o[QStringLiteral("baseline_loss_low")] = b->metrics.front().value - fit::kZ95 * *se;
        o[QStringLiteral("baseline_loss_high")] = b->metrics.front().value + fit::kZ95 * *se;
      }
    }
    QJsonArray checks;
    for (const analysis::Check& k : cmp.checks) {
      QJsonObject jc;
      jc[QStringLiteral("id")] = q(k.id);
      jc[QStringLiteral("verdict")] = q(analysis::verdictId(k.verdict));
      jc[QStringLiteral("evidence")] = q(k.evidence);
      jc[QStringLiteral("explanation")] = q(k.explanation);
      checks.append(jc);
    }
    o[QStringLiteral("checks")] = checks;
    fairnessJson.append(o);
  }
  // Effective parameters: the family's dense law inverted at each compressed run.
  QJsonArray effectiveJson;
  const auto& effective = report.effective;
  std::set<std::int64_t> selectedIds;
  for (const Run& r : runs) selectedIds.insert(r.id);
  for (const auto& fam : effective) {
    QJsonObject o;
    o[QStringLiteral("family")] = q(fam.family);
    o[QStringLiteral("law")] = q(fam.law);
    if (!fam.error.empty()) o[QStringLiteral("error")] = q(fam.error);
    if (!fam.note.empty()) o[QStringLiteral("passed_over")] = q(fam.note);
    QJsonArray limits;
    for (const std::string& l : fam.limits) limits.append(q(l));
    o[QStringLiteral("limits")] = limits;
    QJsonArray list;
    for (const auto& e : fam.runs) {
      if (!selectedIds.count(e.run)) continue;
      QJsonObject je;
      je[QStringLiteral("run")] = static_cast<qint64>(e.run);
      je[QStringLiteral("series")] = q(e.series);
      je[QStringLiteral("params")] = e.params;
      je[QStringLiteral("ratio")] = e.ratio ? number(*e.ratio) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("bits")] = e.bits ? number(*e.bits) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("sparsity")] = e.sparsity ? number(*e.sparsity) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("n_eff")] = e.n_eff ? number(*e.n_eff) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("n_eff_low")] = e.n_eff_low ? number(*e.n_eff_low) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("n_eff_high")] = e.n_eff_high ? number(*e.n_eff_high) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("open_above")] = e.open_above;
      if (e.floor && std::isfinite(*e.floor)) {
        je[QStringLiteral("floor")] = *e.floor;
        je[QStringLiteral("floor_low")] = e.floor_low ? number(*e.floor_low) : QJsonValue(QJsonValue::Null);
        je[QStringLiteral("floor_high")] = e.floor_high ? number(*e.floor_high) : QJsonValue(QJsonValue::Null);
      }
      je[QStringLiteral("multiplier")] = e.multiplier ? number(*e.multiplier) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("parent_multiplier")] = e.parent_multiplier ? number(*e.parent_multiplier) : QJsonValue(QJsonValue::Null);
      je[QStringLiteral("vs_parent")] = e.vs_parent ? number(*e.vs_parent) : QJsonValue(QJsonValue::Null);
      if (!e.note.empty()) je[QStringLiteral("note")] = q(e.note);
      if (!e.extrapolation.empty()) je[QStringLiteral("extrapolation")] = q(e.extrapolation);
      list.append(je);
    }
    o[QStringLiteral("runs")] = list;
    effectiveJson.append(o);
  }
  // The frontier law of each family with compressed runs.
  QJsonArray frontierJson;
  std::set<std::string> families;
  for (const Run& r : runs)
    if (!r.isDense()) families.insert(r.family);
  for (const std::string& name : families) {
    const analysis::FrontierFit* f = report.frontier->family(name);
    if (!f) continue;
    QJsonObject o;
    o[QStringLiteral("family")] = q(name);
    o[QStringLiteral("law")] = q(f->law);
    o[QStringLiteral("dense_runs")] = f->dense_runs;
    if (!f->error.empty()) {
      o[QStringLiteral("error")] = q(f->error);
    } else {
      QJsonObject params;
      for (const auto& pe : f->fit.params) params[q(pe.name)] = number(pe.value);
      o[QStringLiteral("params")] = params;
      o[QStringLiteral("r2")] = number(f->fit.r2);
    }
    frontierJson.append(o);
  }
  // What made the numbers (issue #15): the command, the inputs and the
  // runs' files with their hashes, the options that decide the verdicts,
  // and the runs analysed.
  TableProvenance provenance = tableProvenance("analyze", args, p, runs);
  provenance.settings.push_back({"analysis options", analysis::describeAnalysisOptions(options)});
  if (output.kind == OutputFormat::Kind::Table) {
    // Two tables, each with its caption: the command, and what it shows
    // with the options that decide it.
    const std::vector<std::string> madeBy = provenanceLines(provenance);
    auto caption = [&](const std::string& what) {
      std::vector<std::string> lines = madeBy;
      lines.push_back(what);
      return lines;
    };
    const std::string text =
        renderTable(analysis::fairnessTable(comparisons, output.table,
                                            caption("fairness checks, budget " + analysis::budgetId(*budget) + " (" +
                                                    std::to_string(comparisons.size()) + " comparisons)")),
                    output.table) +
        "\n" +
        renderTable(analysis::dropoutTable(dropouts, output.table,
                                           caption("capability dropout, criterion " + criterion.id() + " (" + std::to_string(dropouts.size()) +
                                                   " curves and tasks)")),
                    output.table);
    return writeResult(p, "analyze", text, output, provenanceToJson(provenance));
  }
  if (output.kind == OutputFormat::Kind::Json) {
    QJsonObject out;
    out[QStringLiteral("native_frontier")] = frontierJson;
    out[QStringLiteral("effective_params")] = effectiveJson;
    out[QStringLiteral("fairness")] = fairnessJson;
    out[QStringLiteral("budget")] = q(analysis::budgetId(*budget));
    out[QStringLiteral("dropouts")] = dropoutJson;
    out[QStringLiteral("categories")] = categories;
    out[QStringLiteral("knees")] = kneeJson;
    out[QStringLiteral("provenance")] = provenanceToJson(provenance);
    return writeResult(p, "analyze", QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString(), output, {});
  }
  std::printf("Capability dropout (%s)\n", criterion.id().c_str());
  for (const auto& d : dropouts)
    std::printf("  %-34s %-15s %s\n", d.series.c_str(), d.task.c_str(), d.explanation.c_str());
  std::printf("Categories, earliest dropout first\n");
  for (const QJsonValue& v : categories) {
    const QJsonObject o = v.toObject();
    std::printf("  %-20s mean ratio %-8s dropped %d, never %d\n", qPrintable(o[QStringLiteral("category")].toString()),
                o[QStringLiteral("mean_dropout_ratio")].isNull() ? "-" : qPrintable(QString::number(o[QStringLiteral("mean_dropout_ratio")].toDouble(), 'g', 3)),
                o[QStringLiteral("dropped")].toInt(), o[QStringLiteral("never")].toInt());
  }
  std::printf("Knees (kneedle, max-curvature, segmented; 95%% intervals)\n");
  for (const std::string& line : kneeLines) std::printf("  %s\n", line.c_str());
  if (curvesWithoutKnee > 0) std::printf("  %d other curve(s): no knee (too few points, or no bend)\n", curvesWithoutKnee);
  for (const auto& fam : effective) printEffective(fam, selectedIds);
  for (const QJsonValue& v : frontierJson) {
    const QJsonObject o = v.toObject();
    std::printf("Native-small frontier (%s): %s\n", qPrintable(o[QStringLiteral("family")].toString()),
                o.contains(QStringLiteral("error")) ? qPrintable(o[QStringLiteral("error")].toString())
                                                    : qPrintable(o[QStringLiteral("law")].toString() + QStringLiteral(" fitted to the dense runs, R² ") +
                                                                 QString::number(o[QStringLiteral("r2")].toDouble(), 'f', 3)));
  }
  // The frontier's points: each predicted native model once, with the 95%
  // interval of where such a model would land.
  std::set<std::string> frontierPoints;
  for (const auto& cmp : comparisons) {
    const auto& b = cmp.predicted_baseline;
    if (!b || !b->params || frontierPoints.count(b->model + std::to_string(b->tokens.value_or(0)))) continue;
    frontierPoints.insert(b->model + std::to_string(b->tokens.value_or(0)));
    const Metric& m = b->metrics.front();
    std::printf("  %-26s %s tokens: %s %.3f", b->model.c_str(), b->tokens ? compactNumber(*b->tokens).c_str() : "-", m.name.c_str(), m.value);
    if (m.std_error) std::printf(" [%.3f, %.3f] (95%% prediction)", m.value - fit::kZ95 * *m.std_error, m.value + fit::kZ95 * *m.std_error);
    std::printf("\n");
  }
  std::printf("Fairness (budget: %s)\n", analysis::budgetId(*budget).c_str());
  for (const auto& cmp : comparisons) {
    std::printf("  %s  vs  %s\n", cmp.compressed_label.c_str(), cmp.baseline_label.c_str());
    for (const auto& k : cmp.checks)
      std::printf("    %-7s %-23s %s%s%s\n", analysis::verdictId(k.verdict).c_str(), k.id.c_str(), k.explanation.c_str(),
                  k.evidence.empty() ? "" : " — ", k.evidence.c_str());
  }
  return 0;
}

}  // namespace rs::cli
