// The figure composer: one request in, one drawn figure out. Checks the
// palette order of all loaded runs under a filter, hidden series, a fitted
// law's curve against the generating curve, dropout marks and knee regions
// at the ratios the data put them, the knee limit, and the item list that
// `plot --describe` prints.
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <qcustomplot.h>

#include <cmath>

#include "core/io/csv/csv_importer.h"
#include "core/laws/catalogue.h"
#include "ui/figure/figure_composer.h"
#include "ui/figure/figure_items.h"
#include "ui/figure/figure_style.h"

using namespace rs;
using namespace rs::ui;

namespace {

// Model `a`: dense, and `methods` at ratios 0.1 .. 0.9 with `value(ratio)`
// (stderr 0.01) of `metric`.
std::vector<Run> sweep(const std::vector<std::string>& methods, const std::string& metric, double (*value)(double)) {
  std::string csv = "model,method,ratio,metric,value,stderr\na,,," + metric + "," + std::to_string(value(0)) + ",0.01\n";
  for (const std::string& m : methods)
    for (int i = 1; i <= 9; ++i) {
      const double r = 0.1 * i;
      csv += "a," + m + "," + std::to_string(r) + "," + metric + "," + std::to_string(value(r)) + ",0.01\n";
    }
  return importCsvText(csv, "sweep.csv").batch.runs;
}

double powerCurve(double r) { return 2 + 3 * std::pow(r, 1.5); }
// Accuracy on a 4-way task (chance 0.25) that holds until 0.5 and is at chance from 0.6.
double collapse(double r) { return r <= 0.5 ? 0.7 - 0.02 * r : 0.25; }

std::vector<Run> only(const std::vector<Run>& runs, const std::string& method) {
  std::vector<Run> out;
  for (const Run& r : runs)
    if (r.method == method || r.isDense()) out.push_back(r);
  return out;
}

QColor seriesColour(const ComposedFigure& f, const std::string& method) {
  for (const DrawnSeries& s : f.drawn.series)
    if (s.series.method == method) return s.markers->pen().color();
  return {};
}

int itemsNamed(const QCustomPlot& plot, const QString& name) {
  int n = 0;
  for (int i = 0; i < plot.itemCount(); ++i) n += plot.item(i)->objectName() == name;
  return n;
}

}  // namespace

