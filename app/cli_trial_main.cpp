// ratioscope-cli-trial: the `trial` command of ratioscope-cli in its own
// executable, so that only trials pay for LibTorch. Linking LibTorch costs
// every process that does ~0.4 s of static initialisation and, with Debian's
// build, ~300 shared libraries; ratioscope-cli links none of it and replaces
// itself with this program (exec, see cli_trial_launch.cpp) when the command
// is `trial`. To the caller it is the same process: same pid, arguments,
// stdout, stderr and exit status.
#include <QCoreApplication>

#include "app/cli_commands.h"
#include "app/runtime_dir.h"
#include "app/version.h"

int main(int argc, char** argv) {
  rs::app::ensureRuntimeDir();
  QCoreApplication app(argc, argv);
  // Messages, --help and usage name the command people typed.
  QCoreApplication::setApplicationName(QStringLiteral("ratioscope-cli"));
  QCoreApplication::setApplicationVersion(QStringLiteral(RATIOSCOPE_VERSION));
  QStringList args = QCoreApplication::arguments();
  if (args.size() > 1 && args.at(1) == QLatin1String("trial")) args.removeAt(1);  // the command word, as ratioscope-cli passes it
  return rs::cli::runTrial(args);
}
