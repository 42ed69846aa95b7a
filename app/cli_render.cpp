// `ratioscope-cli render PROJECT --out FIG`: the figure a saved project
// shows, re-rendered headless. The project (ui/project/project_file.h)
// gives the source, the task overrides, the filter, the figure settings,
// the hidden series, the fit with its options and exclusions; the figure is
// composed as the window composes it for File › Export, so the same project
// and data give the same figure (byte for byte, apart from timestamps).
#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <qcustomplot.h>

#include "app/cli_commands.h"
#include "app/cli_plot.h"
#include "app/cli_support.h"
#include "core/io/dataset_source.h"
#include "core/io/task_overrides.h"
#include "core/laws/catalogue.h"
#include "core/model/compact_number.h"
#include "ui/project/project_file.h"

namespace rs::cli {
namespace {

// The fit now against the one saved with the project (fit.result, by
// series, for checking): a series whose fit fails now, or whose parameters
// moved (the data changed, or this Ratioscope fits differently), is said,
// and the figure is drawn with the fit as it is now.
void checkSavedFit(const QJsonObject& saved, const ui::FitOutcome& now) {
  const auto say = [](const std::string& text) { std::fprintf(stderr, "ratioscope-cli: note: %s\n", text.c_str()); };
  std::set<QString> fitted;
  for (const ui::SeriesFit& f : now.fits) {
    const QString label = QString::fromStdString(f.label);
    fitted.insert(label);
    const QJsonObject was = saved.value(label).toObject()[QStringLiteral("params")].toObject();
    if (was.isEmpty()) continue;  // none saved for this series
    if (!f.result.ok) {
      say(f.label + ": the fit saved with the project no longer converges; drawn without it");
      continue;
    }
    std::string moved;
    for (const fit::ParamEstimate& p : f.result.params) {
      const QJsonValue value = was.value(QString::fromStdString(p.name)).toObject()[QStringLiteral("value")];
      if (!value.isDouble()) continue;  // not saved (null: it was not finite)
      const double before = value.toDouble();
      // Refits of the same data agree to rounding; anything more moved.
      if (!(std::abs(p.value - before) <= 1e-6 * std::max(std::abs(before), 1e-300)))
        moved += (moved.empty() ? "" : ", ") + p.name + " " + significant(p.value, 6) + " (saved " + significant(before, 6) + ")";
    }
    if (!moved.empty()) say(f.label + ": the fit differs from the one saved with the project: " + moved + "; drawn as fitted now");
  }
  for (auto it = saved.begin(); it != saved.end(); ++it)
    if (it.value().toObject().contains(QStringLiteral("params")) && !fitted.count(it.key()))
      say(it.key().toStdString() + ": a fit was saved with the project for this series, which is not fitted now");
}

}  // namespace

int runRender(const QStringList& args) {
  QCommandLineParser p;
  p.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("A project saved by the window (File > Save Project)."));
  addFigureFileOptions(p);
  if (auto code = parseArguments(p, args, "ratioscope-cli render PROJECT.ratioscope --out FILE [--width-mm 85] [--height-mm 60] [--dpi 300]")) return *code;
  if (p.positionalArguments().size() != 1) return fail(QStringLiteral("render: give one PROJECT file"), 2);
  const QString out = p.value(QStringLiteral("out"));
  if (out.isEmpty()) return fail(QStringLiteral("render: --out FILE.pdf|.svg|.png is required"), 2);
  ui::ExportOptions options;
  if (int code = readExportOptions(p, "render", options)) return code;

  const QString projectPath = p.positionalArguments().first();
  QString error;
  const auto project = ui::loadProject(projectPath, error);
  if (!project) return fail("render: " + error);
  if (project->source.location.isEmpty()) return fail("render: " + projectPath + ": the project has no data source");
  // A source that changed since the project was saved is drawn as it is now, and said so.
  for (const ui::ProjectInput* in : {&project->source, project->task_overrides ? &*project->task_overrides : nullptr}) {
    if (!in) continue;
    if (const QString moved = ui::inputMoved(*in); !moved.isEmpty()) std::fprintf(stderr, "ratioscope-cli: note: %s\n", qPrintable(moved));
    const QString changed = ui::inputChanged(*in);
    if (changed.contains(QStringLiteral("not found"))) return fail("render: " + changed);
    if (!changed.isEmpty()) std::fprintf(stderr, "ratioscope-cli: note: %s; drawn from it as it is now\n", qPrintable(changed));
  }

  ui::FigureRequest request;
  if (project->task_overrides)
    if (std::string why = applyTaskOverrides(project->task_overrides->location.toStdString(), request.tasks); !why.empty())
      return fail("render: " + why);
  LoadedRuns loaded = loadRuns(project->source.location.toStdString());
  if (!loaded.ok()) return fail("render: " + loaded.error);
  const std::vector<Run>& all = loaded.runs;
  request.tasks.learnDirections(all);
  ui::RunFilter filter;
  filter.parse(project->filter);  // checked when the project was read
  std::vector<Run> runs;
  std::copy_if(all.begin(), all.end(), std::back_inserter(runs), [&](const Run& r) { return filter.isEmpty() || filter.acceptsRun(r); });
  if (runs.empty()) return fail("render: the project's filter '" + project->filter + "' keeps none of the " + QString::number(all.size()) + " runs");

  const ui::FigureSettings& f = project->figure;
  ui::FigureSpec& spec = request.spec;
  spec.metric = f.metric;
  spec.axis = f.axis;
  spec.log_x = f.log_x;
  spec.log_y = f.log_y;
  spec.error_bars = f.error_bars;
  ui::setPaletteFrom(spec, all);
  request.runs = &runs;
  request.hidden = f.hidden;
  request.dropouts = request.knees = f.analysis && f.axis == Axis::Ratio;  // as the window's Dropouts & knees box

  std::set<qint64> excluded;
  for (const Run& r : all)
    if (project->excluded_keys.count(r.key)) excluded.insert(r.id);
  QCustomPlot plot;
  ui::FitOutcome fitted;
  if (!project->fit.law.isEmpty()) {
    const auto law = laws::findLaw(project->fit.law.toStdString());
    if (!law) return fail("render: the project's law '" + project->fit.law.toStdString() + "' is not in this Ratioscope; laws: " + laws::lawIds());
    // A saved fit that no longer converges anywhere is said, and the figure
    // drawn without it (issue #15: say so, keep going).
    if (int code = fitPlotted(law, runs, all, project->fit.per_series, project->fit.options, excluded, request, fitted, "render", true)) return code;
    checkSavedFit(project->fit.result, fitted);
  }
  ui::FigureOrigin origin;
  origin.command = commandProvenance("render", args);
  origin.inputs.push_back(QFileInfo(projectPath).absoluteFilePath().toStdString());
  origin.inputs.push_back(project->source.location.toStdString());
  if (project->task_overrides) origin.inputs.push_back(project->task_overrides->location.toStdString());
  return writeFigure(plot, request, out, options, origin, p.isSet(QStringLiteral("describe")), "render");
}

}  // namespace rs::cli
