// `ratioscope-cli plot` with a fitted law, dropouts, knees and hidden
// entries, its refusals, and its parity with the window: the same input and
// options through the CLI and through File › Export of the main window give
// the same figure items (graphs, names, colours, knee regions, dropouts).
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

#include "tests/support/run_program.h"
#include "ui/figure/figure_items.h"
#include "ui/fit_panel.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"

using namespace rs;

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

// The synth-llama-3b sweep of the example without its one-point methods:
// dense, magnitude and structured, on arc_challenge.
const QStringList kWhere{QStringLiteral("--where"), QStringLiteral("model=synth-llama-3b"), QStringLiteral("--where"), QStringLiteral("method!=nm24"),
                         QStringLiteral("--where"), QStringLiteral("method!=rtn")};
const QString kFilter = QStringLiteral("model=synth-llama-3b method!=nm24 method!=rtn");

QStringList plotArgs(const QTemporaryDir& dir, const QStringList& extra) {
  return QStringList{QStringLiteral("plot"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--out"),
                     dir.filePath(QStringLiteral("f.svg"))} +
         extra;
}

QJsonObject describe(const Result& r) { return QJsonDocument::fromJson(r.out).object(); }

QString colourOf(const QJsonObject& figure, const QString& name) {
  for (const QJsonValue& g : figure[QStringLiteral("graphs")].toArray())
    if (g.toObject()[QStringLiteral("name")] == name) return g.toObject()[QStringLiteral("pen")].toString();
  return {};
}

int countKind(const QJsonObject& figure, const QString& kind) {
  int n = 0;
  for (const QJsonValue& v : figure[QStringLiteral("items")].toArray()) n += v.toObject()[QStringLiteral("kind")] == kind;
  return n;
}

}  // namespace

