#include "ui/figure/analysis_overlay.h"

#include <qcustomplot.h>

#include <algorithm>
#include <set>

namespace rs::ui {

std::vector<std::string> analysedSeries(const DrawnFigure& figure) {
  std::vector<std::string> labels;
  for (const DrawnSeries& s : figure.series)
    if (s.series.method != kDenseMethod && s.markers && s.markers->visible()) labels.push_back(s.series.label());
  return labels;
}

std::vector<SeriesAnalysis> analyseSeries(const std::vector<std::string>& labels, const std::vector<Run>& runs, const std::string& metric,
                                          const TaskCatalog& tasks, bool withKnees) {
  // The analysis report's curves (core/analysis/analysis_report.h), as
  // `analyze` computes them, for the series the figure shows.
  const auto curves = analysis::analyseCurves(runs, runs, tasks, {}, {metric}, withKnees);
  std::vector<SeriesAnalysis> out;
  for (const std::string& label : labels)
    for (const analysis::CurveAnalysis& c : curves)
      if (c.series == label) out.push_back({label, c.dropout, c.knees, c.knees_agree});
  return out;
}

std::map<std::string, std::vector<analysis::Dropout>> dropoutsBySeries(const std::vector<std::string>& labels, const std::vector<Run>& runs,
                                                                       const TaskCatalog& tasks) {
  std::vector<std::string> accuracies;
  for (const std::string& metric : metricNames(runs)) {
    const TaskInfo task = tasks.lookup(metric);
    if (task.chance && !task.lowerIsBetter) accuracies.push_back(metric);
  }
  std::map<std::string, std::vector<analysis::Dropout>> out;
  if (accuracies.empty()) return out;
  const std::set<std::string> wanted(labels.begin(), labels.end());
  for (const analysis::CurveAnalysis& c : analysis::analyseCurves(runs, runs, tasks, {}, accuracies, false))
    if (c.dropout && wanted.count(c.series)) out[c.series].push_back(*c.dropout);
  return out;
}

std::vector<SeriesAnalysis> analyseFigure(const DrawnFigure& figure, const std::vector<Run>& runs, const FigureSpec& spec,
                                          const TaskCatalog& tasks, bool withKnees) {
  if (spec.axis != Axis::Ratio) return {};  // dropout and knees are ratios
  return analyseSeries(analysedSeries(figure), runs, spec.metric, tasks, withKnees);
}

void drawAnalysis(QCustomPlot& plot, const DrawnFigure& figure, const std::vector<SeriesAnalysis>& analysis, const TaskCatalog& tasks,
                  const FigureSpec& spec) {
  const TaskInfo task = tasks.lookup(spec.metric);
  const double k = spec.scale;
  bool anyDropout = false, anyKnee = false;
  std::set<QRgb> kneeColours;
  // Dropouts whose bars would overlap stack downwards from the chance line,
  // one bar height apart, so one series' marker never hides another's.
  std::vector<std::vector<std::pair<double, double>>> rows;  // the bars drawn on each row
  const double rowStep = std::fabs(plot.yAxis->pixelToCoord(0) - plot.yAxis->pixelToCoord(9 * k));
  for (const SeriesAnalysis& a : analysis) {
    QColor colour(Qt::black);
    for (const DrawnSeries& s : figure.series)
      if (s.series.label() == a.series && s.markers) colour = s.markers->pen().color();
    if (a.dropout && a.dropout->status == analysis::Dropout::Status::Dropped && task.chance) {
      // The measured ratios around it as a bar on the chance line, the point as a square.
      const double lo = a.dropout->ci_low, hi = a.dropout->ci_high;
      std::size_t row = 0;
      const auto overlaps = [&](const std::pair<double, double>& b) { return !(hi < b.first || b.second < lo); };
      while (row < rows.size() && std::any_of(rows[row].begin(), rows[row].end(), overlaps)) ++row;
      if (row == rows.size()) rows.emplace_back();
      rows[row].emplace_back(lo, hi);
      const double y = *task.chance - static_cast<double>(row) * rowStep;
      auto* bar = new QCPItemLine(&plot);
      bar->setObjectName(QStringLiteral("dropout"));
      bar->start->setCoords(lo, y);
      bar->end->setCoords(hi, y);
      bar->setPen(QPen(colour, 2.5 * k));
      bar->setHead(QCPLineEnding(QCPLineEnding::esBar, 6 * k));
      bar->setTail(QCPLineEnding(QCPLineEnding::esBar, 6 * k));
      auto* mark = new QCPItemTracer(&plot);
      mark->setObjectName(QStringLiteral("dropout"));
      mark->position->setCoords(a.dropout->ratio, y);
      mark->setStyle(QCPItemTracer::tsSquare);
      mark->setSize(7 * k);
      mark->setPen(QPen(colour, 1.5 * k));
      mark->setBrush(colour);
      anyDropout = true;
    }
    // Knee region: the span of the intervals of the knees detected with an
    // interval; a bare point or a detector that found nothing shades nothing.
    double lo = 1e300, hi = -1e300;
    int found = 0;
    for (const auto& kn : a.knees)
      if (kn.found && kn.has_interval) {
        lo = std::min(lo, kn.ci_low);
        hi = std::max(hi, kn.ci_high);
        ++found;
      }
    if (found > 0 && hi > lo) {
      auto* rect = new QCPItemRect(&plot);
      rect->setObjectName(QStringLiteral("knee"));
      rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
      rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
      rect->topLeft->setCoords(lo, 0);
      rect->bottomRight->setCoords(hi, 1);
      QColor fill = colour;
      fill.setAlpha(a.knees_agree ? 45 : 20);  // darker where the detectors agree
      rect->setBrush(fill);
      rect->setPen(Qt::NoPen);
      rect->setLayer(QStringLiteral("background"));
      anyKnee = true;
      kneeColours.insert(colour.rgb());
    }
  }
  // The marks are items, not series: legend keys say what they mean.
  const QColor grey(0x55, 0x55, 0x55);
  if (anyDropout) {
    QCPGraph* key = addLegendKey(plot, QStringLiteral("dropout ratio (bar: the measured ratios around it)"));
    key->setLineStyle(QCPGraph::lsNone);
    key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(grey, 1.5 * k), grey, 7 * k));
  }
  if (anyKnee) {
    QCPGraph* key = addLegendKey(plot, QStringLiteral("knee region"));
    key->setLineStyle(QCPGraph::lsNone);
    key->setPen(Qt::NoPen);
    // A translucent swatch: a graph's own fill would show as a thin strip.
    // The regions' own colour when they share one (a single series), else grey.
    QColor swatch = kneeColours.size() == 1 ? QColor::fromRgb(*kneeColours.begin()) : grey;
    swatch.setAlpha(60);
    key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(Qt::NoPen), swatch, 11 * k));
  }
  if (anyDropout || anyKnee) relayoutLegend(plot);
}

}  // namespace rs::ui
