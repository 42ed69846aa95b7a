// ratioscope-trial: the trials runner with no Qt, no Ceres, no display, for
// a machine that has only a LibTorch (a GPU server with PyTorch's). It takes
// the options of `ratioscope-cli trial` and writes the same long CSV, which
// ratioscope-cli and the GUI then import. Build it alone with
// -DRATIOSCOPE_TRIALS_ONLY=ON (README, "Trials on another machine").
// It also runs one entry of a sweep manifest (a Slurm array task), into an
// output folder or an experiment store: `--db URL` writes each run as it
// lands through the store library, which is plain C++ too (rs_store).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/io/store/experiment_store.h"
#include "core/io/store/landed_run.h"
#include "core/io/sweep/sweep_entry.h"
#include "core/model/long_csv.h"
#include "core/model/run_fields.h"
#include "core/trials/torch_info.h"
#include "core/trials/trial_runs.h"

namespace {
using rs::trials::TrialOptions;

const char* kUsage =
    "usage: ratioscope-trial [--list] --model NAME [--baselines LIST] [--methods LIST] [--ratios LIST] [--bits LIST]\n"
    "                        [--group-size N] [--seeds LIST] [--steps N | --tokens-per-param X] [--lr X]\n"
    "                        [--rft-steps N | --rft-tokens N] [--distill] [--device auto|cpu|cuda] [--threads N]\n"
    "                        [--cache-dir DIR|none] [--no-dense-runs] (--out CSV [--append] | --db URL)\n"
    "       ratioscope-trial --manifest SWEEP.json [--index N] [--db URL | --out-dir DIR]\n";

const char* kOptions =
    "\nRuns compression trials with LibTorch alone and writes the long CSV that\n"
    "ratioscope-cli and the GUI import (the options of `ratioscope-cli trial`).\n\n"
    "  --list                 models, methods, the LibTorch version and whether CUDA is available\n"
    "  --model NAME           model to compress (see --list)\n"
    "  --baselines LIST       smaller models of the same family, trained dense: the native baselines\n"
    "  --methods LIST         magnitude, magnitude-layer, structured, heads, nm24, rtn, lowrank, imp\n"
    "  --ratios LIST          ratios for the pruning and low-rank methods, e.g. 0,0.25,0.5,0.75,0.9\n"
    "  --bits LIST            bit widths for rtn, e.g. 8,4,3,2\n"
    "  --group-size N         RTN group size (default 32)\n"
    "  --seeds LIST           training seeds (default 1)\n"
    "  --steps N              training steps of each dense model (default 600)\n"
    "  --tokens-per-param X   training budget in tokens per parameter instead of --steps\n"
    "  --lr X                 peak learning rate of training, for every model (default: each model's own, see --list)\n"
    "  --rft-steps N          recovery fine-tuning steps after pruning (default 0: none)\n"
    "  --rft-tokens N         recovery fine-tuning budget in tokens (rounded up to whole steps)\n"
    "  --distill              recover by distillation from the dense teacher\n"
    "  --device DEVICE        auto (CUDA when LibTorch sees a GPU), cpu or cuda\n"
    "  --threads N            CPU threads (default: every core)\n"
    "  --cache-dir DIR|none   trained-checkpoint cache (default: the user's cache directory)\n"
    "  --out CSV              where the runs go, each written whole as it lands\n"
    "  --append               add to an existing --out CSV; runs already in it are kept\n"
    "  --db URL               write the runs to an experiment store instead: a path or sqlite:PATH (SQLite),\n"
    "                         or postgresql://user@host:port/db (password from PGPASSWORD, ~/.pgpass or a\n"
    "                         service file). Each run is one transaction as it lands; a run already stored\n"
    "                         is kept as it is.\n"
    "  --no-dense-runs        record only the compressed runs (a sweep entry whose dense runs another entry records)\n"
    "  --version              this runner's and LibTorch's versions\n\n"
    "One entry of a sweep (ratioscope-cli sweep plan), e.g. as a Slurm array task:\n"
    "  --manifest SWEEP.json  run the entry's trial options from the manifest\n"
    "  --index N              the entry (default: $SLURM_ARRAY_TASK_ID)\n"
    "  --db URL               write the entry's runs to this store instead of where the manifest sends them\n"
    "  --out-dir DIR          write the entry's file DIR/entry-NNNN.csv here instead of the manifest's folder;\n"
    "                         it appears whole or not at all, and `ratioscope-cli import DIR` reads the folder.\n"
    "  An entry already done does nothing, and rerunning one stores no run twice.\n";

int fail(const std::string& message) {
  std::fprintf(stderr, "ratioscope-trial: %s\n", message.c_str());
  return 2;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::string item;
  for (char c : list + ",") {
    if (c != ',') { item += c; continue; }
    const auto first = item.find_first_not_of(' '), last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    item.clear();
  }
  return out;
}

// The keys of the runs already in an existing long CSV (its first column),
// so --append keeps them. The file is ours: the first cell is never quoted.
std::set<std::string> keysIn(const std::string& path) {
  std::set<std::string> keys;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line))
    if (!line.empty()) keys.insert(line.substr(0, line.find(',')));
  return keys;
}

