// `ratioscope-cli render PROJECT --out FIG`: the figure a saved project
// shows, re-rendered headless. The project (ui/project/project_file.h)
// gives the source, the task overrides, the filter, the figure settings,
// the hidden series, the fit with its options and exclusions; the figure is
// composed as the window composes it for File › Export, so the same project
// and data give the same figure (byte for byte, apart from timestamps).
#include <QCommandLineParser>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <qcustomplot.h>

#include "app/cli_commands.h"
#include "app/cli_plot.h"
#include "app/cli_support.h"
#include "core/io/dataset_source.h"
#include "core/io/task_overrides.h"
#include "core/laws/catalogue.h"
#include "ui/project/project_file.h"

namespace rs::cli {

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
    if (int code = fitPlotted(law, runs, all, project->fit.per_series, project->fit.options, excluded, request, fitted, "render")) return code;
  }
  ui::FigureOrigin origin;
  origin.command = commandProvenance("render", args);
  origin.inputs.push_back(QFileInfo(projectPath).absoluteFilePath().toStdString());
  origin.inputs.push_back(project->source.location.toStdString());
  if (project->task_overrides) origin.inputs.push_back(project->task_overrides->location.toStdString());
  return writeFigure(plot, request, out, options, origin, p.isSet(QStringLiteral("describe")), "render");
}

}  // namespace rs::cli
