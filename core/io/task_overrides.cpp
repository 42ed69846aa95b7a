#include "core/io/task_overrides.h"
#include "core/io/input_file.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <vector>

namespace rs {

std::string applyTaskOverrides(const std::string& path, TaskCatalog& catalog) {
  if (std::string why = inputFileProblem(path); !why.empty()) return path + ": " + why;
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly)) return path + ": cannot open: " + f.errorString().toStdString();
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
  if (parseError.error != QJsonParseError::NoError)
    return path + ": not valid JSON at byte " + std::to_string(parseError.offset) + ": " + parseError.errorString().toStdString();
  const QJsonValue tasks = doc.object().value(QStringLiteral("tasks"));
  if (!tasks.isObject()) return path + ": expected an object {\"tasks\": {NAME: {...}}}";
  std::vector<TaskInfo> entries;
  std::vector<std::pair<std::string, std::optional<double>>> floors;
  const QJsonObject obj = tasks.toObject();
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    const std::string name = it.key().toStdString();
    const std::string where = path + ": task '" + name + "': ";
    if (!it.value().isObject()) return where + "expected an object with chance and category";
    const QJsonObject t = it.value().toObject();
    TaskInfo info = catalog.lookup(name);
    info.name = name;
    if (t.contains(QStringLiteral("chance"))) {
      const QJsonValue c = t.value(QStringLiteral("chance"));
      if (c.isNull()) info.chance.reset();
      else if (!c.isDouble() || c.toDouble() < 0 || c.toDouble() > 1) return where + "'chance' must be a number in [0, 1] or null";
      else info.chance = c.toDouble();
    }
    if (t.contains(QStringLiteral("category"))) {
      const auto cat = categoryFromId(t.value(QStringLiteral("category")).toString().toStdString());
      if (!cat) return where + "unknown 'category' (use reasoning, long-context, commonsense, knowledge, language-modelling or other)";
      info.category = *cat;
    }
    if (t.contains(QStringLiteral("lower_is_better"))) {
      if (!t.value(QStringLiteral("lower_is_better")).isBool()) return where + "'lower_is_better' must be true or false";
      info.lowerIsBetter = t.value(QStringLiteral("lower_is_better")).toBool();
    }
    if (t.contains(QStringLiteral("title"))) {
      // How axes name the task ("Needle in a haystack" -> "Needle in a haystack accuracy").
      const QJsonValue title = t.value(QStringLiteral("title"));
      if (!title.isString() || title.toString().trimmed().isEmpty()) return where + "'title' must be a non-empty string";
      info.title = title.toString().trimmed().toStdString();
    }
    if (t.contains(QStringLiteral("floor"))) {
      const QJsonValue fl = t.value(QStringLiteral("floor"));
      if (!fl.isNull() && (!fl.isDouble() || !std::isfinite(fl.toDouble()))) return where + "'floor' must be a number or null";
      floors.emplace_back(name, fl.isNull() ? std::nullopt : std::optional<double>(fl.toDouble()));
    }
    entries.push_back(std::move(info));
  }
  for (TaskInfo& e : entries) catalog.setEntry(std::move(e));
  for (const auto& [name, value] : floors) catalog.setFloor(name, value);
  return "";
}

}  // namespace rs
