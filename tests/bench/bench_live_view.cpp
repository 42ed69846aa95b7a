// Live view benchmark: the time from a run landing in the open experiment
// store (another connection imports it) to the open window showing it, over
// repeated landings into a 2,000-run database. Reference in the same run:
// reopening the whole database, which is what the window did before it
// followed the store. Prints the median of each and the ratio.
#include <QApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>

#include "core/io/store/experiment_store.h"
#include "ui/live_view.h"
#include "ui/main_window.h"

using namespace rs;

namespace {
RunBatch runs(int first, int count) {
  RunBatch b;
  b.file = "bench" + std::to_string(first);
  for (int i = first; i < first + count; ++i) {
    Run r;
    r.family = "f";
    r.model = "m" + std::to_string(i % 20);
    r.method = i % 5 ? "rtn" : "dense";
    if (i % 5) r.ratio = 0.1 * (i % 5);
    r.seed = i;
    r.key = "r" + std::to_string(i);
    for (int t = 0; t < 10; ++t) r.metrics.push_back(Metric("task" + std::to_string(t), 0.5 + 0.001 * (i % 100)));
    b.runs.push_back(r);
  }
  return b;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QTemporaryDir dir;
  const QString db = dir.filePath(QStringLiteral("live.sqlite"));
  std::string error;
  auto writer = ExperimentStore::open(db.toStdString(), error);
  ImportSummary s;
  writer->importRuns(runs(0, 2000), s);
  ui::MainWindow window;
  QSignalSpy loaded(&window, &ui::MainWindow::loaded);
  window.openFile(db);
  if (!loaded.wait(60000)) { std::fprintf(stderr, "cannot open\n"); return 1; }
  QTest::qWait(3 * ui::LiveView::kPollMs);
  std::vector<double> live, reload;
  QSignalSpy arrived(&window, &ui::MainWindow::runsArrived);
  for (int i = 0; i < 10; ++i) {
    QElapsedTimer t;
    t.start();
    writer->importRuns(runs(2000 + i, 1), s);
    if (!arrived.wait(10000)) { std::fprintf(stderr, "run %d never arrived\n", i); return 1; }
    live.push_back(t.nsecsElapsed() / 1e6);
  }
  for (int i = 0; i < 5; ++i) {
    QElapsedTimer t;
    t.start();
    window.openFile(db);
    if (!loaded.wait(60000)) return 1;
    reload.push_back(t.nsecsElapsed() / 1e6);
  }
  std::printf("bench_live_view: 2,000-run database, 10 landings of one run (poll every %d ms)\n", ui::LiveView::kPollMs);
  std::printf("  run lands -> window shows it   median %7.1f ms\n", median(live));
  std::printf("  reopen the whole database      median %7.1f ms\n", median(reload));
  std::printf("  ratio live / reopen = %.2f\n", median(live) / median(reload));
  return 0;
}
