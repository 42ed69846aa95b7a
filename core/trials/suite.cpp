#include "core/trials/suite.h"

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

constexpr int kCopyLength = 10, kRecallPairs = 12, kArithTerms = 3, kArithModulus = 5, kMajorityLength = 15, kMajoritySymbols = 4;
constexpr int kGrammarStates = 32;

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

// The grammar is the same language for every trial: its tables come from a
// fixed seed, only the sampling follows the caller's generator.
struct GrammarTables {
  torch::Tensor transition, emission;  // [states, states], [states, symbols]
};
const GrammarTables& grammar() {
  static const GrammarTables g = [] {
    auto gen = at::detail::createCPUGenerator(20261125);
    GrammarTables out;
    out.transition = torch::full({kGrammarStates, kGrammarStates}, 0.002);
    out.emission = torch::full({kGrammarStates, kSymbols}, 0.003);
    const auto next = torch::rand({kGrammarStates, kGrammarStates}, gen).argsort(1, false);
    const auto emit = torch::rand({kGrammarStates, kSymbols}, gen).argsort(1, false);
    for (int s = 0; s < kGrammarStates; ++s) {
      // Three likely successors and four likely symbols per state. With 32
      // states sharing 16 symbols, every symbol is emitted by several states,
      // so predicting the next one means inferring the hidden state from the
      // context: larger models get closer to the language's entropy floor.
      const double successor[3] = {0.6, 0.3, 0.1}, symbol[4] = {0.5, 0.25, 0.15, 0.1};
      for (int k = 0; k < 3; ++k) out.transition[s][next[s][k].item().toLong()] += successor[k];
      for (int k = 0; k < 4; ++k) out.emission[s][emit[s][k].item().toLong()] += symbol[k];
    }
    out.transition /= out.transition.sum(1, true);
    out.emission /= out.emission.sum(1, true);
    return out;
  }();
  return g;
}

Batch makeGrammar(int count, torch::Generator& gen) {
  const GrammarTables& g = grammar();
  auto state = torch::randint(0, kGrammarStates, {count}, gen, torch::kLong);
  // kLength symbols after the task token: kLength inputs plus one to predict.
  std::vector<torch::Tensor> symbols;
  for (int t = 0; t < kLength; ++t) {
    symbols.push_back(torch::multinomial(g.emission.index_select(0, state), 1, false, gen).squeeze(1));
    state = torch::multinomial(g.transition.index_select(0, state), 1, false, gen).squeeze(1);
  }
  auto all = torch::cat({taskColumn(Grammar, count), torch::stack(symbols, 1)}, 1);  // [count, kLength + 1]
  return {all.index({Slice(), Slice(0, kLength)}), all.index({Slice(), kLength}), all.index({Slice(), Slice(1, kLength + 1)})};
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

Batch makeRecall(int count, torch::Generator& gen) {
  const auto keys = distinctSymbols(count, kRecallPairs, gen);
  const auto values = torch::randint(0, kSymbols, {count, kRecallPairs}, gen, torch::kLong);
  const auto which = torch::randint(0, kRecallPairs, {count, 1}, gen, torch::kLong);
  const auto pairs = torch::stack({keys, values}, 2).reshape({count, 2 * kRecallPairs});
  auto body = torch::cat({taskColumn(Recall, count), pairs, torch::full({count, 1}, kSep, torch::kLong), keys.gather(1, which)}, 1);
  return {padLeft(body), values.gather(1, which).squeeze(1), {}};
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

double grammarLossFloor(const Batch& grammarBatch) {
  // The forward algorithm: the exact predictive distribution of each symbol
  // given the ones before it, under the grammar that generated them.
  torch::NoGradGuard noGrad;
  const GrammarTables& g = grammar();
  const auto symbols = grammarBatch.next.cpu();  // [count, kLength]: every symbol after the task token
  const auto count = symbols.size(0);
  auto belief = torch::full({count, kGrammarStates}, 1.0 / kGrammarStates, torch::kDouble);
  const auto emission = g.emission.to(torch::kDouble).t().contiguous();  // [symbols, states]
  const auto transition = g.transition.to(torch::kDouble);
  auto logLoss = torch::zeros({count}, torch::kDouble);
  for (int t = 0; t < kLength; ++t) {
    const auto joint = belief * emission.index_select(0, symbols.select(1, t));
    const auto p = joint.sum(1);
    logLoss -= p.log();
    belief = torch::matmul(joint / p.unsqueeze(1), transition);
  }
  return (logLoss / kLength).mean().item<double>();
}

Batch make(Task task, int count, torch::Generator& gen) {
  switch (task) {
    case Grammar: return makeGrammar(count, gen);
    case Copy: return makeCopy(count, gen);
    case Recall: return makeRecall(count, gen);
    case Arith: return makeArith(count, gen);
    case Majority: return makeMajority(count, gen);
    default: break;
  }
  throw std::invalid_argument("unknown suite task");
}

}  // namespace rs::trials::suite
