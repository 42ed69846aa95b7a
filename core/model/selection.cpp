#include "core/model/selection.h"

#include <array>
#include <cmath>

#include "core/model/run_fields.h"
#include "core/model/name_rules.h"

namespace rs {

namespace {
// A field computed from others, for selecting only (never stored or read
// from a file): the pretraining budget in tokens per parameter, so the runs
// of a Chinchilla grid trained near the compute-optimal 20 can be picked
// out (`tokens_per_param=20`). The trials runner records tokens as steps x
// tokens per step, a little off the budget asked for (3,242,240 tokens for
// 162,103 parameters is 20.0013), so equality holds within 1%, the rule
// that tells training budgets apart (training_budget.h).
constexpr std::string_view kTokensPerParam = "tokens_per_param";
constexpr double kBudgetTolerance = 0.01;

std::optional<double> tokensPerParam(const Run& run) {
  if (!run.tokens || !run.params || *run.params <= 0) return std::nullopt;
  return *run.tokens / *run.params;
}
}  // namespace

bool Condition::matches(const Run& run) const {
  // Numbers compare as numbers (so ratio=0.5 matches 0.50), text as text.
  const auto want = parseFiniteNumber(value);
  if (field == kTokensPerParam) {
    const auto have = tokensPerParam(run);
    if (!want) return (op == Op::Equal) == (value.empty() && !have);  // `tokens_per_param=` finds runs without it
    if (!have) return op == Op::NotEqual;
    const bool near = std::abs(*have - *want) <= kBudgetTolerance * std::abs(*want);
    switch (op) {
      case Op::Equal: return near;
      case Op::NotEqual: return !near;
      case Op::Less: return *have < *want && !near;
      case Op::LessEqual: return *have <= *want || near;
      case Op::Greater: return *have > *want && !near;
      case Op::GreaterEqual: return *have >= *want || near;
    }
    return false;
  }
  auto have = runFieldNumber(run, field);
  // The dense model keeps all of itself: its ratio is 0 whether or not the
  // file says so (deriveRatios refuses any other), so ratio=0 finds it and
  // ratio<=0.5 keeps it.
  if (field == "ratio" && !have && run.isDense()) have = 0.0;
  if (op == Op::Equal || op == Op::NotEqual) {
    bool equal;
    if (want && have) {
      equal = *want == *have;
    } else {
      const auto text = runFieldText(run, field);
      std::string wantText = value;
      if (field == "method" && (value.empty() || value == "none")) wantText = std::string(kDenseMethod);
      equal = text ? *text == wantText : value.empty();
    }
    return (op == Op::Equal) == equal;
  }
  if (!want || !have) return false;  // a run without the field never satisfies an order test
  switch (op) {
    case Op::Less: return *have < *want;
    case Op::LessEqual: return *have <= *want;
    case Op::Greater: return *have > *want;
    case Op::GreaterEqual: return *have >= *want;
    default: return false;
  }
}

bool Selection::matches(const Run& run) const {
  for (const Condition& c : conditions)
    if (!c.matches(run)) return false;
  return true;
}

std::vector<Run> Selection::apply(const std::vector<Run>& runs) const {
  std::vector<Run> out;
  for (const Run& r : runs)
    if (matches(r)) out.push_back(r);
  return out;
}

std::string parseCondition(std::string_view text, Condition& out) {
  // Two-character operators first so "<=" is not read as "<".
  static constexpr std::array<std::pair<std::string_view, Condition::Op>, 6> ops = {{
      {"!=", Condition::Op::NotEqual},
      {"<=", Condition::Op::LessEqual},
      {">=", Condition::Op::GreaterEqual},
      {"=", Condition::Op::Equal},
      {"<", Condition::Op::Less},
      {">", Condition::Op::Greater},
  }};
  std::size_t best = std::string_view::npos;
  std::string_view opText;
  Condition::Op op{};
  for (const auto& [t, o] : ops) {
    const std::size_t pos = text.find(t);
    if (pos != std::string_view::npos && (pos < best || (pos == best && t.size() > opText.size()))) {
      best = pos;
      opText = t;
      op = o;
    }
  }
  if (best == std::string_view::npos || best == 0)
    return quotedValue(text) + " is not a condition: write KEY=VALUE (or !=, <, <=, >, >=)";
  const std::string field(text.substr(0, best));
  if (!findRunField(field) && field != kTokensPerParam)
    return "unknown field '" + field + "' in '" + std::string(text) + "'; known fields: " + runFieldNames() + ", " + std::string(kTokensPerParam);
  out.field = field;
  out.op = op;
  out.value = std::string(text.substr(best + opText.size()));
  if (op != Condition::Op::Equal && op != Condition::Op::NotEqual && !parseFiniteNumber(out.value))
    return quotedValue(text) + " compares with " + quotedValue(out.value) + ", which is not a number";
  return "";
}

}  // namespace rs
