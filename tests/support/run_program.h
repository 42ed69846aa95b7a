#pragma once
// Runs a real executable (ratioscope-cli, mount) to its end for a test and
// keeps its exit code and output. A run that does not end within the wait is
// killed and reads as code -1, so a hang fails the test instead of stalling it.
// Qt programs run under the offscreen platform (plot draws with Qt widgets).

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace rs::test {

struct ProgramResult {
  int code = -1;  // -1: crashed, or killed after the wait
  QByteArray out, err;
};

inline ProgramResult runProgram(const QString& program, const QStringList& args, int waitMs = 120000) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(env);
  p.start(program, args);
  p.closeWriteChannel();
  if (!p.waitForFinished(waitMs)) {
    p.kill();
    p.waitForFinished();
  }
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

// The JSON object a program printed; when its output is not JSON, a warning
// with the output says so (and the object is empty, failing what reads it).
inline QJsonObject jsonObject(const ProgramResult& r) {
  QJsonParseError e;
  const QJsonDocument d = QJsonDocument::fromJson(r.out, &e);
  if (e.error != QJsonParseError::NoError) qWarning("not JSON: %s\n%s", qPrintable(e.errorString()), r.out.constData());
  return d.object();
}

#ifdef RS_CLI
inline ProgramResult runCli(const QStringList& args, int waitMs = 120000) { return runProgram(QStringLiteral(RS_CLI), args, waitMs); }
#endif

}  // namespace rs::test
