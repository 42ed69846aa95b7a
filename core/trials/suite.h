#pragma once
// The capability suite: seeded sequence tasks over one token vocabulary, for
// a decoder-only transformer (or an MLP over the flattened sequence). Every
// example is kLength tokens, left-padded, beginning with its task's token;
// the model answers with the next token after the last position. Internal to
// core/trials (Torch types; trials.h stays plain C++).
//
//   facts     language modelling on a fixed table of 4,096 facts: each
//             example is [FACTS] (k1 k2 k3 v)×7 k1 k2 k3 -> v, a key of three
//             symbols and its value; keys are drawn by a Zipf law (the r-th
//             most frequent with probability ∝ r^-2), and a value is the
//             key's own symbol except with probability 0.1, when it is any of
//             the 16 at random. Loss falls towards an exact floor, the
//             noise's entropy, factsLossFloor(). The models learn the most
//             frequent facts first: a predictor that knows the n most
//             frequent keys (the rest: their mixture) loses 1.164, 0.983,
//             0.815, 0.706 and 0.643 nats for n = 1, 2, 4, 8 and 16. At 20
//             tokens per parameter the transformer family goes from about
//             two facts known (tf-femto) to nearly all that matter (tf-base,
//             within 0.04 nats of the floor), a power law in size
//             (datasets/README.md). Before the family was initialised
//             N(0, 1/width), every size up to 28k parameters stalled at about
//             two facts, and no other table (keys of 2 symbols, exponents 1.5
//             and 3, a key of one symbol at its position, four times the
//             facts a step) did better (issue #16). Key length and exponent
//             are kFactKeyLength and kFactZipf.
//             metric "loss": test cross-entropy in nats per value predicted
//   copy      [COPY] a1..a10 [SEP] a1..ak -> a(k+1): in-context copying
//   recall    [RECALL] x1 .. x5 [SEP] -> the symbol after the marker: five
//             random symbols, one of x1..x4 replaced by the marker [SEP];
//             retrieval from context by a key (the passkey/needle test of
//             long context, with the key fixed). It needs an induction head
//             (Olsson et al. 2022): a previous-token head in one block and a
//             head of the next that attends where the previous token was the
//             key, so a one-block model stays near chance. The context is
//             short because the step budgets are: at 20 tokens per parameter
//             the earlier tf-base (2,533 steps, before issue #16's family)
//             reached 1.000 with four symbols, 0.984 with five, 0.827 with
//             six, 0.211 with 14 and 0.131 with 30 (tf-micro needed 8,750
//             steps for 0.998 there), and 0.639 with six followed by pads to
//             the end of the sequence. Associative
//             recall over 4 to 12 pairs (k1 v1 .. [SEP] kq -> vq, the suite
//             before version 6) was never learned at these budgets, in eight
//             layouts: the models learned only to answer the context's most
//             frequent value (datasets/README.md, "Why recall is a short
//             retrieval").
//   arith     [ARITH] a b [SEP] -> (a + b) mod 5, terms 0..4: modular
//             arithmetic (25 cases). With three terms (125 cases) even the
//             largest native size of the bundled example stayed at 0.42;
//             with two it goes from chance in the smallest to 1.00.
//   majority  [MAJ] 15 symbols from {0..3} -> the (unique) most frequent one
#include <torch/torch.h>

#include <array>

namespace rs::trials::suite {

constexpr int kSymbols = 16;           // data symbols 0..15
constexpr int kPad = kSymbols;         // padding on the left
constexpr int kSep = kSymbols + 1;     // separates a context from its query
constexpr int kTaskToken = kSymbols + 2;  // + task index
enum Task { Facts = 0, Copy, Recall, Arith, Majority, kTaskCount };
constexpr int kVocab = kTaskToken + kTaskCount;
constexpr int kLength = 32;

// The suite's version: part of the checkpoint cache's key (trials.cpp), so a
// cache never hands back a model trained on another suite. Bump it whenever
// any task's examples, answers or scored positions change;
// tests/core/trials/test_compress.cpp pins a fingerprint of every task's
// examples to this number and fails until both are updated.
constexpr int kVersion = 6;

struct TaskInfo {
  const char* metric;  // metric name in the runs ("loss" for the facts)
  double chance;       // accuracy of guessing (facts: none)
};
const std::array<TaskInfo, kTaskCount>& tasks();

struct Batch {
  torch::Tensor tokens;  // [count, kLength] long
  torch::Tensor answer;  // [count] long: the token after the last position
  // facts only: [count, kLength] the value that follows each position where
  // a key ends, kIgnored elsewhere (the positions a transformer is scored on)
  torch::Tensor next;
};

// `count` examples of `task`, deterministic for the generator's state.
Batch make(Task task, int count, torch::Generator& gen);

// The expected number of tokens in an example of `task` that are not
// padding: the data it trains on, which a budget in tokens counts (facts 32,
// copy 17, recall 7, arith 4, majority 17). The left padding only fills the
// fixed length and is not counted, as packed text has none.
double meanTokens(Task task);

// Targets that are not scored (cross-entropy's default ignore_index).
constexpr std::int64_t kIgnored = -100;
constexpr int kFactKeyLength = 3;                            // symbols per key
constexpr int kFactKeys = 4096;                              // keys with a fact
constexpr int kFactsPerExample = kLength / (kFactKeyLength + 1);  // the last one is the answer
constexpr double kFactNoise = 0.1, kFactZipf = 2.0;

// The entropy floor of the facts task, exactly: a model that knows every
// fact still meets the noise, so its expected loss per value is the entropy
// of (1 - ε + ε/16 on the key's value, ε/16 on each of the 15 others):
// 0.565009 nats for ε = 0.1. No model can go below it.
double factsLossFloor();
// The Bayes-optimal predictor's loss on the values of a facts batch (it
// knows the table): the floor as measured on that batch.
double factsBayesLoss(const Batch& factsBatch);
// The key of each scored value of a facts batch, in the order of
// next.ne(kIgnored) (row by row): the kFactKeyLength tokens ending where it
// is scored, read as a base-16 number.
torch::Tensor scoredFactKeys(const Batch& factsBatch);

}  // namespace rs::trials::suite
