#include "ui/figure/figure.h"

#include <qcustomplot.h>

#include <cmath>
#include <limits>
#include <algorithm>
#include <map>
#include <tuple>

#include "core/model/metric_title.h"
#include "core/model/training_budget.h"
#include "ui/figure/figure_axes.h"
#include "ui/figure/figure_legend.h"
#include "ui/figure/figure_style.h"
#include "ui/figure/legend_grid.h"

namespace rs::ui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// "magnitude+rft" is magnitude pruning followed by recovery: it shares the
// method's colour and differs in line style, so a palette of seven colours
// covers every variant.
std::string baseMethod(const std::string& method) { return method.substr(0, method.find('+')); }

// Families of more models than this are coloured by size with a colour bar:
// past it, marker shapes stop reading apart and the legend outgrows the plot.
constexpr int kMaxLegendModels = 10;

// How a figure tells its series apart: colour, line style and marker.
struct SeriesLook {
  const std::map<std::string, int>* methodIndex = nullptr;
  const std::map<std::string, int>* modelIndex = nullptr;
  bool by_size = false;          // colour is log10(parameters) on sizeGradient()
  bool marker_by_method = false; // one model (or colour by size): the marker names the method
  QCPRange log_params;           // the colour scale's range, log10(parameters)
  std::map<std::string, double> params;  // model key -> parameters

  std::map<std::string, int> pattern;   // method -> methodDashes index (choosePatterns)

  static std::string modelKey(const Series& s) { return s.family + "\x1f" + s.modelLabel(); }
  QPen pen(const std::string& method, const QColor& colour, double width) const {
    // The dense models draw dashed grey as before (pattern 1).
    return methodPen(colour, width, method == kDenseMethod ? 1 : pattern.at(method));
  }
  QColor colour(const Series& s) const {
    if (by_size) return sizeGradient().color(std::log10(params.at(modelKey(s))), log_params, false);
    return s.method == kDenseMethod ? denseColour() : methodColour(methodIndex->at(baseMethod(s.method)));
  }
  // The dense models' marker is the circle; each method takes its own in palette order (methodStyle).
  int methodMarker(const std::string& method) const { return method == kDenseMethod ? 0 : methodStyle(methodIndex->at(method)).marker; }
  int marker(const Series& s) const { return marker_by_method ? methodMarker(s.method) : modelIndex->at(modelKey(s)); }
};

// Line patterns in palette order (methodStyle): the first method solid, the
// others through the patterns after the dense models' one. A method whose
// pattern another method of its colour has (a recovery variant and its
// base, when the cycle wraps) takes the next free one, so methods of one
// colour never share a line.
std::map<std::string, int> choosePatterns(const std::map<std::string, int>& methodIndex) {
  std::vector<std::pair<int, std::string>> ordered;
  for (const auto& [method, index] : methodIndex) ordered.emplace_back(index, method);
  std::sort(ordered.begin(), ordered.end());
  std::map<std::string, int> pattern;
  std::map<std::string, std::set<int>> usedByColour;
  for (const auto& [d, method] : ordered) {
    std::set<int>& used = usedByColour[baseMethod(method)];
    int p = methodStyle(d).dash;
    for (int next = d + 1; used.count(p) && next < d + dashPatternCount(); ++next) p = methodStyle(next).dash;
    used.insert(p);
    pattern[method] = p;
  }
  return pattern;
}

SeriesLook chooseLook(const std::vector<Series>& series, const std::vector<Run>& runs,
                      const std::map<std::string, int>& methodIndex, const std::map<std::string, int>& modelIndex) {
  SeriesLook look;
  look.methodIndex = &methodIndex;
  look.modelIndex = &modelIndex;
  look.pattern = choosePatterns(methodIndex);
  std::set<std::string> models;
  bool allSized = true;
  for (const Series& s : series) {
    models.insert(SeriesLook::modelKey(s));
    const Run& r = runs[s.points.front().run_index];
    if (r.params && *r.params > 0) look.params[SeriesLook::modelKey(s)] = *r.params;
    else allSized = false;
  }
  look.by_size = allSized && static_cast<int>(models.size()) > kMaxLegendModels;
  look.marker_by_method = look.by_size || models.size() == 1;
  if (look.by_size) {
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (const auto& [key, n] : look.params) lo = std::min(lo, std::log10(n)), hi = std::max(hi, std::log10(n));
    look.log_params = QCPRange(lo, hi > lo ? hi : lo + 1);
  }
  return look;
}

QCPScatterStyle markerStyle(int index, const QColor& colour, double k) {
  return QCPScatterStyle(modelShape(index), QPen(colour, 1.2 * k), markerFilled(index) ? QBrush(colour) : QBrush(Qt::white), 5.5 * k);
}

