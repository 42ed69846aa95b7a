#pragma once
// A selection is the subset of runs that a command, plot or fit works on,
// written as conditions on run fields: `method=rtn`, `ratio<=0.5`,
// `family!=opt`. All conditions must hold.

#include <string>
#include <string_view>
#include <vector>

#include "core/model/run.h"

namespace rs {

struct Condition {
  enum class Op { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
  std::string field;
  Op op = Op::Equal;
  std::string value;
  bool matches(const Run& run) const;
};

struct Selection {
  std::vector<Condition> conditions;
  bool matches(const Run& run) const;
  std::vector<Run> apply(const std::vector<Run>& runs) const;
};

// Parses "KEY=VALUE" (also !=, <, <=, >, >=). Returns the reason on failure:
// an unknown key lists the known ones; an order comparison needs a number.
std::string parseCondition(std::string_view text, Condition& out);

}  // namespace rs
