#include "core/trials/suite.h"

#include <cmath>
#include <vector>

namespace rs::trials::suite {
namespace {
using torch::indexing::Slice;

const std::array<TaskInfo, kTaskCount> kTasks = {{
    {"loss", 0},
    {"suite_copy", 1.0 / kSymbols},
    {"suite_recall", 1.0 / kSymbols},
    {"suite_arith", 1.0 / 5},
    {"suite_majority", 1.0 / 4},
}};

constexpr int kCopyLength = 10, kRecallHaystack = 5, kArithTerms = 2, kArithModulus = 5, kMajorityLength = 15, kMajoritySymbols = 4;

// Left-pads rows of `body` (each beginning with its task token) to kLength.
torch::Tensor padLeft(const torch::Tensor& body) {
  const auto count = body.size(0), width = body.size(1);
  auto out = torch::full({count, kLength}, kPad, torch::kLong);
  out.index_put_({Slice(), Slice(kLength - width, kLength)}, body);
  return out;
}

torch::Tensor taskColumn(Task task, int count) { return torch::full({count, 1}, kTaskToken + task, torch::kLong); }

// Rows of distinct symbols: the first `take` entries of a random permutation.
torch::Tensor distinctSymbols(int count, int take, torch::Generator& gen) {
  return torch::rand({count, kSymbols}, gen).argsort(1, false).index({Slice(), Slice(0, take)});
}

// The facts are the same for every trial: the table, and which key is the
// r-th most frequent, come from a fixed seed; only the sampling follows the
// caller's generator.
static_assert(kSymbols == 16, "a key's symbols are its base-16 digits");
constexpr int kKeySpace = 1 << (4 * kFactKeyLength);  // 16^L keys of L symbols
static_assert(kFactKeys <= kKeySpace, "more facts than keys of kFactKeyLength symbols");
struct FactTable {
  torch::Tensor value;      // [kKeySpace] the value of each key
  torch::Tensor keyOfRank;  // [kFactKeys] the key drawn with the r-th largest probability
  torch::Tensor rankCdf;    // [kFactKeys] cumulative Zipf probabilities, by rank (double)
};
const FactTable& facts() {
  static const FactTable t = [] {
    auto gen = at::detail::createCPUGenerator(20261129);
    FactTable out;
    out.value = torch::randint(0, kSymbols, {kKeySpace}, gen, torch::kLong);
    out.keyOfRank = torch::randperm(kKeySpace, gen, torch::kLong).index({Slice(0, kFactKeys)});
    const auto weight = torch::arange(1, kFactKeys + 1, torch::kDouble).pow(-kFactZipf);
    out.rankCdf = (weight / weight.sum()).cumsum(0);
    return out;
  }();
  return t;
}

// [FACTS] (k1 .. kL v)×(F-1) k1 .. kL, left-padded: the F-th value is the answer.
Batch makeFacts(int count, torch::Generator& gen) {
  constexpr int L = kFactKeyLength, F = kFactsPerExample;
  const FactTable& t = facts();
  const auto rank = torch::searchsorted(t.rankCdf, torch::rand({count, F}, gen, torch::kDouble)).clamp_max(kFactKeys - 1);
  const auto key = t.keyOfRank.index({rank});
  const auto noisy = torch::rand({count, F}, gen).lt(kFactNoise);
  const auto value = torch::where(noisy, torch::randint(0, kSymbols, {count, F}, gen, torch::kLong), t.value.index({key}));
  std::vector<torch::Tensor> digits;  // the key's symbols, most significant first, then the value
  for (int i = L - 1; i >= 0; --i) digits.push_back(key.div(1 << (4 * i), "floor").remainder(kSymbols));
  digits.push_back(value);
  const auto all = torch::cat({taskColumn(Facts, count), torch::stack(digits, 2).reshape({count, -1})}, 1);
  const int width = static_cast<int>(all.size(1)) - 1;  // the input: all but the answer
  // Scored: the positions where a key ends, whose next token is its value.
  auto next = torch::full({count, kLength}, kIgnored, torch::kLong);
  for (int j = 0; j < F; ++j) next.select(1, kLength - width + L + (L + 1) * j).copy_(value.select(1, j));
  return {padLeft(all.index({Slice(), Slice(0, width)})), value.select(1, F - 1).contiguous(), next};
}

Batch makeCopy(int count, torch::Generator& gen) {
  const auto source = distinctSymbols(count, kCopyLength, gen);
  const auto shown = torch::randint(1, kCopyLength, {count}, gen, torch::kLong);  // copied so far: 1..9
  // Each row: task, source, SEP, the first `shown` source symbols; right-aligned.
  auto body = torch::full({count, 2 + 2 * kCopyLength - 1}, kPad, torch::kLong);
  const int width = static_cast<int>(body.size(1));
  auto answer = torch::empty({count}, torch::kLong);
  auto acc = body.accessor<std::int64_t, 2>();
  auto src = source.accessor<std::int64_t, 2>();
  auto n = shown.accessor<std::int64_t, 1>();
  auto ans = answer.accessor<std::int64_t, 1>();
  for (int i = 0; i < count; ++i) {
    int col = width - static_cast<int>(n[i]) - kCopyLength - 2;
    acc[i][col++] = kTaskToken + Copy;
    for (int j = 0; j < kCopyLength; ++j) acc[i][col++] = src[i][j];
    acc[i][col++] = kSep;
    for (int j = 0; j < n[i]; ++j) acc[i][col++] = src[i][j];
    ans[i] = src[i][n[i]];
  }
  return {padLeft(body), answer, {}};
}

// [RECALL] x1 .. x5 [SEP]: five random symbols, one of x1..x4 replaced by the
// marker [SEP]; the answer is the symbol after the marker.
Batch makeRecall(int count, torch::Generator& gen) {
  auto body = torch::randint(0, kSymbols, {count, kRecallHaystack + 2}, gen, torch::kLong);
  body.select(1, 0).fill_(kTaskToken + Recall);
  body.select(1, kRecallHaystack + 1).fill_(kSep);
  const auto marker = torch::randint(1, kRecallHaystack, {count, 1}, gen, torch::kLong);
  const auto answer = body.gather(1, marker + 1).squeeze(1);
  body.scatter_(1, marker, static_cast<std::int64_t>(kSep));
  return {padLeft(body), answer, {}};
}

Batch makeArith(int count, torch::Generator& gen) {
  const auto terms = torch::randint(0, kArithModulus, {count, kArithTerms}, gen, torch::kLong);
  auto body = torch::cat({taskColumn(Arith, count), terms, torch::full({count, 1}, kSep, torch::kLong)}, 1);
  return {padLeft(body), terms.sum(1).remainder(kArithModulus), {}};
}

Batch makeMajority(int count, torch::Generator& gen) {
  auto symbols = torch::randint(0, kMajoritySymbols, {count, kMajorityLength}, gen, torch::kLong);
  // Redraw rows whose most frequent symbol is tied, so every answer is unique
  // and chance is exactly 1/4.
  for (;;) {
    const auto counts = torch::zeros({count, kMajoritySymbols}, torch::kLong).scatter_add_(1, symbols, torch::ones_like(symbols));
    const auto top = std::get<0>(counts.topk(2, 1));
    const auto tied = top.index({Slice(), 0}).eq(top.index({Slice(), 1})).nonzero().squeeze(1);
    if (tied.numel() == 0) {
      auto body = torch::cat({taskColumn(Majority, count), symbols, torch::full({count, 1}, kSep, torch::kLong)}, 1);
      return {padLeft(body), counts.argmax(1), {}};
    }
    symbols.index_put_({tied}, torch::randint(0, kMajoritySymbols, {tied.size(0), kMajorityLength}, gen, torch::kLong));
  }
}

}  // namespace

const std::array<TaskInfo, kTaskCount>& tasks() { return kTasks; }

double factsLossFloor() {
  const double hit = 1 - kFactNoise + kFactNoise / kSymbols, miss = kFactNoise / kSymbols;
  return -hit * std::log(hit) - (kSymbols - 1) * miss * std::log(miss);
}

torch::Tensor scoredFactKeys(const Batch& b) {
  const auto scored = b.next.ne(kIgnored).nonzero();  // [m, 2]: row, position, row by row
  const auto row = scored.select(1, 0), pos = scored.select(1, 1);
  auto key = torch::zeros_like(pos);
  for (int i = kFactKeyLength - 1; i >= 0; --i) key = key * kSymbols + b.tokens.index({row, pos - i});
  return key;
}

double factsBayesLoss(const Batch& b) {
  const auto known = facts().value.index({scoredFactKeys(b)}).eq(b.next.masked_select(b.next.ne(kIgnored)));
  const double hit = 1 - kFactNoise + kFactNoise / kSymbols, miss = kFactNoise / kSymbols;
  return -torch::where(known, torch::full({}, std::log(hit), torch::kDouble), torch::full({}, std::log(miss), torch::kDouble)).mean().item<double>();
}

double meanTokens(Task task) {
  switch (task) {
    case Facts: return kLength;  // [FACTS] and the facts fill the sequence
    case Copy: return 2 + kCopyLength + kCopyLength / 2.0;  // task, source, SEP, 1..9 copied (mean 5)
    case Recall: return kRecallHaystack + 2;
    case Arith: return kArithTerms + 2;
    case Majority: return kMajorityLength + 2;
    default: break;
  }
  throw std::invalid_argument("unknown suite task");
}

Batch make(Task task, int count, torch::Generator& gen) {
  switch (task) {
    case Facts: return makeFacts(count, gen);
    case Copy: return makeCopy(count, gen);
    case Recall: return makeRecall(count, gen);
    case Arith: return makeArith(count, gen);
    case Majority: return makeMajority(count, gen);
    default: break;
  }
  throw std::invalid_argument("unknown suite task");
}

}  // namespace rs::trials::suite
