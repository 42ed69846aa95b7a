// ratioscope-trial: the trials runner with no Qt, no Ceres, no display, for
// a machine that has only a LibTorch (a GPU server with PyTorch's). It takes
// the options of `ratioscope-cli trial` and writes the same long CSV, which
// ratioscope-cli and the GUI then import. Build it alone with
// -DRATIOSCOPE_TRIALS_ONLY=ON (README, "Trials on another machine").
// It also runs one entry of a sweep manifest (a Slurm array task) into an
// output folder; writing to a store needs the store code, which needs Qt, so
// `--db` is ratioscope-cli's (`ratioscope-cli trial --manifest`).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/io/sweep/sweep_entry.h"
#include "core/model/long_csv.h"
#include "core/model/run_fields.h"
#include "core/trials/torch_info.h"
#include "core/trials/trial_runs.h"

namespace {
using rs::trials::TrialOptions;

const char* kUsage =
    "usage: ratioscope-trial [--list] --model NAME [--baselines LIST] [--methods LIST] [--ratios LIST] [--bits LIST]\n"
    "                        [--group-size N] [--seeds LIST] [--steps N | --tokens-per-param X]\n"
    "                        [--rft-steps N | --rft-tokens N] [--distill] [--device auto|cpu|cuda] [--threads N]\n"
    "                        [--cache-dir DIR|none] [--no-dense-runs] --out CSV [--append]\n"
    "       ratioscope-trial --manifest SWEEP.json [--index N] [--out-dir DIR]\n";

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
    "  --rft-steps N          recovery fine-tuning steps after pruning (default 0: none)\n"
    "  --rft-tokens N         recovery fine-tuning budget in tokens (rounded up to whole steps)\n"
    "  --distill              recover by distillation from the dense teacher\n"
    "  --device DEVICE        auto (CUDA when LibTorch sees a GPU), cpu or cuda\n"
    "  --threads N            CPU threads (default: every core)\n"
    "  --cache-dir DIR|none   trained-checkpoint cache (default: the user's cache directory)\n"
    "  --out CSV              where the runs go, each written whole as it lands\n"
    "  --append               add to an existing --out CSV; runs already in it are kept\n"
    "  --no-dense-runs        record only the compressed runs (a sweep entry whose dense runs another entry records)\n"
    "  --version              this runner's and LibTorch's versions\n\n"
    "One entry of a sweep (ratioscope-cli sweep plan), e.g. as a Slurm array task:\n"
    "  --manifest SWEEP.json  run the entry's trial options from the manifest\n"
    "  --index N              the entry (default: $SLURM_ARRAY_TASK_ID)\n"
    "  --out-dir DIR          write the entry's file DIR/entry-NNNN.csv here instead of the manifest's folder;\n"
    "                         it appears whole or not at all, and `ratioscope-cli import DIR` reads the folder.\n"
    "                         An entry already done does nothing.\n"
    "  --db URL is not in this runner: writing to an experiment store needs the full build\n"
    "  (ratioscope-cli trial --manifest SWEEP.json --index N). Plan such sweeps with --out-dir.\n";

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

// Runs a trial sweep from its options (after the program name).
int runTrial(const std::vector<std::string>& args) {
  TrialOptions o;
  std::string out;
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
      for (const auto& m : rs::trials::modelCatalogue()) std::printf("  %-12s %s\n", m.name.c_str(), m.description.c_str());
      std::printf("methods:");
      for (const auto& m : rs::trials::methodCatalogue()) std::printf(" %s", m.c_str());
      const auto torch = rs::trials::torchInfo();
      std::printf("\nLibTorch %s, CUDA %s\n", torch.version.c_str(), torch.cuda_available ? "available" : "not available");
      return 0;
    }
    if (a == "--distill") { o.distill = true; continue; }
    if (a == "--append") { append = true; continue; }
    if (a == "--no-dense-runs") { skipDense = true; continue; }
    if (a == "--db")
      return fail("--db needs the full build: this runner has no store code (no Qt); ratioscope-cli trial --db URL writes to a store. "
                  "Write --out CSV here and `ratioscope-cli import` it.");
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
    else if (a == "--tokens-per-param" || a == "--rft-tokens") {
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
  if (out.empty()) return fail(std::string("--out CSV is required\n") + kUsage);
  if (given.count("--steps") && o.tokens_per_param > 0) return fail("give --steps or --tokens-per-param, not both");
  if (rftTokens >= 0) {
    if (given.count("--rft-steps")) return fail("give --rft-steps or --rft-tokens, not both");
    o.rft_steps = static_cast<int>(std::ceil(rftTokens / rs::trials::tokensPerTrainingStep()));
  }
  if (o.distill && o.rft_steps == 0) return fail("--distill needs --rft-steps N or --rft-tokens N");

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
    std::string metrics;
    for (const auto& m : t.metrics) metrics += " " + m.task + " " + rs::formatNumber(std::round(m.value * 1000) / 1000);
    std::fprintf(stderr, "trial %d: %s %s ratio %.3f (%s):%s\n", count, t.model.c_str(), t.method.c_str(), t.ratio, t.device.c_str(), metrics.c_str());
  });
  if (!why.empty()) return fail(why);
  std::fprintf(stderr, "ratioscope-trial: %d runs written to %s (%d already there)\n", count - kept, out.c_str(), kept);
  return 0;
}

// One entry of a sweep manifest into an output folder (see sweep_entry.h).
int runManifestEntry(const std::vector<std::string>& args) {
  rs::sweep::EntryRun entry;
  if (auto error = rs::sweep::prepareEntry(args, entry)) return fail(*error);
  const rs::sweep::SweepManifest& m = entry.manifest;
  if (entry.already_done) {
    std::fprintf(stderr, "ratioscope-trial: entry %d of %s is already done; nothing to do\n", entry.index, m.path.c_str());
    return 0;
  }
  if (!m.db.empty())
    return fail(m.path + " sends its results to the store " + m.db +
                ", and this runner cannot write to a store (--db needs the full build: ratioscope-cli trial --manifest " + m.path +
                " --index N). Give --out-dir DIR to write the entry's file there, then `ratioscope-cli import DIR`.");
  const int code = runTrial(entry.trial_args);
  if (auto error = rs::sweep::finishEntry(entry, code == 0)) return fail(*error);
  if (code == 0) std::fprintf(stderr, "ratioscope-trial: entry %d done: %s\n", entry.index, m.resultFile(entry.index).c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (const std::string& a : args)
    if (a == "--manifest") return runManifestEntry(args);
  return runTrial(args);
}
