#include "core/io/sweep/sweep_entry.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace rs::sweep {
namespace {

namespace fs = std::filesystem;

// A whole non-negative decimal number, nothing else ("07" is 7, "1e3" is not).
std::optional<int> entryNumber(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(text);
}

}  // namespace

std::optional<std::string> prepareEntry(const std::vector<std::string>& args, EntryRun& out) {
  std::string manifest, index, db, outDir;
  bool indexGiven = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string* target = a == "--manifest" ? &manifest : a == "--index" ? &index : a == "--db" ? &db : a == "--out-dir" ? &outDir : nullptr;
    if (!target) return "--manifest: the trial options come from the manifest; unexpected '" + a + "'";
    if (i + 1 >= args.size()) return a + " needs a value";
    *target = args[++i];
    if (a == "--index") indexGiven = true;
  }
  if (manifest.empty()) return std::string("--manifest FILE is required");
  if (!db.empty() && !outDir.empty()) return std::string("give --db URL or --out-dir DIR, not both");
  out = EntryRun{};
  if (auto error = readManifest(manifest, out.manifest)) {
    out.bad_manifest = true;
    return error;
  }
  SweepManifest& m = out.manifest;
  if (!db.empty()) m.db = db, m.out_dir.clear();
  if (!outDir.empty()) {
    std::error_code ec;
    const fs::path dir = fs::absolute(outDir, ec);
    m.out_dir = ec ? outDir : dir.lexically_normal().string();
    m.db.clear();
  }
  // A Slurm array task is told its index in the environment.
  std::string indexFrom = "--index";
  if (!indexGiven) {
    const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
    if (!task) return "give --index N (or run it as a Slurm array task, which sets SLURM_ARRAY_TASK_ID)";
    index = task;
    indexFrom = "SLURM_ARRAY_TASK_ID";
  }
  const auto n = entryNumber(index);
  if (!n || *n >= static_cast<int>(m.entries.size()))
    return indexFrom + " '" + index + "' is not an entry of " + m.path + " (0 to " + std::to_string(m.entries.size() - 1) + ")";
  out.index = *n;
  if (m.done(out.index)) {
    out.already_done = true;
    return std::nullopt;
  }
  const SweepEntry& entry = m.entries[static_cast<std::size_t>(out.index)];
  out.trial_args = m.trial_args;
  out.trial_args.insert(out.trial_args.end(), entry.args.begin(), entry.args.end());
  if (!m.db.empty()) {
    out.trial_args.insert(out.trial_args.end(), {"--db", m.db});
    return std::nullopt;
  }
  std::error_code ec;
  fs::create_directories(m.out_dir, ec);
  if (ec) return m.out_dir + ": cannot create the output folder: " + ec.message();
  // Hidden (a leading dot), so `import DIR` never reads a file still being
  // written, and in the output folder itself, so the rename stays on one
  // file system and is atomic.
  const fs::path result = m.resultFile(out.index);
  out.temporary = (result.parent_path() / ("." + result.filename().string() + ".partial-" + std::to_string(::getpid()))).string();
  out.trial_args.insert(out.trial_args.end(), {"--out", out.temporary});
  return std::nullopt;
}

std::optional<std::string> finishEntry(const EntryRun& run, bool trialSucceeded) {
  const SweepManifest& m = run.manifest;
  std::error_code ec;
  if (!run.temporary.empty()) {
    if (!trialSucceeded) {
      fs::remove(run.temporary, ec);
      return std::nullopt;
    }
    fs::rename(run.temporary, m.resultFile(run.index), ec);
    if (ec) {
      std::error_code ignored;
      fs::remove(run.temporary, ignored);
      return "cannot move the results of entry " + std::to_string(run.index) + " into " + m.resultFile(run.index) + ": " + ec.message();
    }
  }
  if (!trialSucceeded) return std::nullopt;
  // The marker `sweep status` reads for a store (an output folder's result
  // file says as much by itself).
  fs::create_directories(m.stateDir(), ec);
  std::ofstream marker(m.doneMarker(run.index));
  marker << "done\n";
  marker.close();
  if (!marker) return "entry " + std::to_string(run.index) + " ran, but its done marker " + m.doneMarker(run.index) + " cannot be written";
  return std::nullopt;
}

}  // namespace rs::sweep
