#pragma once
// Draws a metric against a derived axis into a QCustomPlot: the single
// rendering function behind the GUI plot, File > Export and
// `ratioscope-cli plot`, so all three produce the same figure.

#include <QPointer>
#include <set>
#include <string>
#include <vector>

#include "core/model/axes.h"
#include "core/model/run.h"
#include "core/model/series.h"
#include "core/model/task_catalog.h"

class QCustomPlot;
class QCPGraph;
class QCPErrorBars;

namespace rs::ui {

struct FigureSpec {
  std::string metric;
  Axis axis = Axis::Ratio;
  bool log_x = false;
  bool log_y = false;
  bool error_bars = true;  // +/- 1 standard error where the metric has one
  // Multiplies font sizes, line widths and marker sizes. 1 is sized for print
  // at a journal column width; the on-screen plot uses more to be readable.
  double scale = 1.0;
  // Methods of the whole data set in palette order, bases first (empty: the
  // drawn runs' own order; see methodPaletteOrder). A method keeps its colour
  // and line style when a filter hides others.
  std::vector<std::string> method_order;
  // The same for marker shapes: "family\x1fmodel" keys of the whole data set.
  std::vector<std::string> model_order;
};

// One drawn series: the core series and the graph holding its markers (one
// marker per run, so hover and click map back to runs).
struct DrawnSeries {
  Series series;
  std::string method_key, model_key;  // legend keys that hide this series
  QPointer<QCPGraph> markers;
  QPointer<QCPGraph> line;  // through the mean of repeated runs (seeds) at each x
  QPointer<QCPErrorBars> errors;
};

// One legend entry: a method (colour) or a model (marker shape), or the single
// series when there is only one. `key` is "method:NAME" or "model:FAMILY\x1fMODEL".
struct LegendEntry {
  std::string key;
  std::string label;
  QPointer<QCPGraph> proxy;  // legend-only graph with no data
};

struct DrawnFigure {
  std::vector<DrawnSeries> series;
  std::vector<LegendEntry> legend;
  std::size_t runs_without_metric = 0;
  std::size_t runs_without_axis = 0;
  std::size_t points_dropped_for_log = 0;  // x or y <= 0 on a log axis
  // More than 10 models, each with a parameter count: colour is model size
  // on a colour bar (viridis), the legend names only the methods.
  bool coloured_by_size = false;
  std::string error;  // why nothing could be drawn ("" when something was)
};

// Clears `plot` and draws `runs`. Series are hidden later through the
// graphs' visibility; the caller owns interaction.
DrawnFigure drawFigure(QCustomPlot& plot, const std::vector<Run>& runs, const FigureSpec& spec,
                       const TaskCatalog& tasks);

// The base methods of `runs` in the order a figure of all of them assigns
// colours (by family, model, method), then the recovery variants
// ("magnitude+rft") in the order they take line styles:
// FigureSpec::method_order for a view that filters.
std::vector<std::string> methodPaletteOrder(const std::vector<Run>& runs);
std::vector<std::string> modelShapeOrder(const std::vector<Run>& runs);

// Hides every series whose method or model key is in `hidden`. On screen a
// hidden entry stays in the legend, greyed, so it can be clicked back on;
// `dropFromLegend` removes it instead (for exported figures).
void applyHidden(QCustomPlot& plot, DrawnFigure& figure, const std::set<std::string>& hidden, bool dropFromLegend);

// Lays the plot out (margins, axis rects, legend) without painting it: what
// pixel positions need, at a fraction of the cost of a replot with many points.
// The caller replots (or exports) when the figure is complete.
void layoutNow(QCustomPlot& plot);

// Moves an inset legend to the corner of the axes that covers the fewest
// visible points, for the plot's current size (call again after resizing).
void placeLegendInEmptiestCorner(QCustomPlot& plot);

// A legend-only key (no data, not clickable) for marks drawn as items rather
// than series: the chance line, the analysis' dropout markers and knee regions.
QCPGraph* addLegendKey(QCustomPlot& plot, const QString& name);

// Places the legend again after keys were added to a drawn figure: inside
// the axes while it is short, in its emptiest corner.
void relayoutLegend(QCustomPlot& plot);

// Axis title for a metric in words, e.g. "ARC-Easy accuracy" or "Test loss
// (nats/token)" (core/model/metric_title.h).
std::string metricLabel(const std::string& metric, const TaskCatalog& tasks);

}  // namespace rs::ui