// A factorised legend: colour and line style name the method and marker
// shape the model, so 4 models x 5 methods need 9 short entries, not 20 long
// ones. Entries are empty proxy graphs drawn in the legend only; clicking one
// toggles every series with that method or model. A figure coloured by size
// names only its methods (in grey): the colour bar names the models.
void addLegendEntries(QCustomPlot& plot, DrawnFigure& out, const SeriesLook& look, double k) {
  std::vector<std::string> methods, models;
  std::map<std::string, std::pair<std::string, std::string>> modelNames;  // key -> (family, model)
  for (const DrawnSeries& d : out.series) {
    if (std::find(methods.begin(), methods.end(), d.series.method) == methods.end()) methods.push_back(d.series.method);
    // A model trained at several budgets is one legend entry (and shape) per budget.
    const std::string m = SeriesLook::modelKey(d.series);
    if (std::find(models.begin(), models.end(), m) == models.end()) models.push_back(m);
    modelNames[m] = {d.series.family, d.series.modelLabel()};
  }
  auto proxy = [&](const std::string& key, const std::string& label) {
    QCPGraph* g = plot.addGraph();
    g->setName(q(label));
    g->setSelectable(QCP::stNone);
    out.legend.push_back({key, label, g});
    return g;
  };
  if (methods.size() <= 1 && models.size() <= 1) {
    const DrawnSeries& only = out.series.front();
    QCPGraph* g = proxy(only.method_key, only.series.label());
    g->setPen(only.line ? only.line->pen() : only.markers->pen());
    g->setScatterStyle(only.markers->scatterStyle());
    g->setLineStyle(only.line ? QCPGraph::lsLine : QCPGraph::lsNone);
    return;
  }
  if (methods.size() > 1) {
    const auto& index = *look.methodIndex;
    std::sort(methods.begin(), methods.end(), [&](const std::string& a, const std::string& b) {
      const int ia = a == kDenseMethod ? -1 : index.at(baseMethod(a)), ib = b == kDenseMethod ? -1 : index.at(baseMethod(b));
      return ia != ib ? ia < ib : a < b;
    });
    for (const std::string& m : methods) {
      const QColor colour = m == kDenseMethod || look.by_size ? denseColour() : methodColour(index.at(baseMethod(m)));
      QCPGraph* g = proxy("method:" + m, m);
      g->setPen(look.pen(m, colour, 1.6 * k));
      g->setLineStyle(QCPGraph::lsLine);
      if (look.marker_by_method) g->setScatterStyle(markerStyle(look.methodMarker(m), colour, k));
    }
  }
  if (models.size() > 1 && !look.by_size) {
    for (const std::string& m : models) {
      QCPGraph* g = proxy("model:" + m, modelNames[m].second);
      g->setPen(QPen(denseColour(), 1.2 * k));
      g->setLineStyle(QCPGraph::lsNone);
      g->setScatterStyle(markerStyle(look.modelIndex->at(m), denseColour(), k));
    }
  }
}

// The colour bar of a figure coloured by size, right of the axes: model
// parameters on a log scale, labelled as the axes are.
void addSizeScale(QCustomPlot& plot, const SeriesLook& look, double k) {
  auto* scale = new QCPColorScale(&plot);
  plot.plotLayout()->addElement(0, 1, scale);
  plot.plotLayout()->setColumnStretchFactor(1, 0.001);  // the bar's column no wider than it needs
  scale->setType(QCPAxis::atRight);
  scale->setGradient(sizeGradient());
  scale->setDataScaleType(QCPAxis::stLogarithmic);
  scale->setDataRange(QCPRange(std::pow(10.0, look.log_params.lower), std::pow(10.0, look.log_params.upper)));
  scale->setBarWidth(static_cast<int>(std::lround(6 * k)));
  scale->setRangeDrag(false);
  scale->setRangeZoom(false);
  styleAxis(scale->axis(), true, k);
  scale->axis()->setLabel(QStringLiteral("Parameters"));
  // The bar spans the axes' height, not the legend's row below them.
  auto* group = new QCPMarginGroup(&plot);
  plot.axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale->setMarginGroup(QCP::msTop | QCP::msBottom, group);
}

// Removes the colour bar a previous drawing left.
void removeSizeScale(QCustomPlot& plot) {
  QCPLayoutGrid* outer = plot.plotLayout();
  for (int i = outer->elementCount() - 1; i >= 0; --i)
    if (qobject_cast<QCPColorScale*>(outer->elementAt(i))) outer->removeAt(i);
  outer->simplify();
  plot.axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, nullptr);
}

}  // namespace

