// Versions of the libraries this build links, for `ratioscope-cli --version`:
// a figure or fit is reproducible only with the versions that made it.
#include <ceres/version.h>

#include <Eigen/Core>
#include <QtGlobal>
#include <string>

#include "core/trials/torch_info.h"

namespace rs::cli {

std::string libraryVersions() {
  const auto torch = rs::trials::torchInfo();
  return std::string("Qt ") + qVersion() + ", Ceres " + CERES_VERSION_STRING + ", Eigen " +
         std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION) + ", LibTorch " + torch.version +
         (torch.cuda_available ? " (CUDA available)" : " (CPU)");
}

}  // namespace rs::cli
