#include "core/trials/compress.h"

#include <algorithm>
#include <cmath>

namespace rs::trials {
namespace {

double zeroShare(const Net& net) {
  double zeros = 0;
  for (const std::string& m : net.matrices) zeros += static_cast<double>(net.p.at(m).eq(0).sum().item<std::int64_t>());
  return zeros / matrixWeightCount(net);
}

}  // namespace

Compressed maskedCopy(const Net& net, std::map<std::string, torch::Tensor> masks) {
  Compressed c{cloneNet(net), 0, 0, 16.0, std::nullopt, std::nullopt, std::move(masks)};
  double kept = 0;
  for (auto& [name, mask] : c.masks) {
    c.net.p[name].mul_(mask);
    kept += mask.sum().item<double>();
  }
  const double weights = matrixWeightCount(net);
  c.storedBits = fixedBits(net) + 16 * kept + weights;
  c.keptParams = kept + paramCount(net) - weights;
  c.sparsity = 1 - kept / weights;
  return c;
}

namespace {
torch::Tensor keepLargest(const torch::Tensor& w, std::int64_t prune) {
  if (prune <= 0) return torch::ones_like(w);
  const double threshold = std::get<0>(w.abs().flatten().kthvalue(prune)).item<double>();
  return (w.abs() > threshold).to(w.dtype());
}

}  // namespace

double ratioOf(const Net& dense, double storedBits) { return 1 - storedBits / denseBits(dense); }

Compressed pruneToSparsity(const Net& net, double sparsity) {
  std::vector<torch::Tensor> all;
  for (const std::string& m : net.matrices) all.push_back(net.p.at(m).abs().flatten());
  const auto flat = torch::cat(all);
  const auto prune = static_cast<std::int64_t>(std::llround(sparsity * static_cast<double>(flat.numel())));
  std::map<std::string, torch::Tensor> masks;
  if (prune <= 0) {
    for (const std::string& m : net.matrices) masks[m] = torch::ones_like(net.p.at(m));
  } else {
    const double threshold = std::get<0>(flat.kthvalue(prune)).item<double>();
    for (const std::string& m : net.matrices) masks[m] = (net.p.at(m).abs() > threshold).to(net.p.at(m).dtype());
  }
  return maskedCopy(net, std::move(masks));
}

std::optional<Compressed> magnitudePrune(const Net& net, double ratio, bool perLayer) {
  const double weights = matrixWeightCount(net);
  const double valueBits = (1 - ratio) * denseBits(net) - fixedBits(net) - weights;  // what is left for kept values
  if (valueBits < 0) return std::nullopt;
  const double sparsity = 1 - std::floor(valueBits / 16) / weights;
  if (!perLayer) return pruneToSparsity(net, sparsity);
  std::map<std::string, torch::Tensor> masks;
  for (const std::string& m : net.matrices) {
    const auto& w = net.p.at(m);
    masks[m] = keepLargest(w, static_cast<std::int64_t>(std::ceil(sparsity * static_cast<double>(w.numel()))));
  }
  return maskedCopy(net, std::move(masks));
}

Compressed nm24(const Net& net) {
  std::map<std::string, torch::Tensor> masks;
  for (const std::string& m : net.matrices) {
    const auto& w = net.p.at(m);
    const auto groups = w.reshape({-1, 4});  // every matrix's size is a multiple of 4 here
    masks[m] = torch::zeros_like(groups).scatter_(1, std::get<1>(groups.abs().topk(2, 1)), 1.0).reshape(w.sizes());
  }
  Compressed c = maskedCopy(net, std::move(masks));
  const double weights = matrixWeightCount(net);
  c.storedBits = fixedBits(net) + weights / 2 * (16 + 2);  // kept values + a 2-bit position each; no bitmask
  c.sparsity = 0.5;
  return c;
}

Compressed roundToNearest(const Net& net, int bits, int group) {
  Compressed c{cloneNet(net), fixedBits(net), paramCount(net), static_cast<double>(bits), 0.0, std::nullopt, {}};
  const double levels = bits >= 2 ? std::pow(2.0, bits - 1) - 1 : 1;
  for (const std::string& m : net.matrices) {
    auto& w = c.net.p[m];
    const std::int64_t n = w.numel(), groups = (n + group - 1) / group;
    // Pad the flattened weights to whole groups; the padding is never stored.
    auto g = torch::constant_pad_nd(w.flatten(), {0, groups * group - n}).reshape({groups, group});
    if (bits >= 2) {
      const auto scale = g.abs().amax(1, true).clamp_min(1e-12) / levels;
      g = (g / scale).round().clamp(-levels, levels) * scale;
    } else {
      g = g.sign() * g.abs().mean(1, true);
    }
    w = g.flatten().narrow(0, 0, n).reshape(w.sizes()).contiguous();
    c.storedBits += static_cast<double>(n) * bits + static_cast<double>(groups) * 16;
  }
  return c;
}

std::optional<Compressed> lowRank(const Net& net, double ratio) {
  const double matrixBits = (1 - ratio) * denseBits(net) - fixedBits(net);
  if (matrixBits <= 0) return std::nullopt;
  const double share = matrixBits / (16 * matrixWeightCount(net));  // of each matrix's dense size
  Compressed c{cloneNet(net), fixedBits(net), paramCount(net) - matrixWeightCount(net), 16.0, std::nullopt, std::nullopt, {}};
  double rankSum = 0;
  for (const std::string& m : net.matrices) {
    auto& w = c.net.p[m];
    const std::int64_t rows = w.size(0), cols = w.size(1);
    const auto k = std::max<std::int64_t>(1, static_cast<std::int64_t>(share * static_cast<double>(rows * cols) / static_cast<double>(rows + cols)));
    if (share >= 1 || k >= std::min(rows, cols) || (rows + cols) * k >= rows * cols) {  // nothing to gain from factors
      c.storedBits += 16.0 * static_cast<double>(rows * cols);
      c.keptParams += static_cast<double>(rows * cols);
      rankSum += static_cast<double>(std::min(rows, cols));
      continue;
    }
    auto [u, s, vh] = torch::linalg::svd(w, false, c10::nullopt);
    w = torch::matmul(u.narrow(1, 0, k) * s.narrow(0, 0, k), vh.narrow(0, 0, k));
    c.storedBits += 16.0 * static_cast<double>((rows + cols) * k);
    c.keptParams += static_cast<double>((rows + cols) * k);
    rankSum += static_cast<double>(k);
  }
  c.rank = rankSum / static_cast<double>(net.matrices.size());  // mean rank over the matrices
  return c;
}

std::optional<Compressed> removeUnits(const Net& net, double ratio, const std::vector<Unit>& units) {
  if (units.empty()) return std::nullopt;
  const auto norm = [&](const std::vector<UnitSlice>& slices) {
    double sq = 0;
    for (const UnitSlice& s : slices)
      if (std::find(net.matrices.begin(), net.matrices.end(), s.name) != net.matrices.end())
        sq += net.p.at(s.name).narrow(s.dim, s.begin, s.end - s.begin).pow(2).sum().item<double>();
    return std::sqrt(sq);
  };
  // Units by group, least important first.
  std::map<std::string, std::vector<std::pair<double, const Unit*>>> groups;
  for (const Unit& u : units) groups[u.group].push_back({norm(u.in) * norm(u.out), &u});
  for (auto& [name, list] : groups)
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // The same share of units leaves every group (one always stays), so no
  // layer is emptied first; the smallest share that meets the target wins.
  const auto removedAt = [&](double share, auto&& each) {
    double params = 0;
    for (const auto& [name, list] : groups) {
      const auto count = std::min(list.size() - 1, static_cast<std::size_t>(std::ceil(share * static_cast<double>(list.size()) - 1e-9)));
      for (std::size_t i = 0; i < count; ++i) {
        params += list[i].second->params;
        each(*list[i].second);
      }
    }
    return params;
  };
  const double dense = denseBits(net), target = (1 - ratio) * dense;
  const auto none = [](const Unit&) {};
  if (dense - 16 * removedAt(1.0, none) > target) return std::nullopt;
  double low = 0, high = 1;
  for (int i = 0; i < 40; ++i) {
    const double mid = (low + high) / 2;
    (dense - 16 * removedAt(mid, none) <= target ? high : low) = mid;
  }
  Compressed c{cloneNet(net), dense, paramCount(net), 16.0, std::nullopt, std::nullopt, {}};
  const double removed = removedAt(high, [&](const Unit& u) {
    // A removed unit is simply not stored: no index, no mask bits.
    for (const auto* slices : {&u.in, &u.out})
      for (const UnitSlice& s : *slices) {
        auto found = c.masks.find(s.name);  // a full-size ones tensor only the first time
        if (found == c.masks.end()) found = c.masks.emplace(s.name, torch::ones_like(net.p.at(s.name))).first;
        auto mask = found->second;
        mask.narrow(s.dim, s.begin, s.end - s.begin).zero_();
        c.net.p[s.name].narrow(s.dim, s.begin, s.end - s.begin).zero_();
      }
  });
  c.storedBits -= 16 * removed;
  c.keptParams -= removed;
  c.sparsity = zeroShare(c.net);
  return c;
}

}  // namespace rs::trials
