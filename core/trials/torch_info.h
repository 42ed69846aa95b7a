#pragma once
// What LibTorch the build links and what it can use, for `--version` and for
// recording the device in trial runs. Plain C++: no Torch or Qt types leak.

#include <string>

namespace rs::trials {

struct TorchInfo {
  std::string version;     // e.g. "1.13.0"
  bool cuda_available = false;
  int intra_op_threads = 1;
};

TorchInfo torchInfo();

}  // namespace rs::trials