class TestCliPlot : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void drawsLawDropoutsAndKnees() {
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, kWhere + QStringList{QStringLiteral("--metric"), QStringLiteral("arc_challenge"), QStringLiteral("--law"),
                                                            QStringLiteral("logistic"), QStringLiteral("--fit-per-series"), QStringLiteral("--dropouts"),
                                                            QStringLiteral("--knees"), QStringLiteral("--describe")}));
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject f = describe(r);
    // A fitted curve per plotted series (magnitude, structured, and the
    // dense model's own points), drawn dash-dot-dot.
    int fitLines = 0;
    for (const QJsonValue& g : f[QStringLiteral("graphs")].toArray()) fitLines += g.toObject()[QStringLiteral("pen_style")].toInt() == Qt::DashDotDotLine;
    QCOMPARE(fitLines, 3);
    QVERIFY(countKind(f, QStringLiteral("knee")) >= 1);
    QVERIFY(f[QStringLiteral("legend")].toArray().contains(QStringLiteral("knee region")));
  }

  // What made the figure travels with it (issue #15): the command, the
  // input's SHA-256, the law and each fit's options and results.
  void recordsWhatMadeTheFigure() {
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, kWhere + QStringList{QStringLiteral("--metric"), QStringLiteral("arc_challenge"), QStringLiteral("--law"),
                                                            QStringLiteral("logistic"), QStringLiteral("--fit-per-series"), QStringLiteral("--dropouts")}));
    QVERIFY2(r.code == 0, r.err.constData());
    QFile sidecar(dir.filePath(QStringLiteral("f.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(sidecar.readAll()).object();
    QVERIFY(o[QStringLiteral("command")].toString().startsWith(QStringLiteral("ratioscope-cli plot --input ")));
    QVERIFY(o[QStringLiteral("command")].toString().contains(QStringLiteral("--law logistic --fit-per-series --dropouts")));
    QFile csv(QStringLiteral(RS_EXAMPLE_CSV));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QString hash = QString::fromLatin1(QCryptographicHash::hash(csv.readAll(), QCryptographicHash::Sha256).toHex());
    const QJsonObject input = o[QStringLiteral("sources")].toArray().first().toObject();
    QCOMPARE(input[QStringLiteral("path")].toString(), QStringLiteral(RS_EXAMPLE_CSV));
    QCOMPARE(input[QStringLiteral("sha256")].toString(), hash);
    const QJsonObject fit = o[QStringLiteral("fit")].toObject();
    QCOMPARE(fit[QStringLiteral("law")].toString(), QStringLiteral("logistic"));
    QVERIFY(fit[QStringLiteral("per_series")].toBool());
    QCOMPARE(fit[QStringLiteral("fits")].toArray().size(), 2);  // magnitude and structured
    QVERIFY(fit[QStringLiteral("fits")].toArray().first().toObject()[QStringLiteral("fit")].toString().startsWith(QStringLiteral("logistic: ")));
    QVERIFY(o[QStringLiteral("analysis")].toObject()[QStringLiteral("dropouts")].toBool());
    for (const QJsonValue& run : o[QStringLiteral("runs")].toArray())
      QVERIFY(run.toObject()[QStringLiteral("key")].toString().startsWith(QStringLiteral("synth-llama-3b/")));
    // And the SVG says the same in its description.
    QFile svg(dir.filePath(QStringLiteral("f.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains(hash.toLatin1()));
  }

  void whereKeepsTheColoursOfTheWholeInput() {
    // rtn alone is coloured as it is among every method of the file.
    QTemporaryDir dir;
    const QStringList base{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--describe")};
    const QJsonObject all = describe(cli(plotArgs(dir, base)));
    const QJsonObject rtn = describe(cli(plotArgs(dir, base + QStringList{QStringLiteral("--where"), QStringLiteral("method=rtn")})));
    const QString name = QStringLiteral("synth-llama-3b · rtn");
    QVERIFY(!colourOf(all, name).isEmpty());
    QCOMPARE(colourOf(rtn, name), colourOf(all, name));
  }

  void hideDropsALegendEntry() {
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, kWhere + QStringList{QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--hide"),
                                                            QStringLiteral("method:structured"), QStringLiteral("--describe")}));
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonArray legend = describe(r)[QStringLiteral("legend")].toArray();
    QVERIFY(legend.contains(QStringLiteral("magnitude")));
    QVERIFY(!legend.contains(QStringLiteral("structured")));
  }

  void saysWhyKneesAreLeftOut() {
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, {QStringLiteral("--metric"), QStringLiteral("loss"), QStringLiteral("--knees")}));
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains("note: no knee regions: they are drawn for at most 3 series, and "), r.err.constData());
  }

  void refusesBadOptions_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString m = QStringLiteral("--metric");
    QTest::newRow("unknown law") << QStringList{m, QStringLiteral("loss"), QStringLiteral("--law"), QStringLiteral("nope")} << 2
                                 << "plot: unknown law 'nope'; laws: ";
    QTest::newRow("per series without a law") << QStringList{m, QStringLiteral("loss"), QStringLiteral("--fit-per-series")} << 2
                                              << "plot: --fit-per-series needs --law LAW";
    QTest::newRow("loss law on an accuracy") << QStringList{m, QStringLiteral("arc_challenge"), QStringLiteral("--law"), QStringLiteral("chinchilla")} << 1
                                             << "plot: chinchilla describes a loss";
    QTest::newRow("bad robust loss") << QStringList{m, QStringLiteral("loss"), QStringLiteral("--law"), QStringLiteral("power"), QStringLiteral("--robust"),
                                                    QStringLiteral("l1")}
                                     << 2 << "plot: --robust must be none, huber:DELTA or cauchy:DELTA with DELTA > 0, not 'l1'";
    QTest::newRow("unknown legend entry") << QStringList{m, QStringLiteral("loss"), QStringLiteral("--hide"), QStringLiteral("method:nope")} << 2
                                          << "plot: --hide method:nope: no such legend entry; entries: method:dense, ";
  }
  void refusesBadOptions() {
    QFETCH(QStringList, extra);
    QFETCH(int, code);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, extra));
    QCOMPARE(r.code, code);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
  }

  void exportOfTheWindowEqualsTheCliFigure() {
    QTemporaryDir dir;
    const Result r = cli(plotArgs(dir, kWhere + QStringList{QStringLiteral("--metric"), QStringLiteral("arc_challenge"), QStringLiteral("--law"),
                                                            QStringLiteral("logistic"), QStringLiteral("--fit-per-series"), QStringLiteral("--dropouts"),
                                                            QStringLiteral("--knees"), QStringLiteral("--describe")}));
    QVERIFY2(r.code == 0, r.err.constData());

    // The same view in the window: filter, metric, law (each series: the panel's default).
    ui::MainWindow w;
    QSignalSpy loaded(&w, &ui::MainWindow::loaded);
    w.openFile(QStringLiteral(RS_EXAMPLE_CSV));
    QVERIFY(loaded.wait(30000));
    w.filterEdit()->setText(kFilter);
    w.plotView()->metricBox()->setCurrentIndex(w.plotView()->metricBox()->findText(QStringLiteral("arc_challenge")));
    QSignalSpy fitted(w.fitPanel()->runner(), &ui::FitRunner::finished);
    w.fitPanel()->lawBox()->setCurrentIndex(w.fitPanel()->lawBox()->findData(QStringLiteral("logistic")));
    QVERIFY(fitted.wait(60000));
    QTRY_VERIFY(!w.viewsPending());  // the plot draws a fit in the turns after it arrives
    QCustomPlot exported;
    w.plotView()->composeExport(exported);
    const QJsonObject gui = ui::figureItems(exported), headless = describe(r);
    QCOMPARE(countKind(gui, QStringLiteral("knee")), countKind(headless, QStringLiteral("knee")));
    QCOMPARE(gui[QStringLiteral("legend")], headless[QStringLiteral("legend")]);
    QCOMPARE(gui[QStringLiteral("graphs")].toArray().size(), headless[QStringLiteral("graphs")].toArray().size());
    for (int i = 0; i < gui[QStringLiteral("graphs")].toArray().size(); ++i)
      QCOMPARE(gui[QStringLiteral("graphs")].toArray()[i], headless[QStringLiteral("graphs")].toArray()[i]);
    for (int i = 0; i < gui[QStringLiteral("items")].toArray().size(); ++i)
      QCOMPARE(gui[QStringLiteral("items")].toArray()[i], headless[QStringLiteral("items")].toArray()[i]);
    QCOMPARE(gui, headless);
  }
};

QTEST_MAIN(TestCliPlot)
#include "test_cli_plot.moc"
