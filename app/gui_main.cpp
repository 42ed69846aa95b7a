// ratioscope [FILE] [--screenshot OUT.png]: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

#include "app/version.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Ratioscope"));
  QApplication::setOrganizationName(QStringLiteral("Ratioscope"));
  QApplication::setApplicationVersion(QStringLiteral(RATIOSCOPE_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Explore how model quality changes under compression."));
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Experiment database (.sqlite) or CSV file to open."));
  QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                QStringLiteral("Render the window after FILE has loaded to OUT.png and exit."), QStringLiteral("OUT.png"));
  parser.addOption(screenshot);
  parser.process(app);

  rs::ui::MainWindow window;
  const QStringList files = parser.positionalArguments();
  const QString shotPath = parser.value(screenshot);
  if (!shotPath.isEmpty()) {
    if (files.isEmpty()) {
      std::fprintf(stderr, "ratioscope: --screenshot needs a FILE to open\n");
      return 2;
    }
    QObject::connect(&window, &rs::ui::MainWindow::loadFailed, [](const QString& message) {
      std::fprintf(stderr, "ratioscope: %s\n", qPrintable(message));
      QApplication::exit(1);
    });
    QObject::connect(&window, &rs::ui::MainWindow::loaded, [&window, shotPath] {
      // Let layouts settle, then grab what a user would see.
      QTimer::singleShot(200, [&window, shotPath] {
        if (!window.grab().save(shotPath)) {
          std::fprintf(stderr, "ratioscope: cannot write %s\n", qPrintable(shotPath));
          QApplication::exit(1);
          return;
        }
        std::printf("%s\n", qPrintable(shotPath));
        QApplication::exit(0);
      });
    });
  }
  window.show();
  if (!files.isEmpty()) window.openFile(files.first());
  return app.exec();
}
