#include "core/trials/checkpoint_cache.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace rs::trials {
namespace {
namespace fs = std::filesystem;

// FNV-1a: stable across compilers and runs, unlike std::hash.
std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace

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

std::optional<DenseCheckpoint> loadCheckpoint(const std::string& path, const Net& like) {
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return std::nullopt;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    DenseCheckpoint c{cloneNet(like), cloneNet(like)};
    for (auto [prefix, net] : {std::pair<const char*, Net*>{"final.", &c.final}, std::pair<const char*, Net*>{"rewind.", &c.rewind}}) {
      for (auto& [name, t] : net->p) {
        torch::Tensor stored;
        archive.read(std::string(prefix) + name, stored);
        if (!stored.sizes().equals(t.sizes())) return std::nullopt;
        t = stored.to(t.device());
      }
    }
    return c;
  } catch (const std::exception&) {
    return std::nullopt;  // unreadable or from another layout: train again
  }
}

std::string saveCheckpoint(const std::string& path, const DenseCheckpoint& c) {
  if (path.empty()) return "";
  try {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    torch::serialize::OutputArchive archive;
    for (auto [prefix, net] : {std::pair<const char*, const Net*>{"final.", &c.final}, std::pair<const char*, const Net*>{"rewind.", &c.rewind}})
      for (const auto& [name, t] : net->p) archive.write(std::string(prefix) + name, t.cpu());
    const std::string temporary = path + ".tmp" + std::to_string(::getpid());
    archive.save_to(temporary);
    fs::rename(temporary, path);
    return "";
  } catch (const std::exception& e) {
    return std::string("cannot cache the checkpoint: ") + e.what();
  }
}

}  // namespace rs::trials
