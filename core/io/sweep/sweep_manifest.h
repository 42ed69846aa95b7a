#pragma once
// A sweep manifest: a trial sweep cut into independent entries that a Slurm
// job array runs one per task (`ratioscope-cli trial --manifest F --index N`,
// or the Qt-free `ratioscope-trial --manifest F --index N`).
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
//
// Plain C++ (RapidJSON, std::filesystem): the one reader and writer of
// manifests, shared by ratioscope-cli and the trials runner that builds with
// LibTorch alone.

#include <optional>
#include <string>
#include <vector>

namespace rs::sweep {

struct SweepEntry {
  int index = 0;
  std::string kind;  // "dense" or "compress"
  std::vector<std::string> args;
  std::vector<int> depends_on;
};

struct SweepManifest {
  std::string path;  // absolute
  std::vector<std::string> trial_args;
  std::string db, out_dir;  // exactly one is set
  std::vector<SweepEntry> entries;

  // Beside the manifest: done markers, task logs, submitted jobs.
  std::string stateDir() const { return path + ".state"; }
  std::string doneMarker(int index) const;
  // out_dir/entry-0007.csv: the long CSV of one entry, which `import DIR` reads.
  std::string resultFile(int index) const;
  bool done(int index) const;
};

// Reads and checks a manifest; returns why it cannot be used, naming the file
// and the JSON pointer of the problem ("sweep.json: at /entries/1/kind: ...").
std::optional<std::string> readManifest(const std::string& path, SweepManifest& out);
// Writes it atomically (a temporary file beside it, then a rename).
std::optional<std::string> writeManifest(const SweepManifest& manifest);

}  // namespace rs::sweep
