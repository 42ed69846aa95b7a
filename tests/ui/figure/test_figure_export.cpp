// Figures: what drawFigure draws for known runs, and files that are valid
// PDF, SVG and PNG at the requested physical size.
#include <QApplication>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <qcustomplot.h>

#include "core/io/csv/csv_importer.h"
#include "ui/figure/figure.h"
#include "ui/figure/figure_export.h"

using namespace rs;
using namespace rs::ui;

namespace {
std::vector<Run> exampleRuns() { return importCsvFile(RS_EXAMPLE_CSV).batch.runs; }
}  // namespace

class TestFigureExport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void drawsOneSeriesPerModelAndMethod() {
    QCustomPlot plot;
    const std::vector<Run> runs = importCsvText(
        "model,method,ratio,metric,value,stderr\n"
        "a,,,piqa,0.8,0.01\n"
        "a,rtn,0.5,piqa,0.7,0.01\n"
        "a,magnitude,0.5,piqa,0.6,0.01\n"
        "b,,,piqa,0.75,0.01\n",
        "t.csv").batch.runs;
    FigureSpec spec;
    spec.metric = "piqa";
    const DrawnFigure f = drawFigure(plot, runs, spec, TaskCatalog());
    QVERIFY(f.error.empty());
    QCOMPARE(f.series.size(), std::size_t(3));  // a·magnitude, a·rtn (both anchored on a's dense run), b·dense
    QCOMPARE(f.series[0].series.points.size(), std::size_t(2));
    // Legend: methods (dense, magnitude, rtn), models (a, b), the chance level.
    QStringList labels;
    for (const LegendEntry& e : f.legend) labels << QString::fromStdString(e.label);
    QCOMPARE(labels, (QStringList{QStringLiteral("dense"), QStringLiteral("magnitude"), QStringLiteral("rtn"), QStringLiteral("a"), QStringLiteral("b"),
                                  QStringLiteral("chance 0.5")}));
    int items = 0;  // a legend wrapped below the axes has empty grid cells
    for (int i = 0; i < plot.legend->itemCount(); ++i) items += plot.legend->item(i) != nullptr;
    QCOMPARE(items, 6);
    QCOMPARE(plot.yAxis->label(), QStringLiteral("PIQA accuracy"));
    // Chance line of a 2-way task is inside the y range.
    QVERIFY(plot.yAxis->range().contains(0.5));
  }
  void trainingBudgetsAreSeparateCurvesAndLegendEntries() {
    // tf-nano after 50 and after 2,000 steps (tokens 12,800 and 512,000):
    // two curves, each from its own dense run, two marker shapes named by budget.
    QCustomPlot plot;
    const std::vector<Run> runs = importCsvText(
        "model,tokens,method,ratio,metric,value\n"
        "tf-nano,12800,,,loss,3.9\n"
        "tf-nano,12800,magnitude,0.5,loss,4.1\n"
        "tf-nano,512000,,,loss,2.6\n"
        "tf-nano,512000,magnitude,0.5,loss,2.9\n",
        "t.csv").batch.runs;
    FigureSpec spec;
    spec.metric = "loss";
    const DrawnFigure f = drawFigure(plot, runs, spec, TaskCatalog());
    QVERIFY(f.error.empty());
    QCOMPARE(f.series.size(), std::size_t(2));
    QCOMPARE(f.series[0].series.points.front().y, 3.9);
    QCOMPARE(f.series[1].series.points.front().y, 2.6);
    QVERIFY(f.series[0].model_key != f.series[1].model_key);
    QVERIFY(f.series[0].markers->scatterStyle().shape() != f.series[1].markers->scatterStyle().shape());
    QStringList labels;
    for (const LegendEntry& e : f.legend) labels << QString::fromStdString(e.label);
    QVERIFY2(labels.contains(QStringLiteral("tf-nano \u00b7 12.8k tokens")) && labels.contains(QStringLiteral("tf-nano \u00b7 512k tokens")),
             qPrintable(labels.join(QLatin1Char('|'))));
  }

  void explainsEmptyFigures() {
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = "loss";
    QCOMPARE(drawFigure(plot, {}, spec, TaskCatalog()).error, std::string("no runs selected"));
    spec.metric = "nothing";
    const DrawnFigure f = drawFigure(plot, exampleRuns(), spec, TaskCatalog());
    QVERIFY(QString::fromStdString(f.error).contains(QStringLiteral("no run has both metric 'nothing'")));
    spec.metric = "loss";
    spec.log_x = true;  // dense runs sit at ratio 0: dropped on a log axis, and counted
    const DrawnFigure g = drawFigure(plot, exampleRuns(), spec, TaskCatalog());
    QVERIFY(g.points_dropped_for_log > 0);
  }
  void logTicksUnderTwoDecadesStepOneTwoFive() {
    // Bits per weight span 2..16: QCustomPlot's own log ticker falls back to
    // linear steps there (12.5, 15, 17.5 crowd at the top).
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = "loss";
    spec.axis = Axis::Bits;
    spec.log_x = true;
    QVERIFY(drawFigure(plot, exampleRuns(), spec, TaskCatalog()).error.empty());
    QVector<double> ticks;
    QVector<QString> labels;
    plot.xAxis->ticker()->generate(plot.xAxis->range(), QLocale::c(), QLatin1Char('e'), 6, ticks, nullptr, &labels);
    QVERIFY2(ticks.contains(2) && ticks.contains(5) && ticks.contains(10), qPrintable(QStringList(labels.begin(), labels.end()).join(QLatin1Char(' '))));
    QVERIFY(!ticks.contains(12.5) && !ticks.contains(17.5));
    // Zoomed inside one 1-2-5 step, it still labels the axis (evenly spaced).
    plot.xAxis->setRange(3.1, 3.9);
    plot.xAxis->ticker()->generate(plot.xAxis->range(), QLocale::c(), QLatin1Char('e'), 6, ticks, nullptr, &labels);
    QVERIFY2(ticks.size() >= 2, qPrintable(QString::number(ticks.size())));
  }
  void writesValidFiles() {
    QTemporaryDir dir;
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = "arc_challenge";
    QVERIFY(drawFigure(plot, exampleRuns(), spec, TaskCatalog()).error.empty());
    ExportOptions o{85, 60, 300};

    const QString pdf = dir.filePath(QStringLiteral("f.pdf"));
    QCOMPARE(exportFigure(plot, pdf, o), std::string());
    QFile pf(pdf);
    QVERIFY(pf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    const auto box = QRegularExpression(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]")).match(QString::fromLatin1(bytes));
    QVERIFY(box.hasMatch());
    QVERIFY(qAbs(box.captured(1).toDouble() - 85 / 25.4 * 72) < 1.0);  // points
    QVERIFY(qAbs(box.captured(2).toDouble() - 60 / 25.4 * 72) < 1.0);

    const QString svg = dir.filePath(QStringLiteral("f.svg"));
    QCOMPARE(exportFigure(plot, svg, o), std::string());
    QFile sf(svg);
    QVERIFY(sf.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&sf);
    bool sawRoot = false;
    int texts = 0;
    while (!xml.atEnd()) {
      xml.readNext();
      if (xml.isStartElement() && xml.name() == QLatin1String("svg")) {
        sawRoot = true;
        QVERIFY(xml.attributes().value(QLatin1String("width")).toString().startsWith(QLatin1String("84.9")));
      }
      if (xml.isStartElement() && xml.name() == QLatin1String("text")) ++texts;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawRoot);
    QVERIFY(texts > 5);  // tick labels and titles are text, not outlines

    for (int dpi : {150, 300, 600}) {
      const QString png = dir.filePath(QStringLiteral("f%1.png").arg(dpi));
      o.dpi = dpi;
      QCOMPARE(exportFigure(plot, png, o), std::string());
      const QImage image(png);
      QCOMPARE(image.width(), qRound(85 / 25.4 * dpi));
      QCOMPARE(image.height(), qRound(60 / 25.4 * dpi));
      QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), dpi);
      QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
    }
  }
  // Issue #15: an axis title longer than its axis is set on two lines at
  // 85 x 60 mm rather than cut at the page edge; on a taller axis it fits on
  // one, and the window's own plot keeps its one-line title.
  void aLongAxisTitleIsSetOnTwoLines() {
    const std::vector<Run> runs = importCsvFile(RS_TEST_DATA "/../../datasets/trials-example.csv").batch.runs;
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = "suite_arith";
    QVERIFY(drawFigure(plot, runs, spec, TaskCatalog()).error.empty());
    const QString title = QStringLiteral("Modular arithmetic (suite) accuracy");
    QCOMPARE(plot.yAxis->label(), title);
    QTemporaryDir dir;
    const auto textsAt = [&](double height) {
      const QString svg = dir.filePath(QStringLiteral("t%1.svg").arg(height));
      if (!exportFigure(plot, svg, {85, height, 300}).empty()) return QStringList();
      QFile f(svg);
      f.open(QIODevice::ReadOnly);
      QXmlStreamReader xml(&f);
      QStringList texts;
      while (!xml.atEnd())
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text")) texts << xml.readElementText().trimmed();
      return texts;
    };
    const QStringList narrow = textsAt(60);
    QVERIFY2(!narrow.contains(title), qPrintable(narrow.join(QLatin1Char('|'))));
    QVERIFY2(narrow.contains(QStringLiteral("Modular arithmetic")) && narrow.contains(QStringLiteral("(suite) accuracy")),
             qPrintable(narrow.join(QLatin1Char('|'))));
    QVERIFY2(textsAt(150).contains(title), qPrintable(textsAt(150).join(QLatin1Char('|'))));
    QCOMPARE(plot.yAxis->label(), title);
  }

  // Issue #15: at 85 mm the legend printed "magnitud", cut +kd and +rft and
  // took 40% of the height. At every journal width, each legend entry gets
  // its whole width on the page, and the legend a quarter of the figure at
  // most (below the axes) or of the axes (inside them).
  void legendsFitJournalColumns_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("metric");
    QTest::addColumn<double>("width");
    for (double w : {85.0, 120.0, 178.0}) {
      QTest::addRow("compression arc_challenge %g mm", w) << QStringLiteral(RS_EXAMPLE_CSV) << QStringLiteral("arc_challenge") << w;
      QTest::addRow("compression loss %g mm", w) << QStringLiteral(RS_EXAMPLE_CSV) << QStringLiteral("loss") << w;
      QTest::addRow("trials suite_arith %g mm", w) << QStringLiteral(RS_TEST_DATA "/../../datasets/trials-example.csv") << QStringLiteral("suite_arith") << w;
    }
  }
  void legendsFitJournalColumns() {
    QFETCH(QString, csv);
    QFETCH(QString, metric);
    QFETCH(double, width);
    const std::vector<Run> runs = importCsvFile(csv.toStdString()).batch.runs;
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = metric.toStdString();
    QVERIFY(drawFigure(plot, runs, spec, TaskCatalog()).error.empty());
    const QSize page = printLayoutSize({width, width * 0.7, 300});
    plot.setViewport(QRect(QPoint(0, 0), page));
    plot.replot();
    relayoutLegend(plot);
    plot.replot();
    QCPLegend* legend = plot.legend;
    const QRect sheet(QPoint(0, 0), page);
    for (int i = 0; i < legend->itemCount(); ++i) {
      QCPAbstractLegendItem* item = legend->item(i);
      if (!item) continue;
      const QString name = qobject_cast<QCPPlottableLegendItem*>(item)->plottable()->name();
      QVERIFY2(item->outerRect().width() >= item->minimumOuterSizeHint().width(), qPrintable(name + QStringLiteral(" is cut")));
      QVERIFY2(sheet.contains(item->outerRect()), qPrintable(name + QStringLiteral(" runs off the page")));
    }
    const bool below = plot.plotLayout()->rowCount() > 1 && plot.plotLayout()->element(1, 0) == legend;
    const QRect box = legend->outerRect();
    if (below) {
      QVERIFY2(box.height() <= 0.25 * page.height() + 1, qPrintable(QStringLiteral("legend %1 of %2 px").arg(box.height()).arg(page.height())));
    } else {
      const QRect axes = plot.axisRect()->rect();
      QVERIFY(double(box.width()) * box.height() <= 0.25 * axes.width() * axes.height());
    }
  }
  void rejectsBadExports() {
    QTemporaryDir dir;
    QCustomPlot plot;
    const auto msg = [&](const QString& path, ExportOptions o) { return QString::fromStdString(exportFigure(plot, path, o)); };
    QVERIFY(msg(dir.filePath(QStringLiteral("f.jpg")), {}).contains(QStringLiteral("unknown figure format '.jpg'")));
    QVERIFY(msg(dir.filePath(QStringLiteral("no/such/f.pdf")), {}).contains(QStringLiteral("folder does not exist")));
    QVERIFY(msg(dir.filePath(QStringLiteral("f.png")), {85, 60, 5}).contains(QStringLiteral("dpi must be between")));
    QVERIFY(msg(dir.filePath(QStringLiteral("f.pdf")), {2, 60, 300}).contains(QStringLiteral("width must be between")));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("f.pdf"))));
  }
};

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
