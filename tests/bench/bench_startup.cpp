// Start-up of the headless CLI: `ratioscope-cli --version` and
// `ratioscope-cli runs --input <the bundled example CSV>`, each run 30 times
// (after 3 warm-up runs), against programs that do nothing in the same run:
// /bin/true (the cost of a process) and `python3 -c pass` (a scripting
// start-up people know). Prints median and mean wall times and the ratios;
// asserts nothing about time. Before trials moved out of ratioscope-cli
// (cli_trial_main.cpp), every start paid LibTorch's load and static
// initialisation: ~560 ms here for --version.
//
// usage: bench_startup [--runs N] [--cli PATH]   (--cli: another build's
// ratioscope-cli, to compare builds in one run)
#include <spawn.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Timing {
  double median_ms = 0, mean_ms = 0;
  bool ok = true;
};

// Runs argv `runs` times with stdout and stderr to /dev/null.
Timing timeCommand(const std::vector<std::string>& command, int runs) {
  std::vector<char*> argv;
  for (const std::string& a : command) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  std::vector<double> ms;
  Timing t;
  for (int k = -3; k < runs; ++k) {  // three warm-up runs: the page cache, not the program
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    int status = 0;
    if (posix_spawnp(&pid, argv[0], &quiet, nullptr, argv.data(), environ) != 0 || waitpid(pid, &status, 0) != pid ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      t.ok = false;
      break;
    }
    if (k >= 0) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  posix_spawn_file_actions_destroy(&quiet);
  if (!t.ok || ms.empty()) return {0, 0, false};
  std::sort(ms.begin(), ms.end());
  t.median_ms = ms[ms.size() / 2];
  t.mean_ms = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30;
  std::string cli = RS_CLI;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--cli") == 0) cli = argv[i + 1];
  }
  // Debian's interpreter, not a version manager's shim (a shell script that
  // would add its own start-up to the reference).
  const std::string python = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
  struct Row {
    const char* label;
    std::vector<std::string> command;
  };
  const std::vector<Row> rows = {
      {"ratioscope-cli --version", {cli, "--version"}},
      {"ratioscope-cli runs --input example", {cli, "runs", "--input", RS_EXAMPLE_CSV}},
      {"/bin/true (reference)", {"/bin/true"}},
      {"python3 -c pass (reference)", {python, "-c", "pass"}},
  };
  std::vector<Timing> timings;
  for (const Row& row : rows) timings.push_back(timeCommand(row.command, runs));
  std::printf("bench_startup: %s, %d runs each (after 3 warm-up runs), wall clock\n", cli.c_str(), runs);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!timings[i].ok) {
      std::printf("  %-38s failed or missing\n", rows[i].label);
      continue;
    }
    std::printf("  %-38s median %7.1f ms   mean %7.1f ms", rows[i].label, timings[i].median_ms, timings[i].mean_ms);
    if (i < 2 && timings[2].ok && timings[3].ok)
      std::printf("   = %.1fx /bin/true, %.2fx python3 -c pass", timings[i].median_ms / timings[2].median_ms,
                  timings[i].median_ms / timings[3].median_ms);
    std::printf("\n");
  }
  return timings[0].ok && timings[1].ok ? 0 : 1;
}
