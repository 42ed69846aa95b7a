#pragma once
// One figure from one request: the runs, the palette order of every loaded
// run, the hidden series, a fit with its bands, the analysis overlays
// (dropouts, knee regions) and the axis ranges go in; a drawn QCustomPlot
// comes out. The screen (PlotView), File › Export and `ratioscope-cli plot`
// all compose their figures here, so a figure made headless has the same
// graphs, names, colours and regions as the one on screen.

#include <QtGlobal>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/model/task_catalog.h"
#include "ui/figure/analysis_overlay.h"
#include "ui/figure/figure.h"
#include "ui/figure/fit_jobs.h"
#include "ui/figure/fit_overlay.h"

class QCustomPlot;

namespace rs::ui {

// Knee regions of more series than this would cover the plot.
constexpr int kMaxKneeSeries = 3;

struct FigureRequest {
  FigureSpec spec;                      // metric, axis, scales, palette order (setPaletteFrom)
  const std::vector<Run>* runs = nullptr;  // the runs drawn (a filter applied); not owned
  TaskCatalog tasks;
  std::set<std::string> hidden;         // legend keys hidden ("method:NAME", "model:FAMILY\x1fMODEL")
  bool keep_hidden_in_legend = false;   // on screen a hidden entry stays, greyed, to click back on
  const FitOutcome* fit = nullptr;      // drawn with its 95% bands (null: no fit)
  std::set<qint64> excluded;            // runs left out of the fit, crossed
  bool dropouts = false;                // accuracy metrics on the ratio axis
  bool knees = false;                   // ratio axis, at most kMaxKneeSeries visible series
  // Analysis already computed for these runs (the screen's); null: computed here.
  const std::vector<SeriesAnalysis>* analysis = nullptr;
  std::optional<std::pair<double, double>> x_range, y_range;  // the screen's zoom
};

struct ComposedFigure {
  DrawnFigure drawn;
  FitOverlay overlay;
  std::vector<SeriesAnalysis> analysis;  // what the overlays show
  std::vector<std::string> notes;        // what the figure leaves out, and why
  // Knee regions were asked for but left out: this many series are plotted,
  // more than kMaxKneeSeries (the screen just drops them; the CLI says so).
  int knees_left_out_of = 0;
};

// Palette and marker order over every loaded run, so a filtered figure
// keeps each method's colour and each model's marker.
void setPaletteFrom(FigureSpec& spec, const std::vector<Run>& all);

// Clears `plot` and draws the request. Does not replot.
ComposedFigure composeFigure(QCustomPlot& plot, const FigureRequest& request);

// Visible compressed series of a drawn figure (the ones analysis covers).
int visibleCompressedSeries(const DrawnFigure& figure);

}  // namespace rs::ui
