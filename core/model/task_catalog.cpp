#include "core/model/task_catalog.h"

#include <array>

namespace rs {
namespace {

constexpr std::array<std::pair<TaskCategory, std::string_view>, 6> kCategoryIds = {{
    {TaskCategory::Reasoning, "reasoning"},
    {TaskCategory::LongContext, "long-context"},
    {TaskCategory::Commonsense, "commonsense"},
    {TaskCategory::Knowledge, "knowledge"},
    {TaskCategory::LanguageModelling, "language-modelling"},
    {TaskCategory::Other, "other"},
}};

bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

}  // namespace

std::string_view categoryId(TaskCategory c) {
  for (const auto& [cat, id] : kCategoryIds)
    if (cat == c) return id;
  return "other";
}

std::optional<TaskCategory> categoryFromId(std::string_view id) {
  for (const auto& [cat, cid] : kCategoryIds)
    if (cid == id) return cat;
  return std::nullopt;
}

TaskCatalog::TaskCatalog() {
  using C = TaskCategory;
  // Chance = 1 / number of answer options in the task's multiple-choice format.
  const std::array<TaskInfo, 21> builtIn = {{
      {"arc_easy", 0.25, C::Reasoning, false},        // 4 options (a few items have 3 or 5)
      {"arc_challenge", 0.25, C::Reasoning, false},   // 4 options
      {"hellaswag", 0.25, C::Commonsense, false},     // 4 endings
      {"mmlu", 0.25, C::Knowledge, false},            // 4 options
      {"openbookqa", 0.25, C::Knowledge, false},      // 4 options
      {"sciq", 0.25, C::Knowledge, false},            // 4 options
      {"piqa", 0.5, C::Commonsense, false},           // 2 solutions
      {"winogrande", 0.5, C::Commonsense, false},     // 2 options
      {"boolq", 0.5, C::Knowledge, false},            // yes / no
      {"copa", 0.5, C::Commonsense, false},           // 2 alternatives
      {"rte", 0.5, C::Reasoning, false},              // entailment yes / no
      {"gsm8k", 0.0, C::Reasoning, false},            // open answer: guessing scores ~0
      {"lambada", std::nullopt, C::LanguageModelling, false},  // open last-word prediction
      // Ratioscope's own capability suite (core/trials/suite.h): the answer is
      // one of 16 symbols (copy, recall), of 5 residues (arith), of 4 (majority).
      {"suite_copy", 1.0 / 16, C::Other, false},
      {"suite_recall", 1.0 / 16, C::LongContext, false},
      {"suite_arith", 1.0 / 5, C::Reasoning, false},
      {"suite_majority", 1.0 / 4, C::Other, false},
      {"loss", std::nullopt, C::LanguageModelling, true},
      {"test_loss", std::nullopt, C::LanguageModelling, true},
      {"perplexity", std::nullopt, C::LanguageModelling, true},
      {"ppl", std::nullopt, C::LanguageModelling, true},
  }};
  for (const TaskInfo& t : builtIn) entries_.emplace(t.name, t);
}

void TaskCatalog::setEntry(TaskInfo info) { entries_.insert_or_assign(info.name, std::move(info)); }

TaskInfo TaskCatalog::lookup(std::string_view metric) const {
  auto found = [&](std::string_view name) -> const TaskInfo* {
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  };
  auto as = [&](const TaskInfo& t) {
    TaskInfo copy = t;
    copy.name = std::string(metric);
    return copy;
  };
  if (const TaskInfo* t = found(metric)) return *t;
  // Harness-style suffixes: "task,acc_norm", "task/acc", "task_acc_norm", "task_acc".
  for (const char sep : {',', '/'}) {
    if (auto pos = metric.find(sep); pos != std::string_view::npos)
      if (const TaskInfo* t = found(metric.substr(0, pos))) return as(*t);
  }
  for (std::string_view suffix : {"_acc_norm", "_acc"}) {
    if (metric.size() > suffix.size() && metric.substr(metric.size() - suffix.size()) == suffix)
      if (const TaskInfo* t = found(metric.substr(0, metric.size() - suffix.size()))) return as(*t);
  }
  if (metric.substr(0, 5) == "mmlu_")
    if (const TaskInfo* t = found("mmlu")) return as(*t);
  if (contains(metric, "loss") || contains(metric, "perplexity") || contains(metric, "ppl"))
    return TaskInfo{std::string(metric), std::nullopt, TaskCategory::LanguageModelling, true};
  return TaskInfo{std::string(metric), std::nullopt, TaskCategory::Other, false};
}

}  // namespace rs
