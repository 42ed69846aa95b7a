#include "core/model/task_catalog.h"

#include <array>
#include <cctype>

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

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool endsWith(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// The spellings papers and harnesses use for one task, folded to one key:
// lower case, with '-', ':' and blanks as '_' (ARC-Challenge, arc:challenge).
std::string folded(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '-' || c == ':' || c == ' ') c = '_';
  }
  return out;
}

// Other names of built-in tasks (after folding).
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kAliases = {{
    {"arc_c", "arc_challenge"}, {"arc_e", "arc_easy"}, {"obqa", "openbookqa"}, {"openbook_qa", "openbookqa"},
    {"story_cloze", "storycloze"}, {"xstorycloze_en", "storycloze"}, {"lambada_openai", "lambada"},
    {"lambada_standard", "lambada"}, {"wikitext2", "wikitext"}, {"wikitext_2", "wikitext"},
    {"wikitext_2_raw_v1", "wikitext"}, {"c4_new", "c4"}, {"ptb_new", "ptb"}, {"avg", "average"},
    {"all", "average"}, {"mean", "average"}, {"hella_swag", "hellaswag"},
}};

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
  const std::array<TaskInfo, 27> builtIn = {{
      {"arc_easy", 0.25, C::Reasoning, false, "ARC-Easy"},        // 4 options (a few items have 3 or 5)
      {"arc_challenge", 0.25, C::Reasoning, false, "ARC-Challenge"},   // 4 options
      {"hellaswag", 0.25, C::Commonsense, false, "HellaSwag"},     // 4 endings
      {"mmlu", 0.25, C::Knowledge, false, "MMLU"},            // 4 options
      {"openbookqa", 0.25, C::Knowledge, false, "OpenBookQA"},      // 4 options
      {"sciq", 0.25, C::Knowledge, false, "SciQ"},            // 4 options
      {"piqa", 0.5, C::Commonsense, false, "PIQA"},           // 2 solutions
      {"winogrande", 0.5, C::Commonsense, false, "WinoGrande"},     // 2 options
      {"boolq", 0.5, C::Knowledge, false, "BoolQ"},            // yes / no
      {"copa", 0.5, C::Commonsense, false, "COPA"},           // 2 alternatives
      {"rte", 0.5, C::Reasoning, false, "RTE"},              // entailment yes / no
      {"gsm8k", 0.0, C::Reasoning, false, "GSM8K"},            // open answer: guessing scores ~0
      {"lambada", std::nullopt, C::LanguageModelling, false, "LAMBADA"},  // open last-word prediction
      {"storycloze", 0.5, C::Commonsense, false, "StoryCloze"},     // 2 endings
      // Perplexity benchmarks: every metric of them (word/byte perplexity,
      // bits per byte) is lower-is-better.
      {"wikitext", std::nullopt, C::LanguageModelling, true, "WikiText-2"},
      {"c4", std::nullopt, C::LanguageModelling, true, "C4"},
      {"ptb", std::nullopt, C::LanguageModelling, true, "PTB"},
      // An average over tasks has no single chance level.
      {"average", std::nullopt, C::Other, false, "Average"},
      // Ratioscope's own capability suite (core/trials/suite.h): the answer is
      // one of 16 symbols (copy, recall), of 5 residues (arith), of 4 (majority).
      {"suite_copy", 1.0 / 16, C::Other, false, "Copy (suite)"},
      {"suite_recall", 1.0 / 16, C::LongContext, false, "Recall (suite)"},
      {"suite_arith", 1.0 / 5, C::Reasoning, false, "Modular arithmetic (suite)"},
      {"suite_majority", 1.0 / 4, C::Other, false, "Majority (suite)"},
      {"loss", std::nullopt, C::LanguageModelling, true, "Test loss"},
      {"test_loss", std::nullopt, C::LanguageModelling, true, "Test loss"},
      {"perplexity", std::nullopt, C::LanguageModelling, true, "Perplexity"},
      {"ppl", std::nullopt, C::LanguageModelling, true, "Perplexity"},
  }};
  for (const TaskInfo& t : builtIn) entries_.emplace(t.name, t);
}

