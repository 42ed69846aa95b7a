// `ratioscope-cli plot`: any figure the window shows, made headless. The
// figure is composed by the GUI's own composer (ui/figure/figure_composer.h)
// from the same request: the selected runs, the palette order of every run
// of the input (so a --where figure keeps the GUI's colours for the same
// filter), hidden legend entries, a fitted law with its bands, dropouts and
// knee regions.
#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cstdio>
#include <qcustomplot.h>

#include "app/cli_commands.h"
#include "app/cli_plot.h"
#include "app/cli_fit_options.h"
#include "app/cli_support.h"
#include "core/fit/law_metric.h"
#include "core/laws/catalogue.h"
#include "core/model/axes.h"
#include "ui/figure/figure_composer.h"
#include "ui/figure/figure_export.h"
#include "ui/figure/figure_items.h"
#include "ui/figure/figure_provenance.h"

namespace rs::cli {
namespace {

void note(const std::string& text) { std::fprintf(stderr, "ratioscope-cli: note: %s\n", text.c_str()); }

// "method:NAME", "model:NAME" or "model:FAMILY/NAME" -> the figure's legend
// keys ("model:FAMILY\x1fNAME"); empty when it names no entry.
std::set<std::string> legendKeysFor(const std::string& hide, const ui::DrawnFigure& figure) {
  std::set<std::string> keys;
  for (const ui::LegendEntry& e : figure.legend) {
    if (e.key == hide) keys.insert(e.key);
    if (e.key.rfind("model:", 0) != 0 || hide.rfind("model:", 0) != 0) continue;
    const std::string familyModel = e.key.substr(6);
    const std::size_t cut = familyModel.find('\x1f');
    const std::string model = familyModel.substr(cut + 1), slashed = familyModel.substr(0, cut) + "/" + model;
    if (hide.substr(6) == model || hide.substr(6) == slashed) keys.insert(e.key);
  }
  return keys;
}

std::string legendKeyList(const ui::DrawnFigure& figure) {
  std::string list;
  for (const ui::LegendEntry& e : figure.legend) {
    if (e.key == "chance") continue;
    std::string key = e.key;
    std::replace(key.begin(), key.end(), '\x1f', '/');
    list += (list.empty() ? "" : ", ") + key;
  }
  return list.empty() ? "none" : list;
}

}  // namespace

void addFigureFileOptions(QCommandLineParser& p) {
  p.addOption({QStringLiteral("describe"), QStringLiteral("Print the figure's graphs, colours and regions as JSON.")});
  p.addOption({QStringLiteral("out"), QStringLiteral("Figure file: .pdf, .svg or .png."), QStringLiteral("FILE")});
  p.addOption({QStringLiteral("width-mm"), QStringLiteral("Width in millimetres (default 85)."), QStringLiteral("MM"), QStringLiteral("85")});
  p.addOption({QStringLiteral("height-mm"), QStringLiteral("Height in millimetres (default 60)."), QStringLiteral("MM"), QStringLiteral("60")});
  p.addOption({QStringLiteral("dpi"), QStringLiteral("PNG resolution (default 300)."), QStringLiteral("DPI"), QStringLiteral("300")});
}

int readExportOptions(const QCommandLineParser& p, const char* command, ui::ExportOptions& options) {
  bool okW = false, okH = false, okD = false;
  options.width_mm = p.value(QStringLiteral("width-mm")).toDouble(&okW);
  options.height_mm = p.value(QStringLiteral("height-mm")).toDouble(&okH);
  options.dpi = p.value(QStringLiteral("dpi")).toInt(&okD);
  if (!okW || !okH || !okD) return fail(QString::fromLatin1(command) + QStringLiteral(": --width-mm, --height-mm and --dpi take numbers"), 2);
  if (std::string why = ui::validateExportOptions(options); !why.empty()) return fail(std::string(command) + ": " + why, 2);
  return 0;
}

int fitPlotted(const std::shared_ptr<const laws::Law>& law, const std::vector<Run>& runs, const std::vector<Run>& all, bool perSeries,
               const fit::FitOptions& options, const std::set<qint64>& excluded, ui::FigureRequest& request, ui::FitOutcome& fitted, const char* command,
               bool drawWithoutFit) {
  const ui::FigureSpec& spec = request.spec;
  const fit::FitDataSpec data = ui::fitDataSpec(spec, request.tasks, &all, excluded);
  const fit::LawMetricCheck suits = fit::checkLawForMetric(law->info(), spec.metric, data.metric_is_accuracy, data.metric_lower_is_better);
  if (suits.refused) return fail(std::string(command) + ": " + suits.message);
  if (!suits.message.empty()) note(suits.message);
  fitted = ui::runFitJobs(ui::makeFitRequest(law, runs, spec, data, perSeries, options));
  int ok = 0;
  for (const ui::SeriesFit& f : fitted.fits) {
    ok += f.result.ok;
    if (!f.result.ok) note(f.label + ": " + f.result.error);
  }
  if (ok == 0 && drawWithoutFit) {
    note(std::string(command) + ": cannot fit " + law->info().id + " to any plotted series now; drawn without the fit");
    return 0;
  }
  if (ok == 0) return fail(std::string(command) + ": cannot fit " + law->info().id + " to any plotted series");
  request.fit = &fitted;
  request.excluded = excluded;
  return 0;
}

int writeFigure(QCustomPlot& plot, const ui::FigureRequest& request, const QString& out, const ui::ExportOptions& options,
                const ui::FigureOrigin& origin, bool describe, const char* command) {
  const ui::FigureSpec& spec = request.spec;
  const ui::ComposedFigure composed = ui::composeFigure(plot, request);
  const ui::DrawnFigure& drawn = composed.drawn;
  if (!drawn.error.empty()) return fail(std::string(command) + ": " + drawn.error);
  std::string sidecarWarning;
  if (std::string why = ui::exportFigure(plot, out, options, ui::figureProvenance(request, composed, origin), &sidecarWarning); !why.empty())
    return fail(why);
  if (!sidecarWarning.empty()) note(sidecarWarning);
  if (describe) std::fputs(QJsonDocument(ui::figureItems(plot)).toJson(QJsonDocument::Indented).constData(), stdout);
  std::size_t points = 0;
  for (const auto& s : drawn.series) points += s.series.points.size();
  std::fprintf(stderr, "ratioscope-cli: wrote %s: %zu series, %zu points\n", qPrintable(out), drawn.series.size(), points);
  // What the figure does not show, and why: a reader of the file cannot tell.
  for (const std::string& n : composed.notes) note(n);
  if (composed.knees_left_out_of)
    note("no knee regions: they are drawn for at most " + std::to_string(ui::kMaxKneeSeries) + " series, and " +
         std::to_string(composed.knees_left_out_of) + " are plotted (--where or --hide fewer)");
  if (drawn.points_dropped_for_log)
    note(std::to_string(drawn.points_dropped_for_log) + " points at or below 0 left out on the log axis" +
         (spec.log_x && spec.axis == Axis::Ratio ? " (ratio 0: the dense models; --x fold starts at 1)" : ""));
  if (drawn.runs_without_axis)
    note(std::to_string(drawn.runs_without_axis) + " runs lack the " + std::string(axisInfo(spec.axis).id) + " axis and are not drawn");
  return 0;
}

int runPlot(const QStringList& args) {
  QCommandLineParser p;
  addInputOptions(p);
  p.addOption({QStringLiteral("metric"), QStringLiteral("Metric to plot on the y axis."), QStringLiteral("NAME")});
  p.addOption({{QStringLiteral("x"), QStringLiteral("x-axis")}, QStringLiteral("X axis: ratio, fold, bits, params or tokens (default ratio)."), QStringLiteral("AXIS"), QStringLiteral("ratio")});
  p.addOption({QStringLiteral("log-x"), QStringLiteral("Logarithmic x axis.")});
  p.addOption({QStringLiteral("log-y"), QStringLiteral("Logarithmic y axis.")});
  p.addOption({QStringLiteral("no-error-bars"), QStringLiteral("Do not draw standard-error bars.")});
  p.addOption({QStringLiteral("law"), QStringLiteral("Fit this law (see `ratioscope-cli laws`) and draw it with its 95% band."), QStringLiteral("ID")});
  p.addOption({QStringLiteral("fit-per-series"), QStringLiteral("Fit the law to each plotted series (default: every plotted run together).")});
  addFitOptions(p);
  p.addOption({QStringLiteral("dropouts"), QStringLiteral("Mark each series' dropout ratio on the chance line (accuracy on the ratio axis).")});
  p.addOption({QStringLiteral("knees"), QStringLiteral("Shade each series' knee region (ratio axis, at most 3 series).")});
  p.addOption({QStringLiteral("hide"), QStringLiteral("Hide a legend entry: method:NAME or model:NAME (repeatable)."), QStringLiteral("KEY")});
  addFigureFileOptions(p);
  if (auto code = parseArguments(p, args, "ratioscope-cli plot --input DB_OR_RESULTS --metric NAME --x AXIS --out FILE [options]")) return *code;

  const QString out = p.value(QStringLiteral("out"));
  if (out.isEmpty()) return fail(QStringLiteral("plot: --out FILE.pdf|.svg|.png is required"), 2);
  const QString metric = p.value(QStringLiteral("metric"));
  if (metric.isEmpty()) return fail(QStringLiteral("plot: --metric NAME is required"), 2);
  ui::FigureRequest request;
  ui::FigureSpec& spec = request.spec;
  spec.metric = metric.toStdString();
  const auto axis = axisFromId(p.value(QStringLiteral("x")).toStdString());
  if (!axis) return fail("plot: --x must be one of " + axisIds() + ", not '" + p.value(QStringLiteral("x")).toStdString() + "'", 2);
  spec.axis = *axis;
  spec.log_x = p.isSet(QStringLiteral("log-x"));
  spec.log_y = p.isSet(QStringLiteral("log-y"));
  spec.error_bars = !p.isSet(QStringLiteral("no-error-bars"));
  request.dropouts = p.isSet(QStringLiteral("dropouts"));
  request.knees = p.isSet(QStringLiteral("knees"));
  ui::ExportOptions options;
  if (int code = readExportOptions(p, "plot", options)) return code;
  std::shared_ptr<const laws::Law> law;
  fit::FitOptions fitOptions;
  if (p.isSet(QStringLiteral("law"))) {
    const std::string id = p.value(QStringLiteral("law")).toStdString();
    law = laws::findLaw(id);
    if (!law) return fail("plot: unknown law '" + id + "'; laws: " + laws::lawIds(), 2);
    if (int code = readFitOptions(p, "plot", fitOptions)) return code;
  } else if (p.isSet(QStringLiteral("fit-per-series"))) {
    return fail(QStringLiteral("plot: --fit-per-series needs --law LAW"), 2);
  }
  if (int code = loadTasks(p, request.tasks)) return code;

  // Every run of the input sets the palette and anchors the fits, as every
  // loaded run does in the window.
  std::vector<Run> all;
  auto selected = selectedRuns(p, &all, /*wholeInput=*/true);
  if (auto* code = std::get_if<int>(&selected)) return *code;
  const std::vector<Run> runs = std::move(std::get<std::vector<Run>>(selected));
  request.runs = &runs;
  request.tasks.learnDirections(all);
  ui::setPaletteFrom(spec, all);
  const auto names = metricNames(runs);
  if (std::find(names.begin(), names.end(), spec.metric) == names.end()) {
    QStringList known;
    for (const std::string& n : names) known << QString::fromStdString(n);
    return fail(QStringLiteral("plot: no selected run has metric '%1'; metrics present: %2")
                    .arg(metric, known.isEmpty() ? QStringLiteral("none") : known.join(QStringLiteral(", "))));
  }

  QCustomPlot plot;
  // The legend entries --hide names must exist: a typo would hide nothing.
  if (p.isSet(QStringLiteral("hide"))) {
    const ui::DrawnFigure bare = ui::drawFigure(plot, runs, spec, request.tasks);
    for (const QString& hide : p.values(QStringLiteral("hide"))) {
      const std::set<std::string> keys = legendKeysFor(hide.toStdString(), bare);
      if (keys.empty())
        return fail("plot: --hide " + hide.toStdString() + ": no such legend entry; entries: " + legendKeyList(bare), 2);
      request.hidden.insert(keys.begin(), keys.end());
    }
  }
  ui::FitOutcome fitted;
  if (law) {
    if (int code = fitPlotted(law, runs, all, p.isSet(QStringLiteral("fit-per-series")), fitOptions, {}, request, fitted, "plot")) return code;
  }
  // What made the figure, in its metadata and in a sidecar beside it.
  ui::FigureOrigin origin;
  origin.command = commandProvenance("plot", args);
  for (const QString& input : p.values(QStringLiteral("input"))) origin.inputs.push_back(input.toStdString());
  if (p.isSet(QStringLiteral("tasks"))) origin.inputs.push_back(p.value(QStringLiteral("tasks")).toStdString());  // chance levels drawn
  return writeFigure(plot, request, out, options, origin, p.isSet(QStringLiteral("describe")), "plot");
}

}  // namespace rs::cli
