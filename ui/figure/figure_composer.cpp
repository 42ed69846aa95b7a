#include "ui/figure/figure_composer.h"

#include <qcustomplot.h>

namespace rs::ui {

void setPaletteFrom(FigureSpec& spec, const std::vector<Run>& all) {
  spec.method_order = methodPaletteOrder(all);
  spec.model_order = modelShapeOrder(all);
}

int visibleCompressedSeries(const DrawnFigure& figure) {
  int visible = 0;
  for (const DrawnSeries& s : figure.series) visible += s.markers && s.markers->visible() && s.series.method != kDenseMethod;
  return visible;
}

ComposedFigure composeFigure(QCustomPlot& plot, const FigureRequest& r) {
  ComposedFigure out;
  static const std::vector<Run> none;
  const std::vector<Run>& runs = r.runs ? *r.runs : none;
  out.drawn = drawFigure(plot, runs, r.spec, r.tasks);
  if (!out.drawn.error.empty()) return out;
  applyHidden(plot, out.drawn, r.hidden, !r.keep_hidden_in_legend);
  const TaskInfo task = r.tasks.lookup(r.spec.metric);
  const bool accuracy = task.chance.has_value() && !task.lowerIsBetter;
  if (r.fit) out.overlay = computeOverlay(*r.fit, out.drawn, r.spec, accuracy);
  out.overlay.excluded = r.excluded;
  if (!out.overlay.empty()) drawOverlay(plot, out.drawn, out.overlay, r.spec.scale);
  if (!out.overlay.note.empty()) out.notes.push_back(out.overlay.note);
  if ((r.dropouts || r.knees) && r.spec.axis == Axis::Ratio) {
    const int visible = visibleCompressedSeries(out.drawn);
    const bool knees = r.knees && visible <= kMaxKneeSeries;
    if (r.knees && !knees) out.knees_left_out_of = visible;
    out.analysis = r.analysis ? *r.analysis : analyseFigure(out.drawn, runs, r.spec, r.tasks, knees);
    for (SeriesAnalysis& a : out.analysis) {
      if (!r.dropouts) a.dropout.reset();
      if (!knees) a.knees.clear();
    }
    drawAnalysis(plot, out.drawn, out.analysis, r.tasks, r.spec);
  } else if (r.dropouts || r.knees) {
    out.notes.push_back("dropouts and knees are ratios: they are drawn on the ratio axis only");
  }
  if (r.x_range) plot.xAxis->setRange(r.x_range->first, r.x_range->second);
  if (r.y_range) plot.yAxis->setRange(r.y_range->first, r.y_range->second);
  return out;
}

}  // namespace rs::ui
