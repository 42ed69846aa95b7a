// `ratioscope-cli trial`: hands the process to ratioscope-cli-trial (see
// cli_trial_main.cpp for why trials live in their own executable). exec, not
// a child process: the pid a caller holds, signals (a killed sweep), stdout,
// stderr and the exit status all stay the trial's own, with nothing between.
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/cli_commands.h"

namespace rs::cli {
namespace {

constexpr const char* kHelper = "ratioscope-cli-trial";

// The folder of this executable (symbolic links resolved), or "".
std::string ownFolder() {
  char path[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) return {};
  path[n] = '\0';
  std::string folder(path);
  return folder.substr(0, folder.rfind('/'));
}

}  // namespace

int execTrial(char** argv) {
  const std::string folder = ownFolder();
  // Beside ratioscope-cli in a build folder; libexec/ratioscope when
  // installed (packaging keeps helpers off PATH).
  const std::vector<std::string> candidates = {folder + "/" + kHelper, folder + "/../libexec/ratioscope/" + kHelper};
  for (const std::string& helper : candidates) {
    if (folder.empty() || ::access(helper.c_str(), X_OK) != 0) continue;
    ::execv(helper.c_str(), argv);  // returns only on failure
    std::fprintf(stderr, "ratioscope-cli: trial: cannot run %s: %s\n", helper.c_str(), std::strerror(errno));
    return 1;
  }
  std::fprintf(stderr, "ratioscope-cli: trial: the trials runner %s is not installed (looked in %s and %s)\n", kHelper,
               candidates[0].c_str(), candidates[1].c_str());
  return 1;
}

}  // namespace rs::cli