// Prints one landed run's line.
void reportRun(int count, const rs::trials::TrialRun& t) {
  std::string metrics;
  for (const auto& m : t.metrics) metrics += " " + m.task + " " + rs::formatNumber(std::round(m.value * 1000) / 1000);
  std::fprintf(stderr, "trial %d: %s %s ratio %.3f (%s):%s\n", count, t.model.c_str(), t.method.c_str(), t.ratio, t.device.c_str(), metrics.c_str());
}

// The trials written to an experiment store, each run one transaction as it
// lands (core/io/store/landed_run.h). The store is opened first, so an
// unreachable server or a bad URL fails before any training.
int runIntoStore(TrialOptions& o, const std::string& url, bool skipDense) {
  std::string error;
  const std::unique_ptr<rs::ExperimentStore> store = rs::ExperimentStore::open(url, error);
  if (!store) return fail(error);
  o.on_note = [](const std::string& text) { std::fprintf(stderr, "trial: %s\n", text.c_str()); };
  int count = 0, kept = 0;
  std::string writeError;
  const std::string why = rs::trials::runTrials(o, [&](const rs::trials::TrialRun& t) {
    if (!writeError.empty()) return;
    const rs::Run run = rs::trials::toRun(t);
    if (skipDense && run.isDense()) return;
    ++count;
    if (std::string warning = rs::trials::divergedWarning(t); !warning.empty()) std::fprintf(stderr, "ratioscope-trial: warning: %s\n", warning.c_str());
    bool alreadyStored = false;
    if (auto e = rs::storeLandedRun(*store, run, "ratioscope-trial", alreadyStored)) {
      writeError = e->text();
      return;
    }
    if (alreadyStored) {
      ++kept;
      std::fprintf(stderr, "trial %d: %s already in %s, kept\n", count, run.key.c_str(), store->location().c_str());
      return;
    }
    reportRun(count, t);
  });
  if (!why.empty()) return fail(why);
  if (!writeError.empty()) return fail(writeError);
  std::fprintf(stderr, "ratioscope-trial: %d runs written to %s (%d already there)\n", count - kept, store->location().c_str(), kept);
  return 0;
}

