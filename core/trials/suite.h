#pragma once
// The capability suite: seeded sequence tasks over one token vocabulary, for
// a decoder-only transformer (or an MLP over the flattened sequence). Every
// example is kLength tokens, left-padded, beginning with its task's token;
// the model answers with the next token after the last position. Internal to
// core/trials (Torch types; trials.h stays plain C++).
//
//   grammar   language modelling on a fixed, seeded stochastic regular grammar
//             (32 hidden states sharing 16 symbols, so the next symbol
//             depends on a state inferred from the context);
//             metric "loss": test cross-entropy in nats per token
//   copy      [COPY] a1..a10 [SEP] a1..ak -> a(k+1): in-context copying
//   recall    [RECALL] k1 v1 .. k12 v12 [SEP] kq -> vq: associative recall over
//             the longest context in the suite (long-context)
//   arith     [ARITH] a b c [SEP] -> (a + b + c) mod 5, terms 0..4: multi-step
//             arithmetic (125 cases: learnable by the small models in a sweep)
//   majority  [MAJ] 15 symbols from {0..3} -> the (unique) most frequent one
#include <torch/torch.h>

#include <array>

namespace rs::trials::suite {

constexpr int kSymbols = 16;           // data symbols 0..15
constexpr int kPad = kSymbols;         // padding on the left
constexpr int kSep = kSymbols + 1;     // separates a context from its query
constexpr int kTaskToken = kSymbols + 2;  // + task index
enum Task { Grammar = 0, Copy, Recall, Arith, Majority, kTaskCount };
constexpr int kVocab = kTaskToken + kTaskCount;
constexpr int kLength = 32;

struct TaskInfo {
  const char* metric;  // metric name in the runs ("loss" for the grammar)
  double chance;       // accuracy of guessing (grammar: none)
};
const std::array<TaskInfo, kTaskCount>& tasks();

struct Batch {
  torch::Tensor tokens;  // [count, kLength] long
  torch::Tensor answer;  // [count] long: the token after the last position
  torch::Tensor next;    // grammar only: [count, kLength] next token at every position
};

// `count` examples of `task`, deterministic for the generator's state.
Batch make(Task task, int count, torch::Generator& gen);

// The Bayes-optimal test loss on grammar examples (nats per token, over the
// same positions a transformer is scored on): the entropy floor no model can
// beat, from the forward algorithm over the grammar's hidden states.
double grammarLossFloor(const Batch& grammarBatch);

}  // namespace rs::trials::suite
