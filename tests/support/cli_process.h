#pragma once
// Runs ratioscope-cli (RS_CLI) as a separate process, as a user's script
// does, under the offscreen platform (plot draws with Qt widgets), and
// returns its exit code, stdout and stderr.
#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace rs::testing {

struct CliResult {
  int code = -1;  // -1: it crashed or did not finish in two minutes
  QByteArray out, err;
};

inline CliResult runCli(const QStringList& args) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(env);
  p.start(QStringLiteral(RS_CLI), args);
  p.waitForFinished(120000);
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

}  // namespace rs::testing
