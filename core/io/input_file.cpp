#include "core/io/input_file.h"

#include <sys/stat.h>

namespace rs {

std::string inputFileProblem(const std::string& path) {
  if (path == "-")
    return "reading standard input is not supported: save the results to a file and give its path (Ratioscope reads a file's start "
           "to tell its format, then the whole file)";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";  // missing: the caller's "no such file"
  if (S_ISDIR(st.st_mode)) return "";
  if (S_ISFIFO(st.st_mode))
    return "is a pipe (a FIFO, standard input from a pipe, or a <(...) process substitution), not a file: Ratioscope reads a file's "
           "start to tell its format and then the whole file, which a pipe cannot give twice; save the output to a file and give that";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a file: Ratioscope reads results files (CSV, JSON) and databases";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a file";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (st.st_size > kMaxInputBytes)
    return "is " + std::to_string(st.st_size >> 20) + " MiB; a results file may be at most " + std::to_string(kMaxInputBytes >> 20) +
           " MiB (is this the right file?)";
  return "";
}

}  // namespace rs
