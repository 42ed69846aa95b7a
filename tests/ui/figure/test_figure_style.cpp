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

// Methods with the same points: only their style can tell them apart.
const std::vector<std::string> kThree = {"magnitude", "nm24", "rtn"};
std::vector<std::string> sixteenMethods() {
  std::vector<std::string> out;
  for (char c = 'a'; c < 'a' + 16; ++c) out.push_back(std::string("method-") + c);
  return out;
}

std::vector<Run> sameCurve(const std::vector<std::string>& methods) {
  std::string csv = "model,method,ratio,metric,value\nm,,,loss,2.0\n";
  for (const std::string& method : methods)
    for (const auto& [ratio, loss] : {std::pair{"0.25", "2.1"}, {"0.5", "2.3"}, {"0.75", "2.8"}})
      csv += "m," + method + "," + ratio + ",loss," + loss + "\n";
  return importCsvText(csv, "same.csv").batch.runs;
}
std::vector<Run> sameCurveThreeMethods() { return sameCurve(kThree); }

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
// With `recolour`, every series is drawn in that colour instead, its line
// style and marker kept: what colour alone changes in print.
std::vector<bool> printedAlone(const std::vector<Run>& runs, const std::vector<std::string>& methods, const std::string& method,
                               const QColor& recolour = {}) {
  QCustomPlot plot;
  FigureRequest r;
  r.runs = &runs;
  r.spec.metric = "loss";
  setPaletteFrom(r.spec, runs);
  for (const std::string& other : methods)
    if (other != method) r.hidden.insert("method:" + other);
  r.x_range = std::pair(-0.05, 0.8);
  r.y_range = std::pair(1.9, 2.9);
  const ComposedFigure f = composeFigure(plot, r);
  plot.legend->setVisible(false);
  if (recolour.isValid())
    for (const DrawnSeries& d : f.drawn.series)
      for (QCPGraph* g : {d.line.data(), d.markers.data()}) {
        if (!g) continue;
        QPen pen = g->pen();
        pen.setColor(recolour);
        g->setPen(pen);
        QCPScatterStyle marker = g->scatterStyle();
        QPen markerPen = marker.pen();
        markerPen.setColor(recolour);
        marker.setPen(markerPen);
        if (marker.brush().style() != Qt::NoBrush && marker.brush().color() != Qt::white) marker.setBrush(recolour);
        g->setScatterStyle(marker);
      }
  return inkOf(renderFigure(plot, {85, 60, 300}, 300));
}

// The share of two prints' ink that only one of them has; with `frame`
// (the print with every method hidden), of the series' own ink only, not the
// axes and labels every print shares.
double differing(const std::vector<bool>& a, const std::vector<bool>& b, const std::vector<bool>* frame = nullptr) {
  std::size_t differ = 0, ink = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (frame && (*frame)[i]) continue;
    differ += a[i] != b[i], ink += a[i] || b[i];
  }
  return static_cast<double>(differ) / static_cast<double>(ink);
}

}  // namespace