// Runs a trial sweep from its options (after the program name).
int runTrial(const std::vector<std::string>& args) {
  TrialOptions o;
  std::string out, db;
  bool append = false, skipDense = false;
  double rftTokens = -1;         // --rft-tokens, when given
  std::set<std::string> given;  // integer options given explicitly
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::printf("%s%s", kUsage, kOptions);
      return 0;
    }
    if (a == "--version") {
      std::printf("ratioscope-trial %s (LibTorch %s)\n", RATIOSCOPE_VERSION, rs::trials::torchInfo().version.c_str());
      return 0;
    }
    if (a == "--list") {
      std::printf("models:\n");
      for (const auto& m : rs::trials::modelCatalogue()) std::printf("  %-12s %s, learning rate %g\n", m.name.c_str(), m.description.c_str(), m.learning_rate);
      std::printf("methods:");
      for (const auto& m : rs::trials::methodCatalogue()) std::printf(" %s", m.c_str());
      const auto torch = rs::trials::torchInfo();
      std::printf("\nLibTorch %s, CUDA %s\n", torch.version.c_str(), torch.cuda_available ? "available" : "not available");
      return 0;
    }
    if (a == "--distill") { o.distill = true; continue; }
    if (a == "--append") { append = true; continue; }
    if (a == "--no-dense-runs") { skipDense = true; continue; }
    const std::string* v = value();
    if (!v) return fail(a + " needs a value\n" + kUsage);
    bool ok = true;
    if (a == "--model") o.model = *v;
    else if (a == "--baselines") o.baselines = split(*v);
    else if (a == "--methods") o.methods = split(*v);
    else if (a == "--ratios") ok = rs::parseNumberList(*v, o.ratios);
    else if (a == "--bits") ok = rs::parseNumberList(*v, o.bits);
    else if (a == "--seeds") ok = rs::parseNumberList(*v, o.seeds);
    else if (a == "--device") o.device = *v;
    else if (a == "--cache-dir") o.cache_dir = *v;
    else if (a == "--out") out = *v;
    else if (a == "--db") db = *v;
    else if (a == "--lr") {
      const auto x = rs::parseFiniteNumber(*v);
      ok = x && rs::trials::validLearningRate(*x);
      if (ok) o.learning_rate = *x;
    } else if (a == "--tokens-per-param" || a == "--rft-tokens") {
      const auto x = rs::parseFiniteNumber(*v);
      ok = x && (a == "--rft-tokens" ? *x >= 0 : *x > 0);
      if (ok) (a == "--rft-tokens" ? rftTokens : o.tokens_per_param) = *x;
    } else if (a == "--steps" || a == "--rft-steps" || a == "--threads" || a == "--group-size") {
      const auto x = rs::parseFiniteNumber(*v);
      ok = x && *x >= 0 && std::floor(*x) == *x && *x < 1e9;
      int& target = a == "--steps" ? o.train_steps : a == "--rft-steps" ? o.rft_steps : a == "--threads" ? o.threads : o.group_size;
      if (ok) target = static_cast<int>(*x);
      given.insert(a);
    } else {
      return fail("unknown option '" + a + "'\n" + kUsage);
    }
    if (!ok) return fail(a + ": cannot read '" + *v + "'");
  }
  if (out.empty() == db.empty()) return fail(std::string("give exactly one of --out CSV and --db URL\n") + kUsage);
  if (!db.empty() && append) return fail("--append is for --out CSV; a store keeps the runs it has");
  if (given.count("--steps") && o.tokens_per_param > 0) return fail("give --steps or --tokens-per-param, not both");
  if (rftTokens >= 0) {
    if (given.count("--rft-steps")) return fail("give --rft-steps or --rft-tokens, not both");
    o.rft_steps = static_cast<int>(std::ceil(rftTokens / rs::trials::tokensPerTrainingStep()));
  }
  if (o.distill && o.rft_steps == 0) return fail("--distill needs --rft-steps N or --rft-tokens N");

  if (!db.empty()) return runIntoStore(o, db, skipDense);
  std::set<std::string> stored;
  std::ifstream existing(out);
  const bool nonEmpty = existing.good() && existing.peek() != std::ifstream::traits_type::eof();
  if (nonEmpty && !append) std::fprintf(stderr, "ratioscope-trial: replacing %s (--append adds to it and keeps its runs)\n", out.c_str());
  append = append && nonEmpty;
  if (append) {
    // Rows go under the file's own header: one written by an older version
    // (fewer columns) would take them misaligned.
    std::ifstream head(out);
    std::string header;
    std::getline(head, header);
    if (header + "\n" != rs::longCsvHeader())
      return fail(out + ": its columns differ from this version's long CSV, so runs cannot be appended to it; write to a new file");
    stored = keysIn(out);
  }
  std::ofstream csv(out, append ? std::ios::app : std::ios::trunc);
  if (!csv) return fail(out + ": cannot write");
  if (!append) csv << rs::longCsvHeader() << std::flush;
  o.on_note = [](const std::string& text) { std::fprintf(stderr, "trial: %s\n", text.c_str()); };
  int count = 0, kept = 0;
  const std::string why = rs::trials::runTrials(o, [&](const rs::trials::TrialRun& t) {
    const rs::Run run = rs::trials::toRun(t);
    if (skipDense && run.isDense()) return;
    ++count;
    if (std::string warning = rs::trials::divergedWarning(t); !warning.empty()) std::fprintf(stderr, "ratioscope-trial: warning: %s\n", warning.c_str());
    if (stored.count(run.key)) {
      ++kept;
      std::fprintf(stderr, "trial %d: %s already in the CSV, kept\n", count, run.key.c_str());
      return;
    }
    csv << rs::longCsvRows(run) << std::flush;  // each run whole, as it lands
    reportRun(count, t);
  });
  if (!why.empty()) return fail(why);
  std::fprintf(stderr, "ratioscope-trial: %d runs written to %s (%d already there)\n", count - kept, out.c_str(), kept);
  return 0;
}

// One entry of a sweep manifest into an output folder or a store (see sweep_entry.h).
int runManifestEntry(const std::vector<std::string>& args) {
  rs::sweep::EntryRun entry;
  if (auto error = rs::sweep::prepareEntry(args, entry)) return fail(*error);
  const rs::sweep::SweepManifest& m = entry.manifest;
  if (entry.already_done) {
    std::fprintf(stderr, "ratioscope-trial: entry %d of %s is already done; nothing to do\n", entry.index, m.path.c_str());
    return 0;
  }
  const int code = runTrial(entry.trial_args);
  if (auto error = rs::sweep::finishEntry(entry, code == 0)) return fail(*error);
  if (code == 0)
    std::fprintf(stderr, "ratioscope-trial: entry %d done: %s\n", entry.index,
                 m.db.empty() ? m.resultFile(entry.index).c_str() : rs::ExperimentStore::withoutPassword(m.db).c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& a : args)
    if (a == "--manifest") return runManifestEntry(args);
  return runTrial(args);
}
