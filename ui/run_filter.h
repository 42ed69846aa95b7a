#pragma once
// The run browser's filter: words match family, model, method or run key
// (case-insensitive, all must match); KEY=VALUE terms (also !=, <, <=, >, >=)
// are conditions on run fields, as in the CLI's --where. "7b rtn bits<=4".

#include <QString>
#include <QStringList>
#include <vector>

#include "core/model/run.h"
#include "core/model/selection.h"

namespace rs::ui {

class RunFilter {
 public:
  // Parses `text`; returns "" or the reason a condition is invalid.
  QString parse(const QString& text);
  bool isEmpty() const { return words_.isEmpty() && selection_.conditions.empty(); }
  bool hasConditions() const { return !selection_.conditions.empty(); }
  bool acceptsRun(const Run& run) const;
  // A group row (family, model or method) matches by name alone when the
  // filter is only words and every word is in `name`.
  bool acceptsGroupName(const QString& name) const;

 private:
  QStringList words_;
  Selection selection_;
};

}  // namespace rs::ui
