// File › Save Project / Open Project in the window (ui/main_window_project)
// and `ratioscope-cli render` of the saved project: a reopened project shows
// the view as saved (filter, metric, scales, hidden series, exclusions, law,
// scope, options); a changed source is reported; a project folder moved
// with its data reopens (window and render); the headless render of the
// project has the same figure items as File › Export of the window; a
// render is byte-for-byte stable apart from its timestamps.
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

#include "tests/support/fit_settings.h"
#include "tests/support/run_program.h"
#include "ui/figure/figure_items.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_panel.h"
#include "ui/fit_runner.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"

using namespace rs;
using rs::test::ProgramResult;
using rs::test::runCli;

namespace {
const QByteArray kExample = RS_EXAMPLE_CSV;

QString statusOf(ui::MainWindow& w) { return w.findChild<QLabel*>(QStringLiteral("statusLine"))->text(); }

// A copy of the example, which the tests may change.
QString copyExample(const QTemporaryDir& dir) {
  const QString path = dir.filePath(QStringLiteral("runs.csv"));
  QFile::copy(QStringLiteral(RS_EXAMPLE_CSV), path);
  return path;
}

// The window with a view worth saving: a filter, accuracy on a log y axis,
// one method hidden, one run excluded, a logistic fit of all runs with
// Huber and 20 bootstrap resamples.
void setUpView(ui::MainWindow& w, const QString& source) {
  QSignalSpy loaded(&w, &ui::MainWindow::loaded);
  w.openFile(source);
  QVERIFY(loaded.wait(30000));
  w.filterEdit()->setText(QStringLiteral("synth-llama-7b"));
  ui::PlotView* plot = w.plotView();
  plot->metricBox()->setCurrentIndex(plot->metricBox()->findText(QStringLiteral("arc_easy")));
  ui::FigureSettings f = plot->settings();
  f.log_y = true;
  f.hidden = {"method:structured"};
  plot->applySettings(f);
  ui::FitPanel* fit = w.fitPanel();
  fit::FitOptions options;
  options.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, 0.01};
  options.bootstrap = 20;
  options.seed = 3;
  fit->optionsWidget()->setOptions(options);
  fit->scopeBox()->setCurrentIndex(fit->scopeBox()->findData(true));
  const qint64 excluded = plot->drawnRuns().at(5).id;
  fit->setExcluded({excluded});
  QSignalSpy fitted(fit->runner(), &ui::FitRunner::finished);
  fit->lawBox()->setCurrentIndex(fit->lawBox()->findData(QStringLiteral("logistic")));
  QVERIFY(fitted.wait(60000));
  QTRY_VERIFY(!w.viewsPending());  // the plot draws a fit in the turns after it arrives
}
}  // namespace

