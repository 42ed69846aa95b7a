#include "app/sweep_manifest.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace rs::cli {
namespace {

// Options an entry must not carry: where results go is the manifest's, and
// a manifest inside a manifest would recurse.
const QStringList kReserved = {QStringLiteral("--db"), QStringLiteral("--out"), QStringLiteral("--append"), QStringLiteral("--manifest"),
                               QStringLiteral("--index"), QStringLiteral("--out-dir")};

bool strings(const QJsonValue& v, QStringList& out) {
  if (!v.isArray()) return false;
  for (const QJsonValue& s : v.toArray()) {
    if (!s.isString()) return false;
    out << s.toString();
  }
  return true;
}

}  // namespace

bool SweepManifest::done(int index) const {
  if (!out_dir.isEmpty()) return QFileInfo::exists(resultFile(index));
  return QFileInfo::exists(doneMarker(index));
}

bool readManifest(const QString& path, SweepManifest& out, QString& error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) { error = path + QStringLiteral(": cannot open: ") + f.errorString(); return false; }
  if (f.size() > 16 * 1024 * 1024) { error = path + QStringLiteral(": too large for a sweep manifest"); return false; }
  QJsonParseError parse;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
  auto bad = [&](const QString& where, const QString& why) {
    error = QStringLiteral("%1: at %2: %3").arg(path, where, why);
    return false;
  };
  if (parse.error != QJsonParseError::NoError) { error = path + QStringLiteral(": not JSON: ") + parse.errorString(); return false; }
  const QJsonObject o = doc.object();
  if (o.value(QStringLiteral("ratioscope_sweep")).toInt() != 1)
    return bad(QStringLiteral("/ratioscope_sweep"), QStringLiteral("not a Ratioscope sweep manifest of version 1"));
  out = SweepManifest{};
  out.path = QFileInfo(path).absoluteFilePath();
  if (!strings(o.value(QStringLiteral("trial_args")), out.trial_args)) return bad(QStringLiteral("/trial_args"), QStringLiteral("must be a list of strings"));
  for (const QString& a : out.trial_args)
    if (kReserved.contains(a)) return bad(QStringLiteral("/trial_args"), a + QStringLiteral(" is the manifest's to set"));
  out.db = o.value(QStringLiteral("db")).toString();
  out.out_dir = o.value(QStringLiteral("out_dir")).toString();
  if (out.db.isEmpty() == out.out_dir.isEmpty()) return bad(QStringLiteral("/"), QStringLiteral("give exactly one of \"db\" and \"out_dir\""));
  const QJsonValue entries = o.value(QStringLiteral("entries"));
  if (!entries.isArray() || entries.toArray().isEmpty()) return bad(QStringLiteral("/entries"), QStringLiteral("must be a non-empty list"));
  for (const QJsonValue& v : entries.toArray()) {
    const QString at = QStringLiteral("/entries/%1").arg(out.entries.size());
    const QJsonObject e = v.toObject();
    SweepEntry entry;
    entry.index = e.value(QStringLiteral("index")).toInt(-1);
    if (entry.index != static_cast<int>(out.entries.size())) return bad(at + QStringLiteral("/index"), QStringLiteral("entries must be numbered 0, 1, 2, ... in order"));
    entry.kind = e.value(QStringLiteral("kind")).toString();
    if (entry.kind != QLatin1String("dense") && entry.kind != QLatin1String("compress")) return bad(at + QStringLiteral("/kind"), QStringLiteral("must be \"dense\" or \"compress\""));
    if (!strings(e.value(QStringLiteral("args")), entry.args)) return bad(at + QStringLiteral("/args"), QStringLiteral("must be a list of strings"));
    for (const QString& a : entry.args)
      if (kReserved.contains(a)) return bad(at + QStringLiteral("/args"), a + QStringLiteral(" is the manifest's to set"));
    for (const QJsonValue& d : e.value(QStringLiteral("depends_on")).toArray()) {
      const int dep = d.toInt(-1);
      if (dep < 0 || dep >= entry.index) return bad(at + QStringLiteral("/depends_on"), QStringLiteral("an entry depends only on earlier entries"));
      entry.depends_on.push_back(dep);
    }
    out.entries.push_back(entry);
  }
  return true;
}

bool writeManifest(const SweepManifest& m, QString& error) {
  QJsonArray entries;
  for (const SweepEntry& e : m.entries) {
    QJsonArray deps;
    for (int d : e.depends_on) deps.append(d);
    entries.append(QJsonObject{{QStringLiteral("index"), e.index},
                               {QStringLiteral("kind"), e.kind},
                               {QStringLiteral("args"), QJsonArray::fromStringList(e.args)},
                               {QStringLiteral("depends_on"), deps}});
  }
  QJsonObject o{{QStringLiteral("ratioscope_sweep"), 1}, {QStringLiteral("trial_args"), QJsonArray::fromStringList(m.trial_args)}, {QStringLiteral("entries"), entries}};
  if (!m.db.isEmpty()) o[QStringLiteral("db")] = m.db;
  else o[QStringLiteral("out_dir")] = m.out_dir;
  QSaveFile f(m.path);
  if (!f.open(QIODevice::WriteOnly)) { error = m.path + QStringLiteral(": cannot write: ") + f.errorString(); return false; }
  f.write(QJsonDocument(o).toJson());
  if (!f.commit()) { error = m.path + QStringLiteral(": cannot write: ") + f.errorString(); return false; }
  return true;
}

}  // namespace rs::cli
