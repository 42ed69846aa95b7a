#include "core/trials/training.h"

#include <chrono>
#include <cmath>

#include "core/trials/suite.h"

namespace rs::trials {
namespace {
using torch::indexing::Slice;

constexpr int kEvalExamples = 1000;        // per task
// The held-out stream's seed differs from every training stream's; where a
// task has few distinct cases (arith: 125) they all occur in training too, so
// its accuracy measures the function learned, not generalisation to new cases.
constexpr std::uint64_t kEvalSeed = 424242;

torch::Device deviceOf(const Net& net) { return net.p.begin()->second.device(); }

// One batch with every task: rows [t·count, (t+1)·count) belong to task t.
std::vector<suite::Batch> mixedBatch(int count, torch::Generator& gen) {
  std::vector<suite::Batch> parts;
  for (int t = 0; t < suite::kTaskCount; ++t) parts.push_back(suite::make(static_cast<suite::Task>(t), count, gen));
  return parts;
}

// Positions scored for task rows: every value of a facts example when the
// model predicts every position (transformer), else the last one. Targets of
// positions not scored are kIgnored, which cross-entropy skips.
struct Scored {
  torch::Tensor logits, targets;  // [k, vocab], [k]
};
Scored scored(const torch::Tensor& logits, const suite::Batch& b, int task) {
  if (task == suite::Facts && logits.size(1) == suite::kLength)
    return {logits.reshape({-1, logits.size(2)}), b.next.to(logits.device()).reshape({-1})};
  return {logits.select(1, logits.size(1) - 1), b.answer.to(logits.device())};
}

}  // namespace

double tokensPerStep() {
  double perExample = 0;
  for (int t = 0; t < suite::kTaskCount; ++t) perExample += suite::meanTokens(static_cast<suite::Task>(t));
  return kExamplesPerTask * perExample;
}

double evaluationCostInSteps() { return kEvalExamples / (3.0 * kExamplesPerTask); }

bool train(Net& net, const TrainSettings& s) {
  torch::AutoGradMode gradients(true);  // whatever mode the caller is in
  const torch::Device device = deviceOf(net);
  std::vector<torch::Tensor> params;
  for (auto& [name, t] : net.p) {
    t = t.detach().requires_grad_(true);
    params.push_back(t);
  }
  torch::optim::Adam opt(params, torch::optim::AdamOptions(s.lr));
  auto gen = at::detail::createCPUGenerator(s.dataSeed);
  const int warmup = std::max(1, std::min(100, s.steps / 10));
  bool completed = true;
  for (int step = 0; step < s.steps; ++step) {
    if (step == s.snapshotAt && s.snapshot) *s.snapshot = cloneNet(net);
    if (s.cancelled && s.cancelled()) {
      completed = false;
      break;
    }
    const double progress = static_cast<double>(step - warmup) / std::max(1, s.steps - warmup);
    const double lr = step < warmup ? s.lr * (step + 1) / warmup : s.lr * (0.1 + 0.45 * (1 + std::cos(M_PI * progress)));
    for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);

    const auto parts = mixedBatch(kExamplesPerTask, gen);
    std::vector<torch::Tensor> tokens;
    for (const auto& b : parts) tokens.push_back(b.tokens);
    const auto logits = forward(net, torch::cat(tokens).to(device));
    torch::Tensor teacherLogits;
    if (s.teacher) {
      torch::NoGradGuard noGrad;  // the teacher only supplies targets
      teacherLogits = forward(*s.teacher, torch::cat(tokens).to(device));
    }
    auto loss = torch::zeros({}, logits.options());
    for (int t = 0; t < suite::kTaskCount; ++t) {
      const auto rows = Slice(t * kExamplesPerTask, (t + 1) * kExamplesPerTask);
      const Scored student = scored(logits.index({rows}), parts[t], t);
      if (s.teacher) {
        const Scored teacher = scored(teacherLogits.index({rows}), parts[t], t);
        // KL(teacher ‖ student), averaged over scored positions ("batchmean").
        loss = loss + torch::kl_div(torch::log_softmax(student.logits, 1), torch::softmax(teacher.logits, 1), at::Reduction::Sum) /
                          static_cast<double>(student.logits.size(0));
      } else {
        loss = loss + torch::nn::functional::cross_entropy(student.logits, student.targets);
      }
    }
    opt.zero_grad();
    (loss / suite::kTaskCount).backward();
    torch::nn::utils::clip_grad_norm_(params, 1.0);
    opt.step();
    if (s.masks) {
      torch::NoGradGuard noGrad;
      for (const auto& [name, mask] : *s.masks) net.p[name].mul_(mask);
    }
    if (s.stepped) s.stepped();
  }
  if (s.snapshotAt >= s.steps && s.snapshot) *s.snapshot = cloneNet(net);
  for (auto& [name, t] : net.p) t = t.detach();
  return completed;
}

std::vector<TaskResult> evaluate(const Net& net, double& latencyMs) {
  torch::NoGradGuard noGrad;
  const torch::Device device = deviceOf(net);
  auto gen = at::detail::createCPUGenerator(kEvalSeed);
  std::vector<TaskResult> out;
  double seconds = 0;
  {
    // Warm-up, untimed: the first forward pass pays for allocations (and on
    // CUDA, kernel loading), which would bias whichever run comes first.
    auto warmGen = at::detail::createCPUGenerator(kEvalSeed + 1);
    forward(net, suite::make(suite::Copy, 64, warmGen).tokens.to(device));
    if (device.is_cuda()) torch::cuda::synchronize();
  }
  for (int t = 0; t < suite::kTaskCount; ++t) {
    const auto b = suite::make(static_cast<suite::Task>(t), kEvalExamples, gen);
    // The batch is on the device before the clock starts: latency is the
    // forward pass alone, on CUDA as on the CPU (where the copy is free).
    const auto tokens = b.tokens.to(device);
    if (device.is_cuda()) torch::cuda::synchronize();
    const auto start = std::chrono::steady_clock::now();
    const auto logits = forward(net, tokens);
    if (device.is_cuda()) torch::cuda::synchronize();
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Scored sc = scored(logits, b, t);
    const char* metric = suite::tasks()[static_cast<std::size_t>(t)].metric;
    if (t == suite::Facts) {
      // Mean cross-entropy per scored value; its stderr from the per-example
      // means (every example scores the same number of values).
      const auto scoredPerExample = sc.targets.ne(suite::kIgnored).reshape({kEvalExamples, -1}).sum(1);
      const auto perSequence = torch::nn::functional::cross_entropy(sc.logits, sc.targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone))
                                   .reshape({kEvalExamples, -1})
                                   .sum(1)
                                   .div(scoredPerExample);
      out.push_back({metric, perSequence.mean().item<double>(), perSequence.std().item<double>() / std::sqrt(kEvalExamples), kEvalExamples});
    } else {
      const double acc = sc.logits.argmax(1).eq(sc.targets).to(torch::kDouble).mean().item<double>();
      out.push_back({metric, acc, std::sqrt(acc * (1 - acc) / kEvalExamples), kEvalExamples});
    }
  }
  latencyMs = seconds * 1e3 / (kEvalExamples * suite::kTaskCount);
  return out;
}

}  // namespace rs::trials
