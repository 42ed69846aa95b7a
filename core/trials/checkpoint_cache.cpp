#include "core/trials/checkpoint_cache.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace rs::trials {
namespace {
namespace fs = std::filesystem;

constexpr std::uint64_t kFnvOffset = 1469598103934665603ull;

// FNV-1a: stable across compilers and runs, unlike std::hash.
std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t h = kFnvOffset) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  return h;
}
std::uint64_t fnv1a(const std::string& text, std::uint64_t h = kFnvOffset) { return fnv1a(text.data(), text.size(), h); }

using Parts = std::initializer_list<std::pair<const char*, const Net*>>;

std::string readText(torch::serialize::InputArchive& archive, const std::string& key) {
  c10::IValue v;
  if (!archive.try_read(key, v) || !v.isString()) return "";
  return v.toStringRef();
}

}  // namespace

// Over the configuration and every tensor's name, shape and bytes (as
// stored: float32 on the CPU), in the nets' fixed name order. It finds a
// damaged file; it is not a signature against someone who rewrites it.
std::string checkpointChecksum(const DenseCheckpoint& c, const std::string& configuration) {
  std::uint64_t h = fnv1a(configuration);
  for (const auto& [prefix, net] : Parts{{"final.", &c.final}, {"rewind.", &c.rewind}})
    for (const auto& [name, t] : net->p) {
      h = fnv1a(prefix + name, h);
      const torch::Tensor bytes = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
      for (const std::int64_t d : bytes.sizes()) h = fnv1a(&d, sizeof d, h);
      h = fnv1a(bytes.data_ptr(), bytes.nbytes(), h);
    }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::string checkpointDirectory(const std::string& option) {
  if (option == "none") return "";
  if (!option.empty()) return option;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "ratioscope" / "checkpoints").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "ratioscope" / "checkpoints").string();
  return "";
}

std::string checkpointPath(const std::string& directory, const std::string& configuration, const std::string& model, std::int64_t seed) {
  char name[160];
  std::snprintf(name, sizeof name, "%s-seed%lld-%016llx.pt", model.c_str(), static_cast<long long>(seed),
                static_cast<unsigned long long>(fnv1a(configuration)));
  return (fs::path(directory) / name).string();
}

bool finiteCheckpoint(const DenseCheckpoint& c) {
  for (const auto& [prefix, net] : Parts{{"final.", &c.final}, {"rewind.", &c.rewind}})
    for (const auto& [name, t] : net->p)
      if (!torch::isfinite(t).all().item<bool>()) return false;
  return true;
}

std::optional<DenseCheckpoint> loadCheckpoint(const std::string& path, const Net& like, const std::string& configuration, std::string& problem) {
  problem.clear();
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return std::nullopt;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    const std::string storedConfiguration = readText(archive, "meta.configuration");
    const std::string storedChecksum = readText(archive, "meta.checksum");
    if (storedChecksum.empty()) {
      problem = "has no checksum (written by an older Ratioscope, or not by Ratioscope)";
      return std::nullopt;
    }
    if (storedConfiguration != configuration) {
      problem = "was trained with another configuration ('" + storedConfiguration.substr(0, 200) + "')";
      return std::nullopt;
    }
    DenseCheckpoint c{cloneNet(like), cloneNet(like)};
    for (auto [prefix, net] : {std::pair<const char*, Net*>{"final.", &c.final}, std::pair<const char*, Net*>{"rewind.", &c.rewind}}) {
      for (auto& [name, t] : net->p) {
        torch::Tensor stored;
        if (!archive.try_read(std::string(prefix) + name, stored)) {
          problem = "lacks the weights " + std::string(prefix) + name + " (another model layout)";
          return std::nullopt;
        }
        if (!stored.sizes().equals(t.sizes()) || stored.scalar_type() != torch::kFloat32) {
          problem = "holds " + std::string(prefix) + name + " with another shape or type (another model layout)";
          return std::nullopt;
        }
        t = stored.to(t.device());
      }
    }
    if (checkpointChecksum(c, configuration) != storedChecksum) {
      problem = "does not match its checksum (the file is damaged)";
      return std::nullopt;
    }
    if (!finiteCheckpoint(c)) {
      problem = "holds non-finite weights (NaN or infinity)";
      return std::nullopt;
    }
    return c;
  } catch (const std::exception& e) {
    problem = "cannot be read (" + std::string(e.what()).substr(0, 120) + ")";
    return std::nullopt;
  }
}

std::string saveCheckpoint(const std::string& path, const DenseCheckpoint& c, const std::string& configuration) {
  if (path.empty()) return "";
  if (!finiteCheckpoint(c)) return "training diverged (non-finite weights): the checkpoint is not cached";
  try {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    torch::serialize::OutputArchive archive;
    for (const auto& [prefix, net] : Parts{{"final.", &c.final}, {"rewind.", &c.rewind}})
      for (const auto& [name, t] : net->p) archive.write(std::string(prefix) + name, t.detach().to(torch::kCPU, torch::kFloat32));
    archive.write("meta.configuration", c10::IValue(configuration));
    archive.write("meta.checksum", c10::IValue(checkpointChecksum(c, configuration)));
    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    archive.save_to(temporary);
    fs::rename(temporary, path);
    return "";
  } catch (const std::exception& e) {
    return std::string("cannot cache the checkpoint: ") + e.what();
  }
}

}  // namespace rs::trials
