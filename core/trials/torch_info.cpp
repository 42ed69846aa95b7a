#include "core/trials/torch_info.h"

#include <torch/torch.h>
#include <torch/version.h>

namespace rs::trials {

TorchInfo torchInfo() {
  TorchInfo info;
  info.version = TORCH_VERSION;
  info.cuda_available = torch::cuda::is_available();
  info.intra_op_threads = at::get_num_threads();
  return info;
}

}  // namespace rs::trials