class TestMainWindowProject : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { test::startFitsFromTheLawDefaults(); }

  void reopensTheViewAsSaved() {
    QTemporaryDir dir;
    const QString source = copyExample(dir);
    const QString project = dir.filePath(QStringLiteral("study.ratioscope"));
    ui::FigureSettings saved;
    std::set<std::string> excludedKeys;
    {
      ui::MainWindow w;
      setUpView(w, source);
      saved = w.plotView()->settings();
      for (const Run& r : *w.session()->state()->runs)
        if (w.session()->state()->excluded.count(r.id)) excludedKeys.insert(r.key);
      QCOMPARE(w.saveProject(project), QString());
      QVERIFY2(statusOf(w).contains(QStringLiteral("Saved the project")), qPrintable(statusOf(w)));
    }
    QCOMPARE(excludedKeys.size(), std::size_t(1));
    ui::MainWindow w;
    QSignalSpy opened(&w, &ui::MainWindow::projectOpened);
    QSignalSpy fitted(w.fitPanel()->runner(), &ui::FitRunner::finished);
    QCOMPARE(w.openProject(project), QString());
    QVERIFY(opened.wait(30000));
    QCOMPARE(w.currentFile(), source);
    QCOMPARE(w.filterEdit()->text(), QStringLiteral("synth-llama-7b"));
    QCOMPARE(w.session()->state()->filter_text, QStringLiteral("synth-llama-7b"));
    QVERIFY(w.plotView()->settings() == saved);
    QCOMPARE(w.plotView()->metricBox()->currentText(), QStringLiteral("arc_easy"));
    std::set<std::string> reopenedKeys;
    for (const Run& r : *w.session()->state()->runs)
      if (w.session()->state()->excluded.count(r.id)) reopenedKeys.insert(r.key);
    QCOMPARE(reopenedKeys, excludedKeys);
    QCOMPARE(w.fitPanel()->lawBox()->currentData().toString(), QStringLiteral("logistic"));
    QCOMPARE(w.fitPanel()->scopeBox()->currentData().toBool(), true);
    const fit::FitOptions o = w.fitPanel()->optionsWidget()->options();
    QVERIFY(o.robust && o.robust->kind == laws::RobustLoss::Kind::Huber);
    QCOMPARE(o.bootstrap, 20);
    QCOMPARE(o.seed, std::uint64_t(3));
    QVERIFY(fitted.count() > 0 || fitted.wait(60000));  // the fit runs again
    QTRY_VERIFY(!w.viewsPending());
    QVERIFY2(statusOf(w).startsWith(QStringLiteral("Opened the project")), qPrintable(statusOf(w)));
  }

  void aChangedSourceIsReported() {
    QTemporaryDir dir;
    const QString source = copyExample(dir);
    const QString project = dir.filePath(QStringLiteral("study.ratioscope"));
    {
      ui::MainWindow w;
      QSignalSpy loaded(&w, &ui::MainWindow::loaded);
      w.openFile(source);
      QVERIFY(loaded.wait(30000));
      QCOMPARE(w.saveProject(project), QString());
    }
    QFile f(source);
    QVERIFY(f.open(QIODevice::Append));
    f.write("\n");
    f.close();
    ui::MainWindow w;
    QSignalSpy opened(&w, &ui::MainWindow::projectOpened);
    QCOMPARE(w.openProject(project), QString());
    QVERIFY(opened.wait(30000));
    QVERIFY2(statusOf(w).contains(QStringLiteral("changed since the project was saved")), qPrintable(statusOf(w)));
    // render draws it as it is now, and says so.
    const ProgramResult r = runCli({QStringLiteral("render"), project, QStringLiteral("--out"), dir.filePath(QStringLiteral("f.svg"))});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains("runs.csv: changed since the project was saved (SHA-256 ") && r.err.contains("; drawn from it as it is now"), r.err.constData());
    // A source that is gone cannot be opened, and says so.
    QFile::remove(source);
    const QString why = w.openProject(project);
    QVERIFY2(why.contains(QStringLiteral("runs.csv: not found")), qPrintable(why));
  }

  void aProjectOfAnUnreachableDatabaseSaysSo() {
    // Bad input (issue #15): the project's lab store cannot be reached. The
    // window reads it in the background, names it, and keeps what it shows.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lab.ratioscope"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"ratioscope-project\", \"version\": 1, \"source\": {\"location\": \"postgresql://ratioscope@127.0.0.1:1/lab\"}}");
    f.close();
    ui::MainWindow w;
    QSignalSpy failed(&w, &ui::MainWindow::loadFailed);
    QCOMPARE(w.openProject(path), QString());
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.first().first().toString().startsWith(QStringLiteral("postgresql://ratioscope@127.0.0.1:1/lab: cannot connect: cannot reach the server")),
             qPrintable(failed.first().first().toString()));
  }

  void aProjectFolderMovedWithItsDataReopens() {
    // Saved beside its data, then the whole folder moved (or copied to
    // another machine): the window and render find the data through its
    // path relative to the project, and check its hash as ever.
    QTemporaryDir outer;
    QVERIFY(QDir(outer.path()).mkpath(QStringLiteral("study/data")));
    const QString oldSource = outer.filePath(QStringLiteral("study/data/runs.csv"));
    QVERIFY(QFile::copy(QStringLiteral(RS_EXAMPLE_CSV), oldSource));
    {
      ui::MainWindow w;
      QSignalSpy loaded(&w, &ui::MainWindow::loaded);
      w.openFile(oldSource);
      QVERIFY(loaded.wait(30000));
      QCOMPARE(w.saveProject(outer.filePath(QStringLiteral("study/study.ratioscope"))), QString());
    }
    QVERIFY(QDir().rename(outer.filePath(QStringLiteral("study")), outer.filePath(QStringLiteral("moved"))));
    const QString project = outer.filePath(QStringLiteral("moved/study.ratioscope"));
    const QString newSource = outer.filePath(QStringLiteral("moved/data/runs.csv"));
    ui::MainWindow w;
    QSignalSpy opened(&w, &ui::MainWindow::projectOpened);
    QCOMPARE(w.openProject(project), QString());
    QVERIFY(opened.wait(30000));
    QCOMPARE(w.currentFile(), newSource);
    QVERIFY2(statusOf(w).contains(QStringLiteral("%1 is gone; using %2 (its place relative to the project)").arg(oldSource, newSource)),
             qPrintable(statusOf(w)));
    QVERIFY2(!statusOf(w).contains(QStringLiteral("changed since")), qPrintable(statusOf(w)));

    const QString png = outer.filePath(QStringLiteral("moved/fig.png"));
    const ProgramResult r = runCli({QStringLiteral("render"), project, QStringLiteral("--out"), png});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.err.contains(QStringLiteral("note: %1 is gone; using %2").arg(oldSource, newSource).toUtf8()), r.err.constData());
    QVERIFY(QFileInfo(png).size() > 1000);
  }

  void renderDrawsWhatTheWindowExports() {
    QTemporaryDir dir;
    const QString source = copyExample(dir);
    const QString project = dir.filePath(QStringLiteral("study.ratioscope"));
    ui::MainWindow w;
    setUpView(w, source);
    QCOMPARE(w.saveProject(project), QString());
    QCustomPlot exported;
    w.plotView()->composeExport(exported);
    const QJsonObject gui = ui::figureItems(exported);

    const QString svg = dir.filePath(QStringLiteral("fig.svg"));
    const ProgramResult r = runCli({QStringLiteral("render"), project, QStringLiteral("--out"), svg, QStringLiteral("--describe")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject headless = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(headless[QStringLiteral("legend")], gui[QStringLiteral("legend")]);
    QCOMPARE(headless[QStringLiteral("graphs")].toArray().size(), gui[QStringLiteral("graphs")].toArray().size());
    for (int i = 0; i < gui[QStringLiteral("graphs")].toArray().size(); ++i)
      QCOMPARE(headless[QStringLiteral("graphs")].toArray()[i], gui[QStringLiteral("graphs")].toArray()[i]);
    QCOMPARE(headless, gui);

    // Twice, the same bytes apart from the time it was made.
    const QString again = dir.filePath(QStringLiteral("again.svg"));
    QVERIFY(runCli({QStringLiteral("render"), project, QStringLiteral("--out"), again, QStringLiteral("--describe")}).code == 0);
    auto withoutTimes = [](const QString& path) {
      QFile f(path);
      f.open(QIODevice::ReadOnly);
      QString text = QString::fromUtf8(f.readAll());
      text.remove(QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)?")));
      text.remove(QRegularExpression(QStringLiteral("(again|fig)\\.svg")));
      return text;
    };
    QVERIFY(!withoutTimes(svg).isEmpty());
    QCOMPARE(withoutTimes(again), withoutTimes(svg));
    // The fit saved with the project is the one fitted again: nothing to say.
    QVERIFY2(!r.err.contains("saved with the project"), r.err.constData());
  }

  void aFitThatNoLongerMatchesTheSavedOneIsSaidAndDrawn() {
    // Bad input (issue #15): the saved result says top = 0.123 for the fit of
    // every plotted run; the data say otherwise. render says so and draws.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.ratioscope"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"ratioscope-project\", \"version\": 1, \"source\": {\"location\": \"" + kExample +
            "\"}, \"filter\": \"synth-llama-7b\", \"figure\": {\"metric\": \"arc_easy\"}, \"fit\": {\"law\": \"logistic\", "
            "\"per_series\": false, \"result\": {\"all plotted runs\": {\"params\": {\"top\": {\"value\": 0.123}}}, "
            "\"gone series\": {\"params\": {\"top\": {\"value\": 1}}}}}}");
    f.close();
    const QString png = dir.filePath(QStringLiteral("f.png"));
    const ProgramResult r = runCli({QStringLiteral("render"), path, QStringLiteral("--out"), png});
    QVERIFY2(r.code == 0, r.err.constData());
    const QRegularExpression moved(QStringLiteral("note: all plotted runs: the fit differs from the one saved with the project: top [0-9.]+ \\(saved 0\\.123\\); "
                                                  "drawn as fitted now"));
    QVERIFY2(moved.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
    QVERIFY2(r.err.contains("note: gone series: a fit was saved with the project for this series, which is not fitted now"), r.err.constData());
    QVERIFY(QFileInfo(png).size() > 1000);

    // Per series: nm24 has two points now, too few for the logistic's four
    // parameters; the project saved a fit of it. Said, and the rest drawn.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"ratioscope-project\", \"version\": 1, \"source\": {\"location\": \"" + kExample +
            "\"}, \"filter\": \"synth-llama-7b\", \"figure\": {\"metric\": \"arc_challenge\"}, \"fit\": {\"law\": \"logistic\", "
            "\"per_series\": true, \"result\": {\"synth-llama-7b \xc2\xb7 nm24\": {\"params\": {\"top\": {\"value\": 0.4}}}}}}");
    f.close();
    const ProgramResult perSeries = runCli({QStringLiteral("render"), path, QStringLiteral("--out"), png});
    QVERIFY2(perSeries.code == 0, perSeries.err.constData());
    QVERIFY2(perSeries.err.contains("note: synth-llama-7b \xc2\xb7 nm24: the fit saved with the project no longer converges; drawn without it"),
             perSeries.err.constData());

    // No series fits at all: nm24 alone has two points for four parameters.
    // Said, and the figure drawn without the fit.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"format\": \"ratioscope-project\", \"version\": 1, \"source\": {\"location\": \"" + kExample +
            "\"}, \"filter\": \"synth-llama-7b nm24\", \"figure\": {\"metric\": \"arc_challenge\"}, \"fit\": {\"law\": \"logistic\", "
            "\"per_series\": true, \"result\": {\"synth-llama-7b \xc2\xb7 nm24\": {\"params\": {\"top\": {\"value\": 0.4}}}}}}");
    f.close();
    QFile::remove(png);
    const ProgramResult none = runCli({QStringLiteral("render"), path, QStringLiteral("--out"), png});
    QVERIFY2(none.code == 0, none.err.constData());
    QVERIFY2(none.err.contains("note: render: cannot fit logistic to any plotted series now; drawn without the fit"), none.err.constData());
    QVERIFY(QFileInfo(png).size() > 1000);
  }

  void renderRefusesWhatItCannotDraw_data() {
    QTest::addColumn<QByteArray>("project");
    QTest::addColumn<QString>("message");
    // (Plain literals: moc counts the braces inside raw strings.)
    const QByteArray head = "{\"format\": \"ratioscope-project\", \"version\": 1, \"source\": {\"location\": \"";
    QTest::newRow("no source file") << head + "/nonexistent/x.csv\", \"sha256\": \"" + QByteArray(64, 'a') + "\"}}"
                                    << "render: /nonexistent/x.csv: not found";
    QTest::newRow("unknown law") << head + kExample + "\"}, \"figure\": {\"metric\": \"loss\"}, \"fit\": {\"law\": \"astrology\"}}"
                                 << "render: the project's law 'astrology' is not in this Ratioscope";
    QTest::newRow("filter keeps none") << head + kExample + "\"}, \"filter\": \"no-such-model\", \"figure\": {\"metric\": \"loss\"}}"
                                       << "render: the project's filter 'no-such-model' keeps none of the 70 runs";
    QTest::newRow("newer project") << QByteArray(R"({"format": "ratioscope-project", "version": 9})") << "written by a newer Ratioscope";
    QTest::newRow("unreachable database") << head + "postgresql://ratioscope@127.0.0.1:1/lab\"}}"
                                          << "render: postgresql://ratioscope@127.0.0.1:1/lab: cannot connect: cannot reach the server";
    QTest::newRow("not json") << QByteArray("{format:") << "p.ratioscope: not a Ratioscope project (";
  }
  void renderRefusesWhatItCannotDraw() {
    QFETCH(QByteArray, project);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.ratioscope"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(project);
    f.close();
    const ProgramResult r = runCli({QStringLiteral("render"), path, QStringLiteral("--out"), dir.filePath(QStringLiteral("f.png"))});
    QCOMPARE(r.code, 1);
    QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
  }
};

QTEST_MAIN(TestMainWindowProject)
#include "test_main_window_project.moc"