std::vector<std::string> methodPaletteOrder(const std::vector<Run>& runs) {
  std::set<std::tuple<std::string, std::string, std::string>> series;
  for (const Run& r : runs)
    if (!r.isDense()) series.emplace(r.family, r.model, r.method);
  std::vector<std::string> order;
  for (const auto& [family, model, method] : series)
    if (std::find(order.begin(), order.end(), baseMethod(method)) == order.end()) order.push_back(baseMethod(method));
  // Then the recovery variants, which take their base's colour and a line
  // style of their own: appended, so a base's index is its colour's.
  for (const auto& [family, model, method] : series)
    if (std::find(order.begin(), order.end(), method) == order.end()) order.push_back(method);
  return order;
}

std::vector<std::string> modelShapeOrder(const std::vector<Run>& runs) {
  std::set<std::string> keys;  // sorted as the series are: by family, then model
  const TrainingBudgets budgets(runs);  // as Series::modelLabel names them
  for (const Run& r : runs) {
    const std::string budget = budgets.label(r);
    keys.insert(r.family + "\x1f" + r.model + (budget.empty() ? "" : " \u00b7 " + budget));
  }
  return {keys.begin(), keys.end()};
}

std::string metricLabel(const std::string& metric, const TaskCatalog& tasks) { return metricAxisTitle(metric, tasks); }

void applyHidden(QCustomPlot& plot, DrawnFigure& figure, const std::set<std::string>& hidden, bool dropFromLegend) {
  for (DrawnSeries& d : figure.series) {
    const bool off = hidden.count(d.method_key) || hidden.count(d.model_key);
    for (QCPAbstractPlottable* p : {static_cast<QCPAbstractPlottable*>(d.markers.data()),
                                    static_cast<QCPAbstractPlottable*>(d.line.data()),
                                    static_cast<QCPAbstractPlottable*>(d.errors.data())})
      if (p) p->setVisible(!off);
  }
  for (LegendEntry& e : figure.legend) {
    if (!e.proxy) continue;
    const bool off = hidden.count(e.key) > 0;
    if (off && dropFromLegend) e.proxy->removeFromLegend();
    else if (auto* item = plot.legend->itemWithPlottable(e.proxy)) item->setTextColor(off ? QColor(0xAA, 0xAA, 0xAA) : Qt::black);
  }
}

