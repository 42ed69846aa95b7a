// The analysis overlay (ui/figure/analysis_overlay.h) on a known figure: a
// dropout is a bar over its interval on the chance line with a square at its
// ratio, in its series' colour; overlapping bars stack one row (9 px) below;
// a knee region spans its knees' intervals over the whole height, darker
// where the detectors agree; a knee without an interval and a dropout that
// never happened draw nothing; legend keys say what the marks mean.
#include <QApplication>
#include <QTest>
#include <cmath>
#include <qcustomplot.h>

#include "ui/figure/analysis_overlay.h"

using namespace rs;
using namespace rs::ui;

namespace {
// Two pruning methods of one model on a 4-way task (chance 0.25), five ratios each.
std::vector<Run> runs() {
  std::vector<Run> out;
  std::int64_t id = 1;
  Run dense;
  dense.id = id++;
  dense.family = std::string(1, 'f');
  dense.model = "m";
  dense.method = "dense";
  dense.params = 1e9;
  dense.metrics = {{"arc_challenge", 0.8, {}, {}}};
  out.push_back(dense);
  for (const char* method : {"wanda", "magnitude"})
    for (double r : {0.2, 0.4, 0.6, 0.8, 0.9}) {
      Run c = dense;
      c.id = id++;
      c.method = method;
      c.ratio = r;
      c.metrics = {{"arc_challenge", 0.8 - 0.6 * r, {}, {}}};
      out.push_back(c);
    }
  return out;
}

analysis::Dropout dropped(double ratio, double lo, double hi) {
  analysis::Dropout d;
  d.status = analysis::Dropout::Status::Dropped;
  d.ratio = ratio;
  d.ci_low = lo;
  d.ci_high = hi;
  return d;
}

analysis::Knee knee(const char* method, double ratio, double lo, double hi, bool interval = true) {
  analysis::Knee k;
  k.method = method;
  k.found = true;
  k.ratio = ratio;
  k.ci_low = lo;
  k.ci_high = hi;
  k.has_interval = interval;
  return k;
}

template <typename Item>
std::vector<Item*> items(QCustomPlot& plot, const char* name) {
  std::vector<Item*> out;
  for (int i = 0; i < plot.itemCount(); ++i)
    if (auto* it = qobject_cast<Item*>(plot.item(i)); it && it->objectName() == QLatin1String(name)) out.push_back(it);
  return out;
}

bool hasLegendEntry(QCustomPlot& plot, const QString& name) {
  for (int i = 0; i < plot.graphCount(); ++i)
    if (plot.graph(i)->name() == name) return true;
  return false;
}
}  // namespace

class TestAnalysisOverlay : public QObject {
  Q_OBJECT
  TaskCatalog tasks_;
  FigureSpec spec_;

  DrawnFigure draw(QCustomPlot& plot) {
    plot.resize(600, 400);
    DrawnFigure figure = drawFigure(plot, runs(), spec_, tasks_);
    plot.xAxis->setRange(0, 1);
    plot.yAxis->setRange(0, 1);
    plot.replot();  // the axes' pixel scale, which the stacking step is read from
    return figure;
  }
  QColor colourOf(const DrawnFigure& figure, const std::string& label) {
    for (const DrawnSeries& s : figure.series)
      if (s.series.label() == label) return s.markers->pen().color();
    return {};
  }

 private Q_SLOTS:
  void initTestCase() {
    spec_.metric = "arc_challenge";
    spec_.axis = Axis::Ratio;
    QCOMPARE(*tasks_.lookup("arc_challenge").chance, 0.25);
  }

