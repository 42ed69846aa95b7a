#pragma once
// A headless machine (CI, a server, xvfb-run) often has no XDG_RUNTIME_DIR;
// Qt then picks /tmp/runtime-$USER itself but warns on every start. A private
// directory of our own, made first, keeps the output to what the user asked.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtGlobal>
#include <unistd.h>

namespace rs::app {

inline void ensureRuntimeDir() {
  if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) return;
  const QString dir = QDir::tempPath() + QStringLiteral("/runtime-ratioscope-%1").arg(::getuid());
  if (!QDir().mkpath(dir)) return;
  if (QFileInfo(dir).ownerId() != ::getuid()) return;  // someone else's: leave Qt to choose (and warn)
  QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);  // Qt requires 0700
  qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
}

}  // namespace rs::app
