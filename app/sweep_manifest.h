#pragma once
// A sweep manifest: a trial sweep cut into independent entries that a Slurm
// job array runs one per task (ratioscope-cli trial --manifest F --index N).
//
//   {"ratioscope_sweep": 1,
//    "trial_args": ["--steps", "600", "--ratios", "0,0.5", "--cache-dir", "/shared/cache", ...],
//    "db": "postgresql://lab@db/lab"  or  "out_dir": "/shared/results",
//    "entries": [{"index": 0, "kind": "dense", "args": ["--model", "tf-small", "--methods", ""], "depends_on": []},
//                {"index": 2, "kind": "compress", "args": ["--model", "tf-small", "--methods", "rtn"], "depends_on": [0]}]}
//
// Dense entries train a model; a compress entry depends on its model's dense
// entry through the checkpoint cache, which must be on a folder every node
// sees. The manifest is data: it names options, never a command to run.

#include <QString>
#include <QStringList>
#include <vector>

namespace rs::cli {

struct SweepEntry {
  int index = 0;
  QString kind;  // "dense" or "compress"
  QStringList args;
  std::vector<int> depends_on;
};

struct SweepManifest {
  QString path;        // absolute
  QStringList trial_args;
  QString db, out_dir;  // exactly one is set
  std::vector<SweepEntry> entries;

  // Beside the manifest: done markers, task logs, submitted jobs.
  QString stateDir() const { return path + QStringLiteral(".state"); }
  QString doneMarker(int index) const { return stateDir() + QStringLiteral("/entry-%1.done").arg(index); }
  QString resultFile(int index) const { return out_dir + QStringLiteral("/entry-%1.csv").arg(index, 4, 10, QLatin1Char('0')); }
  bool done(int index) const;
};

// Reads and checks a manifest; on failure returns false and a message naming
// the file and the JSON path of the problem.
bool readManifest(const QString& path, SweepManifest& out, QString& error);
// Writes it (atomically: a temporary file, then a rename).
bool writeManifest(const SweepManifest& manifest, QString& error);

}  // namespace rs::cli
