// How a figure tells series apart when printed (issue #15): methods by line
// style and marker as well as colour, so a grayscale print keeps them apart;
// markers that do not repeat for 16 models; a family of many models coloured
// by size on viridis with a colour bar instead of a legend entry per model.
#include <QApplication>
#include <QImage>
#include <QTest>
#include <qcustomplot.h>

#include "core/io/csv/csv_importer.h"
#include "ui/figure/figure_composer.h"
#include "ui/figure/figure_export.h"
#include "ui/figure/figure_style.h"

using namespace rs;
using namespace rs::ui;

namespace {

// Three methods with the same points: only their style can tell them apart.
std::vector<Run> sameCurveThreeMethods() {
  std::string csv = "model,method,ratio,metric,value\nm,,,loss,2.0\n";
  for (const char* method : {"magnitude", "nm24", "rtn"})
    for (const auto& [ratio, loss] : {std::pair{"0.25", "2.1"}, {"0.5", "2.3"}, {"0.75", "2.8"}})
      csv += std::string("m,") + method + "," + ratio + ",loss," + loss + "\n";
  return importCsvText(csv, "same.csv").batch.runs;
}

// Ink on paper after a grayscale print: the pixels darker than light grey.
std::vector<bool> inkOf(const QImage& image) {
  const QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
  std::vector<bool> ink;
  for (int y = 0; y < grey.height(); ++y)
    for (int x = 0; x < grey.width(); ++x) ink.push_back(qGray(grey.pixel(x, y)) < 200);
  return ink;
}

// The figure of one method alone, legend off, on fixed axes: what a reader
// of a grayscale print sees of that method.
std::vector<bool> printedAlone(const std::vector<Run>& runs, const std::string& method) {
  QCustomPlot plot;
  FigureRequest r;
  r.runs = &runs;
  r.spec.metric = "loss";
  setPaletteFrom(r.spec, runs);
  for (const char* other : {"magnitude", "nm24", "rtn"})
    if (other != method) r.hidden.insert(std::string("method:") + other);
  r.x_range = std::pair(-0.05, 0.8);
  r.y_range = std::pair(1.9, 2.9);
  composeFigure(plot, r);
  plot.legend->setVisible(false);
  return inkOf(renderFigure(plot, {85, 60, 300}, 300));
}

}  // namespace

