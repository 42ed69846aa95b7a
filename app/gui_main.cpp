// ratioscope [FILE] [--screenshot OUT.png]: the desktop application.
#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QLineEdit>
#include <QTimer>
#include <cstdio>

#include "app/runtime_dir.h"
#include "app/version.h"
#include "ui/fit_panel.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"

int main(int argc, char** argv) {
  rs::app::ensureRuntimeDir();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Ratioscope"));
  QApplication::setOrganizationName(QStringLiteral("Ratioscope"));
  QApplication::setApplicationVersion(QStringLiteral(RATIOSCOPE_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Explore how model quality changes under compression."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Experiment store (a .sqlite file or a postgresql:// URL), results file or folder to open."));
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Render the window after FILE has loaded to OUT.png and exit."), QStringLiteral("OUT.png"));
  parser.addOption(screenshot);
  QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("Metric to plot first."), QStringLiteral("NAME"));
  QCommandLineOption axis(QStringLiteral("x"), QStringLiteral("X axis: ratio, fold, bits, params or tokens."), QStringLiteral("AXIS"));
  QCommandLineOption filter(QStringLiteral("filter"), QStringLiteral("Run-browser filter, e.g. \"7b bits<=4\"."), QStringLiteral("TEXT"));
  QCommandLineOption law(QStringLiteral("fit"), QStringLiteral("Fit this law to the plotted runs."), QStringLiteral("LAW"));
  QCommandLineOption panel(QStringLiteral("panel"), QStringLiteral("Right-hand panel to show: fit, fairness or effective."), QStringLiteral("NAME"));
  parser.addOptions({metric, axis, filter, law, panel});
  parser.process(app);

  rs::ui::MainWindow window;
  const QStringList files = parser.positionalArguments();
  const QString shotPath = parser.value(screenshot);
  // The view options apply once the file has loaded.
  QObject::connect(&window, &rs::ui::MainWindow::loaded, [&] {
    rs::ui::PlotView* view = window.plotView();
    if (parser.isSet(metric)) view->metricBox()->setCurrentText(parser.value(metric));
    if (parser.isSet(axis)) view->axisBox()->setCurrentIndex(std::max(0, view->axisBox()->findData(parser.value(axis))));
    if (parser.isSet(filter)) window.filterEdit()->setText(parser.value(filter));
    if (parser.isSet(panel)) {
      auto* dock = window.findChild<QDockWidget*>(parser.value(panel) + QStringLiteral("Dock"));
      if (!dock) std::fprintf(stderr, "ratioscope: unknown panel '%s' (fit, fairness or effective)\n", qPrintable(parser.value(panel)));
      else dock->raise();
    }
    if (parser.isSet(law)) {
      QComboBox* box = window.fitPanel()->lawBox();
      const int index = box->findData(parser.value(law));
      if (index < 0) std::fprintf(stderr, "ratioscope: unknown law '%s'\n", qPrintable(parser.value(law)));
      box->setCurrentIndex(std::max(0, index));
    }
  });
  if (!shotPath.isEmpty()) {
    if (files.isEmpty()) {
      std::fprintf(stderr, "ratioscope: --screenshot needs a FILE to open\n");
      return 2;
    }
    QObject::connect(&window, &rs::ui::MainWindow::loadFailed, [](const QString& message) {
      std::fprintf(stderr, "ratioscope: %s\n", qPrintable(message));
      QApplication::exit(1);
    });
    auto grab = [&window, shotPath] {
      // Let layouts settle, then grab what a user would see.
      QTimer::singleShot(300, [&window, shotPath] {
        if (!window.grab().save(shotPath)) {
          std::fprintf(stderr, "ratioscope: cannot write %s\n", qPrintable(shotPath));
          QApplication::exit(1);
          return;
        }
        std::printf("%s\n", qPrintable(shotPath));
        QApplication::exit(0);
      });
    };
    if (parser.isSet(law)) {
      // With a fit, the picture is taken once the fit has landed.
      QObject::connect(window.fitPanel()->runner(), &rs::ui::FitRunner::finished, grab);
    } else {
      QObject::connect(&window, &rs::ui::MainWindow::loaded, grab);
    }
  }
  window.show();
  if (!files.isEmpty()) window.openFile(files.first());
  return app.exec();
}
