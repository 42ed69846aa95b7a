#include "ui/run_filter.h"

#include <QRegularExpression>

namespace rs::ui {

QString RunFilter::parse(const QString& text) {
  words_.clear();
  selection_.conditions.clear();
  static const QRegularExpression operators(QStringLiteral("[=<>]"));
  for (const QString& term : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    if (term.contains(operators)) {
      Condition c;
      const std::string why = parseCondition(term.toStdString(), c);
      if (!why.empty()) return QString::fromStdString(why);
      selection_.conditions.push_back(c);
    } else {
      words_ << term.toLower();
    }
  }
  return {};
}

bool RunFilter::acceptsRun(const Run& run) const {
  if (!selection_.matches(run)) return false;
  if (words_.isEmpty()) return true;
  const QString haystack =
      QString::fromStdString(run.family + " " + run.model + " " + run.method + " " + run.key).toLower();
  for (const QString& w : words_)
    if (!haystack.contains(w)) return false;
  return true;
}

bool RunFilter::acceptsGroupName(const QString& name) const {
  if (hasConditions() || words_.isEmpty()) return false;
  const QString lower = name.toLower();
  for (const QString& w : words_)
    if (!lower.contains(w)) return false;
  return true;
}

}  // namespace rs::ui