class TestFigureStyle : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void methodsDifferInGrayscale() {
    const std::vector<Run> runs = sameCurveThreeMethods();
    const std::vector<bool> magnitude = printedAlone(runs, "magnitude"), nm24 = printedAlone(runs, "nm24"),
                            rtn = printedAlone(runs, "rtn");
    auto differing = [](const std::vector<bool>& a, const std::vector<bool>& b) {
      std::size_t differ = 0, ink = 0;
      for (std::size_t i = 0; i < a.size(); ++i) differ += a[i] != b[i], ink += a[i] || b[i];
      return static_cast<double>(differ) / static_cast<double>(ink);
    };
    // Colour alone leaves the same ink (antialiased edges aside, under 1%);
    // line style and marker change a large share of it.
    QVERIFY2(differing(magnitude, nm24) > 0.1, "magnitude and nm24 print alike");
    QVERIFY2(differing(magnitude, rtn) > 0.1, "magnitude and rtn print alike");
    QVERIFY2(differing(nm24, rtn) > 0.1, "nm24 and rtn print alike");
  }

  void methodsHaveTheirOwnDashesAndMarkers() {
    const std::vector<Run> runs = sameCurveThreeMethods();
    QCustomPlot plot;
    FigureRequest r;
    r.runs = &runs;
    r.spec.metric = "loss";
    setPaletteFrom(r.spec, runs);
    const ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(f.drawn.series.size(), std::size_t(3));
    std::set<QVector<qreal>> dashes;
    std::set<int> shapes;
    for (const DrawnSeries& d : f.drawn.series) {
      QVERIFY(d.line);
      dashes.insert(d.line->pen().style() == Qt::SolidLine ? QVector<qreal>{} : d.line->pen().dashPattern());
      shapes.insert(d.markers->scatterStyle().shape());
    }
    QCOMPARE(dashes.size(), std::size_t(3));
    QCOMPARE(shapes.size(), std::size_t(3));  // one model: the marker names the method too
    // The legend shows each method's line and marker.
    for (const LegendEntry& e : f.drawn.legend)
      if (e.key.rfind("method:", 0) == 0) QVERIFY(e.proxy->scatterStyle().shape() != QCPScatterStyle::ssNone);
  }

  void recoveryVariantsKeepTheirColourAndTakeALineOfTheirOwn() {
    const std::vector<Run> runs = importCsvText(
        "model,method,ratio,metric,value\nm,,,loss,2\nm,magnitude,0.5,loss,2.5\nm,magnitude+rft,0.5,loss,2.2\nm,rtn,0.5,loss,2.4\n",
        "v.csv").batch.runs;
    FigureSpec spec;
    spec.metric = "loss";
    spec.method_order = methodPaletteOrder(runs);
    // Bases first (their index is their colour's), then the variants.
    QCOMPARE(spec.method_order, (std::vector<std::string>{"magnitude", "rtn", "magnitude+rft"}));
    QCustomPlot plot;
    const DrawnFigure f = drawFigure(plot, runs, spec, TaskCatalog());
    std::map<std::string, QPen> pens;
    for (const DrawnSeries& d : f.series) pens[d.series.method] = d.line->pen();
    QCOMPARE(pens["magnitude+rft"].color(), pens["magnitude"].color());
    QCOMPARE(pens["magnitude"].style(), Qt::SolidLine);
    QCOMPARE(pens["magnitude+rft"].style(), Qt::CustomDashLine);
    QVERIFY(pens["magnitude+rft"].dashPattern() != pens["rtn"].dashPattern());
  }

  void aVariantNeverSharesItsBasesLineWhenPatternsRunOut() {
    // Seven methods use the solid line and the six patterns; b+rft comes
    // eighth, where the cycle wraps to b's own pattern: it takes the next.
    std::string csv = "model,method,ratio,metric,value\nm,,,loss,2\n";
    for (const char* method : {"a", "b", "c", "d", "e", "f", "g", "b+rft"}) csv += std::string("m,") + method + ",0.5,loss,2.5\n";
    const std::vector<Run> runs = importCsvText(csv, "w.csv").batch.runs;
    FigureSpec spec;
    spec.metric = "loss";
    spec.method_order = methodPaletteOrder(runs);
    QCustomPlot plot;
    const DrawnFigure f = drawFigure(plot, runs, spec, TaskCatalog());
    std::map<std::string, QPen> pens;
    for (const DrawnSeries& d : f.series) pens[d.series.method] = d.line->pen();
    QCOMPARE(pens["b+rft"].color(), pens["b"].color());
    QVERIFY(pens["b+rft"].dashPattern() != pens["b"].dashPattern());
    QCOMPARE(pens["a"].style(), Qt::SolidLine);
  }

  void markersDoNotRepeatFor16Models() {
    // A marker differs from another by shape, or by fill where filling shows:
    // only the plain closed outlines are ever filled.
    const std::set<int> closed = {QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
                                  QCPScatterStyle::ssDiamond, QCPScatterStyle::ssTriangleInverted};
    std::set<std::pair<int, bool>> seen;
    for (int i = 0; i < distinctMarkers(); ++i) {
      seen.emplace(modelShape(i), markerFilled(i));
      if (markerFilled(i)) QVERIFY(closed.count(modelShape(i)));
    }
    QCOMPARE(distinctMarkers(), 16);
    QCOMPARE(seen.size(), std::size_t(16));
    QCOMPARE(modelShape(16), modelShape(0));  // then they repeat
    QCOMPARE(markerFilled(16), markerFilled(0));
  }

  void aSweepOfManyModelsIsColouredBySize() {
    // A Chinchilla-style sweep: 24 sizes from 70M to 16.1B, 10 budgets each:
    // 240 series, one legend entry each before.
    std::string csv = "model,family,params,tokens,metric,value\n";
    for (int i = 0; i < 24; ++i) {
      const double n = 7e7 * std::pow(230.0, i / 23.0);
      for (int j = 0; j < 10; ++j) {
        const double d = 5e9 * std::pow(2.0, j);
        csv += QStringLiteral("chin-%1,sweep,%2,%3,loss,%4\n").arg(i).arg(n, 0, 'f', 0).arg(d, 0, 'f', 0)
                   .arg(1.69 + 406.4 / std::pow(n, 0.34) + 410.7 / std::pow(d, 0.28)).toStdString();
      }
    }
    const std::vector<Run> runs = importCsvText(csv, "sweep.csv").batch.runs;
    QCustomPlot plot;
    FigureRequest r;
    r.runs = &runs;
    r.spec.metric = "loss";
    r.spec.axis = Axis::Tokens;
    r.spec.log_x = true;
    setPaletteFrom(r.spec, runs);
    const ComposedFigure f = composeFigure(plot, r);
    QCOMPARE(f.drawn.series.size(), std::size_t(240));
    QVERIFY(f.drawn.coloured_by_size);
    for (const LegendEntry& e : f.drawn.legend) QVERIFY2(e.key.rfind("model:", 0) != 0, e.key.c_str());
    QCPColorScale* scale = nullptr;
    for (int i = 0; i < plot.plotLayout()->elementCount(); ++i)
      if (auto* s = qobject_cast<QCPColorScale*>(plot.plotLayout()->elementAt(i))) scale = s;
    QVERIFY(scale);
    QCOMPARE(scale->axis()->label(), QStringLiteral("Parameters"));
    QCOMPARE(scale->dataScaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(scale->dataRange().lower, 7e7);
    QVERIFY(qAbs(scale->dataRange().upper / 1.61e10 - 1) < 1e-6);
    // The smallest model takes viridis' dark end and the largest its last green.
    std::map<double, QColor> bySize;
    for (const DrawnSeries& d : f.drawn.series) bySize[*runs[d.series.points.front().run_index].params] = d.markers->pen().color();
    QCOMPARE(bySize.begin()->second, QColor("#440154"));
    QCOMPARE(bySize.rbegin()->second, QColor("#aadc32"));
    // Drawn again without the sweep, the colour bar goes.
    const std::vector<Run> few(runs.begin(), runs.begin() + 10);
    r.runs = &few;
    QVERIFY(!composeFigure(plot, r).drawn.coloured_by_size);
    for (int i = 0; i < plot.plotLayout()->elementCount(); ++i) QVERIFY(!qobject_cast<QCPColorScale*>(plot.plotLayout()->elementAt(i)));
  }
};

QTEST_MAIN(TestFigureStyle)
#include "test_figure_style.moc"