class TestFigureStyle : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void methodsDifferInGrayscale() {
    const std::vector<Run> runs = sameCurveThreeMethods();
    const std::vector<bool> magnitude = printedAlone(runs, kThree, "magnitude"), nm24 = printedAlone(runs, kThree, "nm24"),
                            rtn = printedAlone(runs, kThree, "rtn");
    // Colour alone leaves the same ink (antialiased edges aside, under 1%);
    // line style and marker change a large share of it.
    QVERIFY2(differing(magnitude, nm24) > 0.1, "magnitude and nm24 print alike");
    QVERIFY2(differing(magnitude, rtn) > 0.1, "magnitude and rtn print alike");
    QVERIFY2(differing(nm24, rtn) > 0.1, "nm24 and rtn print alike");
  }

  void sixteenMethodsDifferInGrayscale() {
    // Past the seven colours: method-h has method-a's colour, and before,
    // the line patterns repeated after seven methods too.
    const std::vector<std::string> methods = sixteenMethods();
    const std::vector<Run> runs = sameCurve(methods);
    std::vector<std::vector<bool>> prints;
    for (const std::string& m : methods) prints.push_back(printedAlone(runs, methods, m));
    // The axes, ticks, labels and the dense model's curve every print shares:
    // compared on the rest, the ink of the method itself.
    const std::vector<bool> frame = printedAlone(runs, methods, "");
    // What colour alone changes: each method against itself in the palette's
    // most different grey (vermillion, light in grayscale, for blue, dark).
    double colourAlone = 0;
    for (std::size_t i = 0; i < methods.size(); ++i)
      colourAlone = std::max(colourAlone, differing(prints[i], printedAlone(runs, methods, methods[i], QColor(0xE6, 0x9F, 0x00)), &frame));
    QStringList alike;  // every pair that prints alike, to see them all at once
    double least = 1;
    for (std::size_t i = 0; i < methods.size(); ++i)
      for (std::size_t j = i + 1; j < methods.size(); ++j) {
        const double d = differing(prints[i], prints[j], &frame);
        least = std::min(least, d);
        // Line and marker change 2.5 times the ink colour alone does (the
        // thinner ink of a light colour, 3.8% here), and a tenth of the
        // series' own ink at least. (Pixels undervalue it: a square and a
        // plus overlap in a few pixels but no reader takes one for the other.)
        if (!(d > std::max(2.5 * colourAlone, 0.1))) alike << QStringLiteral("%1/%2 %3").arg(QString::fromStdString(methods[i]), QString::fromStdString(methods[j])).arg(d, 0, 'f', 3);
      }
    QVERIFY2(alike.isEmpty(), qPrintable(QStringLiteral("print alike (share of the ink that differs; colour alone: %1): ").arg(colourAlone, 0, 'f', 3) +
                                         alike.join(QStringLiteral(", "))));
    qInfo("16 methods: the least differing pair differs in %.1f%% of its own ink, colour alone in %.1f%%", 100 * least, 100 * colourAlone);
  }

  void sixteenMethodsHaveTheirOwnLineAndMarker() {
    // By palette order, the same for every figure of these methods.
    std::set<int> dashes, markers;
    std::set<std::pair<int, int>> pairs;
    for (int i = 0; i < 240; ++i) {
      const MethodStyle s = methodStyle(i);
      QVERIFY(s.dash != 1 && s.marker != 0);  // the dense models' line and circle
      if (i < 16) dashes.insert(s.dash), markers.insert(s.marker);
      pairs.emplace(s.dash, s.marker);
    }
    QCOMPARE(dashes.size(), std::size_t(16));
    QCOMPARE(markers.size(), std::size_t(15));  // the 16th method's marker is the first's, its line is not
    QCOMPARE(pairs.size(), std::size_t(240));
    std::set<QVector<qreal>> patterns;
    for (int i = 0; i < dashPatternCount(); ++i) patterns.insert(methodDashes(i));
    QCOMPARE(patterns.size(), std::size_t(dashPatternCount()));
    // In a figure of two models (markers name the models), the 16 methods' lines still differ.
    const std::vector<std::string> methods = sixteenMethods();
    std::vector<Run> runs = sameCurve(methods);
    for (Run r : std::vector<Run>(runs)) {
      r.model = "m2";
      r.key += "-2";
      runs.push_back(r);
    }
    QCustomPlot plot;
    FigureRequest r;
    r.runs = &runs;
    r.spec.metric = "loss";
    setPaletteFrom(r.spec, runs);
    std::set<QVector<qreal>> lines;
    for (const DrawnSeries& d : composeFigure(plot, r).drawn.series)
      if (d.series.method != kDenseMethod) lines.insert(d.line->pen().style() == Qt::SolidLine ? QVector<qreal>{} : d.line->pen().dashPattern());
    QCOMPARE(lines.size(), std::size_t(16));
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
    // Seventeen methods use the solid line and the 15 other patterns and
    // wrap; b+rft comes 18th, where the cycle is at b's own pattern: it
    // takes the next.
    std::string csv = "model,method,ratio,metric,value\nm,,,loss,2\n";
    for (const char* method : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "b+rft"})
      csv += std::string("m,") + method + ",0.5,loss,2.5\n";
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