  void seriesUnderAnalysis() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    // The compressed series, not the dense one.
    auto labels = analysedSeries(figure);
    std::sort(labels.begin(), labels.end());
    QCOMPARE(labels, (std::vector<std::string>{"m · magnitude", "m · wanda"}));
  }

  void dropoutsSitOnTheChanceLine() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    // wanda drops at 0.55 (measured between 0.4 and 0.6); magnitude at 0.65 in [0.6, 0.8]: the bars touch at 0.6.
    drawAnalysis(plot, figure, {{"m · wanda", dropped(0.55, 0.4, 0.6), {}, false}, {"m · magnitude", dropped(0.65, 0.6, 0.8), {}, false}},
                 tasks_, spec_);
    const auto bars = items<QCPItemLine>(plot, "dropout");
    const auto marks = items<QCPItemTracer>(plot, "dropout");
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(marks.size(), std::size_t(2));
    QCOMPARE(bars[0]->start->coords(), QPointF(0.4, 0.25));
    QCOMPARE(bars[0]->end->coords(), QPointF(0.6, 0.25));
    QCOMPARE(marks[0]->position->coords(), QPointF(0.55, 0.25));
    QCOMPARE(bars[0]->pen().color(), colourOf(figure, "m · wanda"));
    QCOMPARE(marks[0]->brush().color(), colourOf(figure, "m · wanda"));
    // The second overlaps the first: one row lower, 9 px on this axis (400 px high minus margins, for 0..1).
    const double rowStep = std::fabs(plot.yAxis->pixelToCoord(0) - plot.yAxis->pixelToCoord(9));
    QVERIFY(rowStep > 0.01 && rowStep < 0.05);
    QCOMPARE(bars[1]->start->coords(), QPointF(0.6, 0.25 - rowStep));
    QCOMPARE(bars[1]->end->coords(), QPointF(0.8, 0.25 - rowStep));
    QCOMPARE(marks[1]->position->coords(), QPointF(0.65, 0.25 - rowStep));
    QCOMPARE(bars[1]->pen().color(), colourOf(figure, "m · magnitude"));
    QVERIFY(hasLegendEntry(plot, QStringLiteral("dropout ratio (bar: the measured ratios around it)")));
    QVERIFY(!hasLegendEntry(plot, QStringLiteral("knee region")));
  }

  void separateDropoutsShareTheRow() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    drawAnalysis(plot, figure, {{"m · wanda", dropped(0.3, 0.2, 0.4), {}, false}, {"m · magnitude", dropped(0.85, 0.8, 0.9), {}, false}},
                 tasks_, spec_);
    const auto bars = items<QCPItemLine>(plot, "dropout");
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(bars[1]->start->coords(), QPointF(0.8, 0.25));
  }

  void aDropoutThatNeverHappenedDrawsNothing() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    analysis::Dropout never;
    never.status = analysis::Dropout::Status::Never;
    drawAnalysis(plot, figure, {{"m · wanda", never, {}, false}}, tasks_, spec_);
    QVERIFY(items<QCPItemLine>(plot, "dropout").empty());
    QVERIFY(!hasLegendEntry(plot, QStringLiteral("dropout ratio (bar: the measured ratios around it)")));
  }

  void kneeRegionsSpanTheIntervals() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    // wanda: kneedle [0.3, 0.5] and segmented [0.35, 0.6] agree: one region 0.3..0.6, darker.
    // magnitude: one knee [0.7, 0.85] and one without an interval at 0.2 (shades nothing): 0.7..0.85, lighter.
    drawAnalysis(plot, figure,
                 {{"m · wanda", std::nullopt, {knee("kneedle", 0.4, 0.3, 0.5), knee("segmented", 0.45, 0.35, 0.6)}, true},
                  {"m · magnitude", std::nullopt, {knee("kneedle", 0.8, 0.7, 0.85), knee("max-curvature", 0.2, 0.2, 0.2, false)}, false}},
                 tasks_, spec_);
    const auto rects = items<QCPItemRect>(plot, "knee");
    QCOMPARE(rects.size(), std::size_t(2));
    QCOMPARE(rects[0]->topLeft->coords(), QPointF(0.3, 0));
    QCOMPARE(rects[0]->bottomRight->coords(), QPointF(0.6, 1));
    QCOMPARE(rects[0]->topLeft->typeY(), QCPItemPosition::ptAxisRectRatio);  // the whole height of the axes
    QCOMPARE(rects[0]->brush().color().alpha(), 45);
    QCOMPARE(rects[0]->brush().color().rgb(), colourOf(figure, "m · wanda").rgb());
    QCOMPARE(rects[1]->topLeft->coords(), QPointF(0.7, 0));
    QCOMPARE(rects[1]->bottomRight->coords(), QPointF(0.85, 1));
    QCOMPARE(rects[1]->brush().color().alpha(), 20);
    QVERIFY(hasLegendEntry(plot, QStringLiteral("knee region")));
  }

  void aKneeWithoutAnIntervalShadesNothing() {
    QCustomPlot plot;
    const DrawnFigure figure = draw(plot);
    drawAnalysis(plot, figure, {{"m · wanda", std::nullopt, {knee("max-curvature", 0.5, 0.5, 0.5, false)}, false}}, tasks_, spec_);
    QVERIFY(items<QCPItemRect>(plot, "knee").empty());
    QVERIFY(!hasLegendEntry(plot, QStringLiteral("knee region")));
  }
};

QTEST_MAIN(TestAnalysisOverlay)
#include "test_analysis_overlay.moc"
