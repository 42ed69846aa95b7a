#pragma once
// Training on the capability suite: native training of a dense model,
// retraining under a pruning mask (iterative magnitude pruning, recovery
// fine-tuning), optionally by distillation from a dense teacher, and the
// held-out evaluation every run reports. Internal to core/trials.
#include <functional>
#include <map>

#include "core/trials/network.h"

namespace rs::trials {

// Examples of each task in one training step, and the tokens that step
// trains on, padding not counted (616 of the 1,280 positions). Small, so that
// the smallest model trained at 20 tokens per parameter (tf-femto, 4.8k
// parameters) still takes 155 steps.
constexpr int kExamplesPerTask = 8;
double tokensPerStep();
// What one evaluation (every task's held-out examples, forward only) costs
// in training steps of the same model (a step: forward and backward, about
// three forward passes, over kExamplesPerTask examples of every task).
double evaluationCostInSteps();

struct TrainSettings {
  int steps = 0;
  double lr = 2e-3;                 // peak; linear warm-up, then cosine decay to a tenth
  std::uint64_t dataSeed = 1;       // the training examples' stream
  const std::map<std::string, torch::Tensor>* masks = nullptr;  // held at zero throughout
  const Net* teacher = nullptr;     // distil: KL to the teacher's next-token distribution
  int snapshotAt = -1;              // copy the weights after this many steps into *snapshot
  Net* snapshot = nullptr;
  std::function<bool()> cancelled;  // polled every step: stops early
  std::function<void()> stepped;    // after every step: the sweep's progress
};

// Trains `net` in place (on its tensors' device). Returns false if cancelled.
bool train(Net& net, const TrainSettings& settings);

// Accuracy (with binomial stderr and n) of every task on held-out examples
// from a fixed seed, the facts' test cross-entropy as "loss", and the
// forward latency per example in milliseconds.
std::vector<TaskResult> evaluate(const Net& net, double& latencyMs);

}  // namespace rs::trials
