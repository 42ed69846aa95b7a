// A deliberate data race for scripts/sanitize-thread.sh to catch: a counter
// and a QList written from a QtConcurrent task and from main without a lock,
// the shape of a real mistake in the window's background jobs. The script
// runs it first and fails unless ThreadSanitizer reports a race in it, so the
// options that quiet Debian's uninstrumented Qt (TSAN_OPTIONS there) are
// shown not to quiet races in our own code. Not a test suite: it must fail.
#include <QCoreApplication>
#include <QList>
#include <QtConcurrent/QtConcurrentRun>

namespace {
int counter = 0;
QList<int> shared;
}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QFuture<void> task = QtConcurrent::run([] {
    for (int i = 0; i < 1000; ++i) {
      ++counter;
      shared.append(i);
    }
  });
  for (int i = 0; i < 1000; ++i) {
    ++counter;
    shared.append(-i);
  }
  task.waitForFinished();
  return 0;
}
