// Versions of the libraries this build uses, for `ratioscope-cli --version`:
// a figure or fit is reproducible only with the versions that made it.
#include <ceres/version.h>

#include <Eigen/Core>
#include <QtGlobal>
#include <string>

namespace rs::cli {

std::string libraryVersions() {
  // LibTorch's version as built against, not asked of LibTorch: asking
  // would load it (0.4 s), and only `trial` runs it (trial --list says
  // whether CUDA is available).
  return std::string("Qt ") + qVersion() + ", Ceres " + CERES_VERSION_STRING + ", Eigen " +
         std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION) + ", LibTorch " RATIOSCOPE_TORCH_VERSION " (trial only)";
}

}  // namespace rs::cli