DrawnFigure drawFigure(QCustomPlot& plot, const std::vector<Run>& runs, const FigureSpec& spec, const TaskCatalog& tasks) {
  DrawnFigure out;
  plot.clearPlottables();
  plot.clearItems();
  removeSizeScale(plot);
  plot.setBackground(Qt::white);
  QCPAxis* xAxis = plot.xAxis;
  QCPAxis* yAxis = plot.yAxis;
  const double k = spec.scale;
  styleAxis(xAxis, spec.log_x, k);
  styleAxis(yAxis, spec.log_y, k);
  xAxis->setLabel(q(std::string(axisInfo(spec.axis).label)));
  yAxis->setLabel(q(metricLabel(spec.metric, tasks)));
  plot.xAxis2->setVisible(false);
  plot.yAxis2->setVisible(false);

  QCPLegend* legend = plot.legend;
  styleLegend(legend, k);
  const TaskInfo task = tasks.lookup(spec.metric);

  SeriesSet set = buildSeries(runs, spec.metric, spec.axis);
  out.runs_without_metric = set.runs_without_metric;
  out.runs_without_axis = set.runs_without_axis;
  if (set.series.empty()) {
    out.error = runs.empty() ? "no runs selected"
                             : "no run has both metric '" + spec.metric + "' and a value on the " +
                                   std::string(axisInfo(spec.axis).id) + " axis";
    legend->setVisible(false);
    plot.replot();
    return out;
  }

  // Colour by base method (recovery variants share it), line style by
  // method, shape by model, in order of first appearance. methodIndex holds
  // the bases first (their colours) and then the variants (line styles).
  std::map<std::string, int> methodIndex, modelIndex;
  for (const std::string& m : spec.method_order) methodIndex.emplace(m, static_cast<int>(methodIndex.size()));
  for (const std::string& m : spec.model_order) modelIndex.emplace(m, static_cast<int>(modelIndex.size()));
  for (const Series& s : set.series)
    if (s.method != kDenseMethod) methodIndex.emplace(baseMethod(s.method), static_cast<int>(methodIndex.size()));
  for (const Series& s : set.series) {
    if (s.method != kDenseMethod) methodIndex.emplace(s.method, static_cast<int>(methodIndex.size()));
    modelIndex.emplace(s.family + "\x1f" + s.modelLabel(), static_cast<int>(modelIndex.size()));
  }
  const SeriesLook look = chooseLook(set.series, runs, methodIndex, modelIndex);
  out.coloured_by_size = look.by_size;
  for (Series& s : set.series) {
    // Log axes cannot show zero or negative values: drop them and say so.
    std::vector<SeriesPoint> kept;
    for (const SeriesPoint& p : s.points) {
      if ((spec.log_x && p.x <= 0) || (spec.log_y && p.y <= 0)) { ++out.points_dropped_for_log; continue; }
      kept.push_back(p);
    }
    s.points = std::move(kept);
    if (s.points.empty()) continue;
    const QColor colour = look.colour(s);
    const int marker = look.marker(s);

    QVector<double> xs, ys, errs, meanX, meanY;
    bool anyError = false;
    for (const SeriesPoint& p : s.points) {
      xs << p.x;
      ys << p.y;
      errs << p.y_error.value_or(0.0);
      anyError = anyError || p.y_error.has_value();
    }
    // Mean over runs sharing an x (seeds), for the connecting line.
    for (int i = 0; i < xs.size();) {
      int j = i;
      double sum = 0;
      while (j < xs.size() && xs[j] == xs[i]) sum += ys[j++];
      meanX << xs[i];
      meanY << sum / (j - i);
      i = j;
    }

    DrawnSeries drawn;
    drawn.series = s;
    drawn.method_key = "method:" + s.method;
    drawn.model_key = "model:" + s.family + "\x1f" + s.modelLabel();
    if (meanX.size() > 1) {
      QCPGraph* line = plot.addGraph(xAxis, yAxis);
      line->setData(meanX, meanY, true);
      line->setPen(look.pen(s.method, colour, 1.2 * k));
      line->setLineStyle(QCPGraph::lsLine);
      line->setScatterStyle(QCPScatterStyle::ssNone);
      line->removeFromLegend();
      line->setSelectable(QCP::stNone);
      drawn.line = line;
    }
    QCPGraph* markers = plot.addGraph(xAxis, yAxis);
    markers->setName(q(s.label()));
    markers->removeFromLegend();  // the legend names methods and models, below
    markers->setData(xs, ys, true);
    markers->setLineStyle(QCPGraph::lsNone);
    markers->setScatterStyle(markerStyle(marker, colour, k));
    markers->setPen(QPen(colour, 1.2 * k));
    markers->setSelectable(QCP::stSingleData);
    drawn.markers = markers;
    if (spec.error_bars && anyError) {
      auto* bars = new QCPErrorBars(xAxis, yAxis);
      bars->setDataPlottable(markers);
      bars->setData(errs);
      bars->setPen(QPen(colour, 0.8 * k));
      bars->setWhiskerWidth(3 * k);
      bars->removeFromLegend();
      bars->setSelectable(QCP::stNone);
      drawn.errors = bars;
    }
    out.series.push_back(std::move(drawn));
  }
  if (out.series.empty()) {
    out.error = "every point has a value <= 0, which a log axis cannot show";
    legend->setVisible(false);
    plot.replot();
    return out;
  }

  addLegendEntries(plot, out, look, k);
  if (look.by_size) addSizeScale(plot, look, k);
  // Chance level of an accuracy metric: the floor a collapsed model falls to.
  plot.rescaleAxes(true);
  if (task.chance && !spec.log_y) {
    auto* chance = new QCPItemStraightLine(&plot);
    chance->point1->setCoords(0, *task.chance);
    chance->point2->setCoords(1, *task.chance);
    chance->setPen(QPen(QColor(0x88, 0x88, 0x88), 0.8 * k, Qt::DotLine));
    // Named in the legend rather than labelled on the plot, where collapsed
    // runs crowd around it.
    QCPGraph* key = addLegendKey(plot, QStringLiteral("chance %1").arg(*task.chance));
    key->setPen(chance->pen());
    out.legend.push_back({"chance", key->name().toStdString(), key});
    const QCPRange r = yAxis->range();
    yAxis->setRange(std::min(r.lower, *task.chance), std::max(r.upper, *task.chance));
  }
  // A figure coloured by size of one method names everything on its colour bar.
  legend->setVisible(!out.legend.empty());
  // Up to six entries fit inside the axes (in the corner with the fewest
  // points, chosen once laid out); more go below the axes in columns.
  placeLegend(plot, static_cast<int>(out.legend.size()), Qt::AlignTop | Qt::AlignRight);
  // Breathing room so markers do not sit on the frame.
  for (QCPAxis* axis : {xAxis, yAxis}) {
    QCPRange r = axis->range();
    if (axis->scaleType() == QCPAxis::stLogarithmic) {
      r.lower /= 1.25;
      r.upper *= 1.25;
    } else {
      const double pad = r.size() > 0 ? 0.05 * r.size() : std::max(std::fabs(r.lower) * 0.05, 0.05);
      r.lower -= pad;
      r.upper += pad;
    }
    axis->setRange(r);
  }
  layoutNow(plot);  // where the axes are, to find the emptiest corner (a replot would paint every point)
  placeLegendInEmptiestCorner(plot);
  return out;
}

}  // namespace rs::ui
