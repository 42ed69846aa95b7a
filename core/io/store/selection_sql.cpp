#include "core/io/store/selection_sql.h"

#include "core/model/run_fields.h"

namespace rs {

SqlCondition selectionToSql(const Selection& selection, std::string (*placeholder)(std::size_t)) {
  SqlCondition out;
  auto add = [&](const std::string& clause) { out.where += (out.where.empty() ? "" : " AND ") + clause; };
  for (const Condition& c : selection.conditions) {
    const RunFieldSpec* spec = findRunField(c.field);
    if (!spec || spec->kind == FieldKind::Boolean) continue;  // left to the exact check
    const std::string column = "r." + std::string(spec->name);
    // Compared with a number, a dense run's ratio is 0 when not stored (as
    // Condition::matches reads it).
    const std::string numberColumn = c.field == "ratio" ? "coalesce(r.ratio, CASE WHEN r.method = 'dense' THEN 0 END)" : column;
    const auto number = parseFiniteNumber(c.value);
    const bool numeric = spec->kind == FieldKind::Number || spec->kind == FieldKind::Integer;
    using Op = Condition::Op;
    if (numeric) {
      if (!number) {
        // `params=` keeps runs without params; any other text never equals a number.
        if (c.op == Op::Equal) add(c.value.empty() ? column + " IS NULL" : "1 = 0");
        else if (c.op == Op::NotEqual && c.value.empty()) add(column + " IS NOT NULL");
        continue;
      }
      const char* op = c.op == Op::Equal ? "=" : c.op == Op::NotEqual ? "<>" : c.op == Op::Less ? "<" : c.op == Op::LessEqual ? "<=" : c.op == Op::Greater ? ">" : ">=";
      const std::string p = placeholder(out.values.size());
      out.values.emplace_back(*number);
      // A run without the field is "not equal" to any number, and fails every order test.
      add(c.op == Op::NotEqual ? "(" + numberColumn + " IS NULL OR " + numberColumn + " <> " + p + ")" : numberColumn + " " + op + " " + p);
      continue;
    }
    if (c.op != Op::Equal && c.op != Op::NotEqual) {  // an order test on text never holds
      add("1 = 0");
      continue;
    }
    std::string value = c.value;
    if (c.field == "method" && (value.empty() || value == "none")) value = "dense";
    if (value.empty()) {
      add(c.op == Op::Equal ? "(" + column + " IS NULL OR " + column + " = '')" : "(" + column + " IS NOT NULL AND " + column + " <> '')");
      continue;
    }
    const std::string p = placeholder(out.values.size());
    out.values.emplace_back(value);
    add(c.op == Op::Equal ? column + " = " + p : "(" + column + " IS NULL OR " + column + " <> " + p + ")");
  }
  return out;
}

SqlCondition changedRunsCondition(std::int64_t afterSource, std::string (*placeholder)(std::size_t)) {
  SqlCondition out;
  out.where = "(r.source_id > " + placeholder(0) + " OR r.id IN (SELECT run_id FROM metrics WHERE source_id > " + placeholder(1) + "))";
  out.values = {afterSource, afterSource};
  return out;
}

}  // namespace rs
