// ratioscope-trial: the trials runner with no Qt, no Ceres, no display, for
// a machine that has only a LibTorch (a GPU server with PyTorch's). It takes
// the options of `ratioscope-cli trial` and writes the same long CSV, which
// ratioscope-cli and the GUI then import. Build it alone with
// -DRATIOSCOPE_TRIALS_ONLY=ON (README, "Trials on another machine").
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/model/long_csv.h"
#include "core/model/run_fields.h"
#include "core/trials/torch_info.h"
#include "core/trials/trial_runs.h"

namespace {
using rs::trials::TrialOptions;

const char* kUsage =
    "usage: ratioscope-trial [--list] --model NAME [--baselines LIST] [--methods LIST] [--ratios LIST] [--bits LIST]\n"
    "                        [--group-size N] [--seeds LIST] [--steps N | --tokens-per-param X] [--rft-steps N] [--distill]\n"
    "                        [--device auto|cpu|cuda] [--threads N] [--cache-dir DIR|none] --out CSV [--append]\n";

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

}  // namespace

int main(int argc, char** argv) {
  TrialOptions o;
  std::string out;
  bool append = false;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--help" || a == "-h") {
      std::printf("%s", kUsage);
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
    else if (a == "--tokens-per-param") {
      const auto x = rs::parseFiniteNumber(*v);
      ok = x && *x > 0;
      if (ok) o.tokens_per_param = *x;
    } else if (a == "--steps" || a == "--rft-steps" || a == "--threads" || a == "--group-size") {
      const auto x = rs::parseFiniteNumber(*v);
      ok = x && *x >= 0 && std::floor(*x) == *x && *x < 1e9;
      int& target = a == "--steps" ? o.train_steps : a == "--rft-steps" ? o.rft_steps : a == "--threads" ? o.threads : o.group_size;
      if (ok) target = static_cast<int>(*x);
    } else {
      return fail("unknown option '" + a + "'\n" + kUsage);
    }
    if (!ok) return fail(a + ": cannot read '" + *v + "'");
  }
  if (out.empty()) return fail(std::string("--out CSV is required\n") + kUsage);
  if (o.distill && o.rft_steps == 0) return fail("--distill needs --rft-steps N");

  std::set<std::string> stored;
  std::ifstream existing(out);
  append = append && existing.good() && existing.peek() != std::ifstream::traits_type::eof();
  if (append) stored = keysIn(out);
  std::ofstream csv(out, append ? std::ios::app : std::ios::trunc);
  if (!csv) return fail(out + ": cannot write");
  if (!append) csv << rs::longCsvHeader() << std::flush;
  o.on_note = [](const std::string& text) { std::fprintf(stderr, "trial: %s\n", text.c_str()); };
  int count = 0, kept = 0;
  const std::string why = rs::trials::runTrials(o, [&](const rs::trials::TrialRun& t) {
    const rs::Run run = rs::trials::toRun(t);
    ++count;
    if (stored.count(run.key)) {
      ++kept;
      std::fprintf(stderr, "trial %d: %s already in the CSV, kept\n", count, run.key.c_str());
      return;
    }
    csv << rs::longCsvRows(run) << std::flush;  // each run whole, as it lands
    std::fprintf(stderr, "trial %d: %s %s ratio %.3f (%s)\n", count, t.model.c_str(), t.method.c_str(), t.ratio, t.device.c_str());
  });
  if (!why.empty()) return fail(why);
  std::fprintf(stderr, "ratioscope-trial: %d runs written to %s (%d already there)\n", count - kept, out.c_str(), kept);
  return 0;
}
