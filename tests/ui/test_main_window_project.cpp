// File › Save Project / Open Project in the window (ui/main_window_project)
// and `ratioscope-cli render` of the saved project: a reopened project shows
// the view as saved (filter, metric, scales, hidden series, exclusions, law,
// scope, options); a changed source is reported; the headless render of the
// project has the same figure items as File › Export of the window; a
// render is byte-for-byte stable apart from its timestamps.
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
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
    // A source that is gone cannot be opened, and says so.
    QFile::remove(source);
    const QString why = w.openProject(project);
    QVERIFY2(why.contains(QStringLiteral("runs.csv: not found")), qPrintable(why));
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
