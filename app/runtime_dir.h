#pragma once
// A headless machine (CI, a server, xvfb-run) often has no XDG_RUNTIME_DIR;
// Qt then picks /tmp/runtime-$USER itself but warns on every start. A private
// directory of our own, made first, keeps the output to what the user asked.
//
// The path is in a shared, world-writable folder, so another user may have
// planted something there first (a symlink to their own or to our home
// folder). Nothing is followed: the directory is opened with O_NOFOLLOW, and
// only a real directory that we own is made private (fchmod on that open
// descriptor, so a swap after the check changes nothing else).
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QtGlobal>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rs::app {

inline void ensureRuntimeDir() {
  if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) return;
  const QByteArray dir = QFile::encodeName(QDir::tempPath() + QStringLiteral("/runtime-ratioscope-%1").arg(::getuid()));
  if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST) return;
  const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;  // a symlink or not a directory: leave Qt to choose (and warn)
  struct stat st {};
  const bool ours = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid();
  const bool private_ = ours && ((st.st_mode & 07777) == 0700 || ::fchmod(fd, 0700) == 0);  // Qt requires 0700
  ::close(fd);
  if (private_) qputenv("XDG_RUNTIME_DIR", dir);
}

}  // namespace rs::app