class TestFigureComposer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void filteredFigureKeepsThePaletteOfAllRuns() {
    const std::vector<Run> all = sweep({"gptq", "rtn"}, "loss", powerCurve);
    FigureRequest r;
    r.spec.metric = "loss";
    const std::vector<Run> rtn = only(all, "rtn");
    r.runs = &rtn;
    QCustomPlot plot;
    // Alone, rtn would take the first colour; among all runs it is the second method.
    QCOMPARE(seriesColour(composeFigure(plot, r), "rtn"), methodColour(0));
    setPaletteFrom(r.spec, all);
    QCOMPARE(r.spec.method_order, (std::vector<std::string>{"gptq", "rtn"}));
    QCOMPARE(seriesColour(composeFigure(plot, r), "rtn"), methodColour(1));
  }

  void hiddenSeriesLeaveTheExportLegendAndGreyOnScreen() {
    FigureRequest r;
    r.spec.metric = "loss";
    const std::vector<Run> runs = sweep({"gptq", "rtn"}, "loss", powerCurve);
    r.runs = &runs;
    r.hidden = {"method:gptq"};
    QCustomPlot plot;
    const ComposedFigure exported = composeFigure(plot, r);
    const QJsonArray legend = figureItems(plot)[QStringLiteral("legend")].toArray();
    QVERIFY(!legend.contains(QStringLiteral("gptq")));
    QVERIFY(legend.contains(QStringLiteral("rtn")));
    for (const DrawnSeries& s : exported.drawn.series) QCOMPARE(s.markers->visible(), s.series.method != "gptq");
    r.keep_hidden_in_legend = true;
    composeFigure(plot, r);
    QVERIFY(figureItems(plot)[QStringLiteral("legend")].toArray().contains(QStringLiteral("gptq")));
  }

  void drawsTheFittedLawInTheSeriesColour() {
    // y = 2 + 3 r^1.5, exact: the power law's curve goes through it.
    FigureRequest r;
    r.spec.metric = "loss";
    const std::vector<Run> runs = sweep({"rtn"}, "loss", powerCurve);
    r.runs = &runs;
    const auto law = laws::findLaw("power");
    const FitOutcome fit = runFitJobs(makeFitRequest(law, runs, r.spec, fitDataSpec(r.spec, r.tasks, &runs, {}), true, {}));
    QCOMPARE(fit.fits.size(), std::size_t(1));
    QVERIFY2(fit.fits[0].result.ok, fit.fits[0].result.error.c_str());
    r.fit = &fit;
    QCustomPlot plot;
    const ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(f.overlay.curves.size(), std::size_t(1));
    const FitCurve& c = f.overlay.curves[0];
    QCOMPARE(c.x.front(), 0.0);  // from the dense anchor on
    QVERIFY(std::fabs(c.x.back() - 0.9) < 1e-9);
    for (int i = 0; i < c.x.size(); i += 20) QVERIFY2(std::fabs(c.y[i] - powerCurve(c.x[i])) < 1e-3, qPrintable(QString::number(c.x[i])));
    bool drawn = false;  // the fitted line: dash-dot-dot in rtn's colour
    for (int i = 0; i < plot.graphCount(); ++i)
      drawn = drawn || (plot.graph(i)->pen().style() == Qt::DashDotDotLine && plot.graph(i)->pen().color() == seriesColour(f, "rtn"));
    QVERIFY(drawn);
  }

  void marksDropoutsOnTheChanceLine() {
    FigureRequest r;
    r.spec.metric = "arc_easy";
    const std::vector<Run> runs = sweep({"rtn"}, "arc_easy", collapse);
    r.runs = &runs;
    r.dropouts = true;
    QCustomPlot plot;
    const ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(f.analysis.size(), std::size_t(1));
    QVERIFY(f.analysis[0].dropout);
    // Between the last ratio above chance (0.5) and the first at it (0.6).
    QCOMPARE(f.analysis[0].dropout->ci_low, 0.5);
    QCOMPARE(f.analysis[0].dropout->ci_high, 0.6);
    const QJsonArray items = figureItems(plot)[QStringLiteral("items")].toArray();
    bool bar = false;
    for (const QJsonValue& v : items) {
      const QJsonObject o = v.toObject();
      if (o[QStringLiteral("kind")] == QStringLiteral("dropout") && o.contains(QStringLiteral("from")))
        bar = o[QStringLiteral("from")].toArray() == QJsonArray{0.5, 0.25} && o[QStringLiteral("to")].toArray() == QJsonArray{0.6, 0.25};
    }
    QVERIFY(bar);
    QCOMPARE(itemsNamed(plot, QStringLiteral("knee")), 0);  // knees were not asked for
  }

  void shadesKneeRegionsForAFewSeriesOnly() {
    FigureRequest r;
    r.spec.metric = "arc_easy";
    const std::vector<Run> runs = sweep({"rtn"}, "arc_easy", collapse);
    r.runs = &runs;
    r.knees = true;
    QCustomPlot plot;
    ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(itemsNamed(plot, QStringLiteral("knee")), 1);
    QCOMPARE(itemsNamed(plot, QStringLiteral("dropout")), 0);  // dropouts were not asked for
    const QJsonArray legend = figureItems(plot)[QStringLiteral("legend")].toArray();
    QVERIFY(legend.contains(QStringLiteral("knee region")));
    for (const QJsonValue& v : figureItems(plot)[QStringLiteral("items")].toArray())
      if (v.toObject()[QStringLiteral("kind")] == QStringLiteral("knee")) {
        // The region covers the collapse between 0.5 and 0.6.
        const double lo = v.toObject()[QStringLiteral("from")].toArray()[0].toDouble(), hi = v.toObject()[QStringLiteral("to")].toArray()[0].toDouble();
        QVERIFY2(lo <= 0.5 && hi >= 0.55, qPrintable(QStringLiteral("%1 .. %2").arg(lo).arg(hi)));
      }
    QCOMPARE(f.knees_left_out_of, 0);
    // Four series: no regions, and the figure says how many were plotted.
    const std::vector<Run> four = sweep({"gptq", "rtn", "awq", "wanda"}, "arc_easy", collapse);
    r.runs = &four;
    f = composeFigure(plot, r);
    QCOMPARE(itemsNamed(plot, QStringLiteral("knee")), 0);
    QCOMPARE(f.knees_left_out_of, 4);
  }

  void analysisIsForTheRatioAxisOnly() {
    FigureRequest r;
    r.spec.metric = "arc_easy";
    r.spec.axis = Axis::Bits;
    std::vector<Run> runs = sweep({"rtn"}, "arc_easy", collapse);
    for (Run& run : runs) run.bits = 16 * (1 - run.ratio.value_or(0));
    r.runs = &runs;
    r.dropouts = r.knees = true;
    QCustomPlot plot;
    const ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(f.notes, (std::vector<std::string>{"dropouts and knees are ratios: they are drawn on the ratio axis only"}));
    QCOMPARE(itemsNamed(plot, QStringLiteral("dropout")) + itemsNamed(plot, QStringLiteral("knee")), 0);
  }

  void describesGraphsAndItems() {
    FigureRequest r;
    r.spec.metric = "arc_easy";
    const std::vector<Run> runs = sweep({"rtn"}, "arc_easy", collapse);
    r.runs = &runs;
    QCustomPlot plot;
    composeFigure(plot, r);
    const QJsonObject d = figureItems(plot);
    QCOMPARE(d[QStringLiteral("y_axis")].toString(), QStringLiteral("ARC-Easy accuracy"));
    // One series: the legend names it, then the chance level.
    QCOMPARE(d[QStringLiteral("legend")].toArray(), (QJsonArray{QStringLiteral("a · rtn"), QStringLiteral("chance 0.25")}));
    // The rtn series: a mean line and its markers (10 points: dense + 9 ratios).
    bool markers = false;
    for (const QJsonValue& g : d[QStringLiteral("graphs")].toArray())
      if (g.toObject()[QStringLiteral("name")].toString().contains(QStringLiteral("rtn")))
        markers = markers || g.toObject()[QStringLiteral("points")].toInt() == 10 && g.toObject()[QStringLiteral("pen")] == methodColour(0).name();
    QVERIFY2(markers, QJsonDocument(d).toJson().constData());
  }
};

QTEST_MAIN(TestFigureComposer)
#include "test_figure_composer.moc"
