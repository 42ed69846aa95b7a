#include "core/model/provenance_json.h"

#include <QJsonArray>

namespace rs {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonObject source(const DataSource& d, const char* role) {
  QJsonObject o{{QStringLiteral("path"), q(d.path)}, {QStringLiteral("role"), QLatin1String(role)}};
  if (!d.sha256.empty()) o[QStringLiteral("sha256")] = q(d.sha256);
  if (d.runs > 0) o[QStringLiteral("runs")] = static_cast<qint64>(d.runs);
  return o;
}
}  // namespace

QJsonObject provenanceToJson(const TableProvenance& p) {
  QJsonArray sources, runs;
  for (const DataSource& d : p.inputs) sources.append(source(d, "input"));
  for (const DataSource& d : p.sources) sources.append(source(d, "runs"));
  for (const TableProvenance::RunRef& r : p.runs) {
    QJsonObject o{{QStringLiteral("key"), q(r.key)}};
    if (r.id) o[QStringLiteral("id")] = static_cast<qint64>(r.id);
    runs.append(o);
  }
  QJsonObject o{{QStringLiteral("ratioscope"), q(ratioscopeVersion())},
                {QStringLiteral("command"), q(p.command)},
                {QStringLiteral("sources"), sources},
                {QStringLiteral("runs"), runs}};
  // "fit options" -> "fit_options": names a script can use as keys.
  for (const auto& [name, words] : p.settings) o[q(name).replace(QLatin1Char(' '), QLatin1Char('_'))] = q(words);
  return o;
}

}  // namespace rs