void TaskCatalog::learnDirections(const std::vector<Run>& runs) {
  for (const Run& r : runs)
    for (const Metric& m : r.metrics) {
      if (!m.higher_is_better || entries_.count(m.name)) continue;
      TaskInfo info = lookup(m.name);
      if (info.lowerIsBetter != *m.higher_is_better) continue;  // already read this way
      info.lowerIsBetter = !*m.higher_is_better;
      if (info.lowerIsBetter) info.chance.reset();  // a chance level is an accuracy's
      setEntry(std::move(info));
    }
}

void TaskCatalog::setEntry(TaskInfo info) { entries_.insert_or_assign(info.name, std::move(info)); }

std::optional<double> TaskCatalog::floor(std::string_view metric) const {
  const auto it = floors_.find(metric);
  return it == floors_.end() ? std::nullopt : std::optional<double>(it->second);
}

void TaskCatalog::setFloor(const std::string& metric, std::optional<double> floor) {
  if (floor) floors_.insert_or_assign(metric, *floor);
  else floors_.erase(metric);
}

TaskInfo TaskCatalog::lookup(std::string_view metric) const {
  auto as = [&](const TaskInfo& t) {
    TaskInfo copy = t;
    copy.name = std::string(metric);
    return copy;
  };
  // Exact entries first: an override names a metric as the user spells it.
  if (auto it = entries_.find(metric); it != entries_.end()) return it->second;
  auto found = [&](std::string_view name) -> const TaskInfo* {
    const std::string key = folded(name);
    std::string_view canonical = key;
    for (const auto& [alias, task] : kAliases)
      if (alias == key) canonical = task;
    if (auto it = entries_.find(canonical); it != entries_.end()) return &it->second;
    for (const auto& [name, info] : entries_)  // overrides in other case or spelling
      if (folded(name) == canonical) return &info;
    return nullptr;
  };
  const std::string lowered = folded(metric);
  // "err_*" and "*error*" metrics count mistakes: lower is better.
  const bool error = startsWith(lowered, "err_") || contains(lowered, "error");
  auto directed = [&](TaskInfo t) {
    if (error) t.lowerIsBetter = true, t.chance.reset();
    return t;
  };
  if (const TaskInfo* t = found(metric)) return directed(as(*t));
  // Harness-style suffixes: "task,acc_norm", "task/acc", "task_acc_norm", "task_acc".
  for (const char sep : {',', '/'}) {
    if (auto pos = metric.find(sep); pos != std::string_view::npos)
      if (const TaskInfo* t = found(metric.substr(0, pos))) return directed(as(*t));
  }
  for (std::string_view suffix : {"_acc_norm", "_acc"}) {
    if (endsWith(metric, suffix))
      if (const TaskInfo* t = found(metric.substr(0, metric.size() - suffix.size()))) return directed(as(*t));
  }
  // MMLU subjects in every spelling: mmlu_anatomy, mmlu:anatomy, MMLU-anatomy,
  // hendrycksTest-anatomy (older harnesses); averages over a suite
  // (lighteval's "mmlu:_average") have no one chance level.
  const std::string task = folded(metric.substr(0, std::min(metric.find('/'), metric.find(','))));
  if (endsWith(task, "_average") || endsWith(task, "_avg")) return TaskInfo{std::string(metric), std::nullopt, TaskCategory::Other, error, {}};
  if (startsWith(task, "mmlu_") || startsWith(task, "hendryckstest_"))
    if (const TaskInfo* t = found("mmlu")) return directed(as(*t));
  if (error) return TaskInfo{std::string(metric), std::nullopt, TaskCategory::Other, true, {}};
  if (contains(lowered, "loss") || contains(lowered, "perplexity") || contains(lowered, "ppl") || contains(lowered, "bits_per_byte"))
    return TaskInfo{std::string(metric), std::nullopt, TaskCategory::LanguageModelling, true, {}};
  return TaskInfo{std::string(metric), std::nullopt, TaskCategory::Other, false, {}};
}

}  // namespace rs
