#pragma once
// A selection as an SQL condition on the runs table, so a backend reads only
// the runs a `--where` keeps. The condition may keep more runs than the
// selection (conditions it cannot say exactly in SQL, such as a boolean
// written as text, are left out of it); the store applies the selection to
// what it read as well, so the result is exact either way.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/model/selection.h"

namespace rs {

struct SqlCondition {
  std::string where;  // "" (every run) or a condition over `runs` columns aliased r
  std::vector<std::variant<double, std::string, std::int64_t>> values;  // bound in order
};

// `placeholder(i)` writes the i-th (0-based) parameter: "?" for SQLite,
// "$N" for PostgreSQL.
SqlCondition selectionToSql(const Selection& selection, std::string (*placeholder)(std::size_t index));

// The runs that imports after source `afterSource` created or added metrics
// to (a live view's increment).
SqlCondition changedRunsCondition(std::int64_t afterSource, std::string (*placeholder)(std::size_t index));

}  // namespace rs
