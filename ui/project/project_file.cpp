#include "ui/project/project_file.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <cmath>

#include "core/io/store/experiment_store.h"
#include "core/laws/robust_loss_text.h"

namespace rs::ui {
namespace {

const QString kFormat = QStringLiteral("ratioscope-project");
// A project file is a page of settings; anything larger is not one.
constexpr qint64 kMaxProjectBytes = 16 << 20;

QJsonObject inputToJson(const ProjectInput& in) {
  QJsonObject o{{QStringLiteral("location"), in.location}};
  if (!in.relative.isEmpty()) o[QStringLiteral("relative")] = in.relative;
  if (!in.sha256.isEmpty()) o[QStringLiteral("sha256")] = in.sha256;
  return o;
}

bool isFileInput(const ProjectInput& in) {
  return !in.location.isEmpty() && !ExperimentStore::isStoreUrl(in.location.toStdString());
}

// The input's path relative to the project's folder, for saving.
void addRelative(ProjectInput& in, const QDir& projectDir) {
  in.relative = isFileInput(in) ? projectDir.relativeFilePath(QFileInfo(in.location).absoluteFilePath()) : QString();
}

// A saved absolute path that is gone, with the relative path there: the
// project folder was moved or copied with its data.
void resolveRelative(ProjectInput& in, const QDir& projectDir) {
  if (!isFileInput(in) || in.relative.isEmpty() || QFileInfo::exists(in.location)) return;
  const QString there = QDir::cleanPath(projectDir.absoluteFilePath(in.relative));
  if (!QFileInfo::exists(there)) return;
  in.saved_location = in.location;
  in.location = there;
}

// Reads fields with messages that name them; the first problem wins.
class Reader {
 public:
  QString error;
  bool ok() const { return error.isEmpty(); }

  QString string(const QJsonObject& o, const QString& path, const QString& key, bool required = false) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
      if (required) fail(path + key, QStringLiteral("is missing"));
      return {};
    }
    if (!v.isString()) fail(path + key, QStringLiteral("must be a string"));
    return v.toString();
  }
  bool boolean(const QJsonObject& o, const QString& path, const QString& key, bool fallback) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) return fallback;
    if (!v.isBool()) fail(path + key, QStringLiteral("must be true or false"));
    return v.toBool(fallback);
  }
  double number(const QJsonObject& o, const QString& path, const QString& key, double fallback, double low, double high) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) return fallback;
    if (!v.isDouble() || v.toDouble() < low || v.toDouble() > high) {
      fail(path + key, QStringLiteral("must be a number from %1 to %2").arg(low).arg(high));
      return fallback;
    }
    return v.toDouble();
  }
  QJsonObject object(const QJsonObject& o, const QString& path, const QString& key) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return {};
    if (!v.isObject()) fail(path + key, QStringLiteral("must be an object"));
    return v.toObject();
  }
  std::vector<QString> strings(const QJsonObject& o, const QString& path, const QString& key) {
    std::vector<QString> out;
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return out;
    if (!v.isArray()) {
      fail(path + key, QStringLiteral("must be a list of strings"));
      return out;
    }
    for (const QJsonValue& e : v.toArray()) {
      if (!e.isString()) {
        fail(path + key, QStringLiteral("must be a list of strings"));
        return {};
      }
      out.push_back(e.toString());
    }
    return out;
  }
  ProjectInput input(const QJsonObject& o, const QString& path) {
    ProjectInput in;
    in.location = string(o, path, QStringLiteral("location"), true);
    in.sha256 = string(o, path, QStringLiteral("sha256"));
    in.relative = string(o, path, QStringLiteral("relative"));
    if (!in.sha256.isEmpty() && (in.sha256.size() != 64 || QByteArray::fromHex(in.sha256.toLatin1()).toHex() != in.sha256.toLatin1()))
      fail(path + QStringLiteral("sha256"), QStringLiteral("must be 64 lower-case hex digits"));
    return in;
  }
  void fail(const QString& field, const QString& why) {
    if (error.isEmpty()) error = field + QStringLiteral(": ") + why;
  }
};

}  // namespace

QString fileSha256(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  QCryptographicHash hash(QCryptographicHash::Sha256);
  if (!hash.addData(&f)) return {};
  return QString::fromLatin1(hash.result().toHex());
}

ProjectInput describeInput(const QString& location) {
  ProjectInput in;
  if (ExperimentStore::isStoreUrl(location.toStdString())) {
    in.location = QString::fromStdString(ExperimentStore::withoutPassword(location.toStdString()));
    return in;  // a server's data has no one file to hash
  }
  in.location = QFileInfo(location).absoluteFilePath();
  in.sha256 = fileSha256(in.location);
  return in;
}

QString inputChanged(const ProjectInput& input) {
  if (input.sha256.isEmpty()) return {};
  if (!QFileInfo::exists(input.location)) return input.location + QStringLiteral(": not found (moved or deleted since the project was saved)");
  const QString now = fileSha256(input.location);
  if (now != input.sha256)
    return input.location + QStringLiteral(": changed since the project was saved (SHA-256 %1…, was %2…)").arg(now.left(12), input.sha256.left(12));
  return {};
}

QString inputMoved(const ProjectInput& input) {
  if (input.saved_location.isEmpty()) return {};
  return QStringLiteral("%1 is gone; using %2 (its place relative to the project)").arg(input.saved_location, input.location);
}

QJsonObject projectToJson(const Project& p) {
  QJsonObject figure{{QStringLiteral("metric"), QString::fromStdString(p.figure.metric)},
                     {QStringLiteral("axis"), QString::fromLatin1(axisInfo(p.figure.axis).id.data(), static_cast<int>(axisInfo(p.figure.axis).id.size()))},
                     {QStringLiteral("log_x"), p.figure.log_x},
                     {QStringLiteral("log_y"), p.figure.log_y},
                     {QStringLiteral("error_bars"), p.figure.error_bars},
                     {QStringLiteral("dropouts_and_knees"), p.figure.analysis}};
  QJsonArray hidden;
  for (const std::string& h : p.figure.hidden) hidden.append(QString::fromStdString(h));
  figure[QStringLiteral("hidden")] = hidden;
  QJsonArray excluded;
  for (const std::string& k : p.excluded_keys) excluded.append(QString::fromStdString(k));
  QJsonObject options;
  if (p.fit.options.robust) options[QStringLiteral("robust")] = QString::fromStdString(laws::robustLossText(*p.fit.options.robust));
  if (p.fit.options.random_starts > 0) options[QStringLiteral("random_starts")] = p.fit.options.random_starts;
  options[QStringLiteral("seed")] = static_cast<double>(p.fit.options.seed);
  if (p.fit.options.bootstrap > 0) options[QStringLiteral("bootstrap")] = p.fit.options.bootstrap;
  if (p.fit.options.holdout_above) options[QStringLiteral("holdout_above")] = *p.fit.options.holdout_above;
  QJsonObject fit{{QStringLiteral("law"), p.fit.law}, {QStringLiteral("per_series"), p.fit.per_series}, {QStringLiteral("options"), options}};
  if (!p.fit.result.isEmpty()) fit[QStringLiteral("result")] = p.fit.result;
  QJsonObject o{{QStringLiteral("format"), kFormat},
                {QStringLiteral("version"), kProjectVersion},
                {QStringLiteral("source"), inputToJson(p.source)},
                {QStringLiteral("filter"), p.filter},
                {QStringLiteral("figure"), figure},
                {QStringLiteral("excluded_runs"), excluded},
                {QStringLiteral("fit"), fit}};
  if (p.task_overrides) o[QStringLiteral("task_overrides")] = inputToJson(*p.task_overrides);
  if (!p.window_geometry.isEmpty() || !p.window_state.isEmpty())
    o[QStringLiteral("window")] = QJsonObject{{QStringLiteral("geometry"), QString::fromLatin1(p.window_geometry.toBase64())},
                                              {QStringLiteral("state"), QString::fromLatin1(p.window_state.toBase64())}};
  return o;
}

std::optional<Project> projectFromJson(const QJsonObject& json, QString& error) {
  Reader r;
  if (json.value(QStringLiteral("format")).toString() != kFormat) {
    error = QStringLiteral("not a Ratioscope project (no \"format\": \"%1\")").arg(kFormat);
    return std::nullopt;
  }
  const QJsonValue version = json.value(QStringLiteral("version"));
  if (!version.isDouble() || version.toDouble() < 1 || version.toDouble() != std::floor(version.toDouble())) {
    error = QStringLiteral("version: must be a whole number from 1");
    return std::nullopt;
  }
  if (version.toInt() > kProjectVersion) {
    error = QStringLiteral("written by a newer Ratioscope (project version %1; this one reads up to %2)").arg(version.toInt()).arg(kProjectVersion);
    return std::nullopt;
  }
  Project p;
  p.source = r.input(r.object(json, {}, QStringLiteral("source")), QStringLiteral("source."));
  if (json.contains(QStringLiteral("task_overrides")) && !json.value(QStringLiteral("task_overrides")).isNull())
    p.task_overrides = r.input(r.object(json, {}, QStringLiteral("task_overrides")), QStringLiteral("task_overrides."));
  p.filter = r.string(json, {}, QStringLiteral("filter"));
  if (RunFilter check; r.ok() && !check.parse(p.filter).isEmpty()) r.fail(QStringLiteral("filter"), check.parse(p.filter));

  const QJsonObject figure = r.object(json, {}, QStringLiteral("figure"));
  const QString f = QStringLiteral("figure.");
  p.figure.metric = r.string(figure, f, QStringLiteral("metric")).toStdString();
  const QString axis = r.string(figure, f, QStringLiteral("axis"));
  if (!axis.isEmpty()) {
    if (auto a = axisFromId(axis.toStdString())) p.figure.axis = *a;
    else r.fail(f + QStringLiteral("axis"), QStringLiteral("'%1' is not an axis (%2)").arg(axis, QString::fromStdString(axisIds())));
  }
  p.figure.log_x = r.boolean(figure, f, QStringLiteral("log_x"), false);
  p.figure.log_y = r.boolean(figure, f, QStringLiteral("log_y"), false);
  p.figure.error_bars = r.boolean(figure, f, QStringLiteral("error_bars"), true);
  p.figure.analysis = r.boolean(figure, f, QStringLiteral("dropouts_and_knees"), true);
  for (const QString& h : r.strings(figure, f, QStringLiteral("hidden"))) p.figure.hidden.insert(h.toStdString());
  for (const QString& k : r.strings(json, {}, QStringLiteral("excluded_runs"))) p.excluded_keys.insert(k.toStdString());

  const QJsonObject fit = r.object(json, {}, QStringLiteral("fit"));
  p.fit.law = r.string(fit, QStringLiteral("fit."), QStringLiteral("law"));
  p.fit.per_series = r.boolean(fit, QStringLiteral("fit."), QStringLiteral("per_series"), true);
  p.fit.result = r.object(fit, QStringLiteral("fit."), QStringLiteral("result"));
  const QJsonObject options = r.object(fit, QStringLiteral("fit."), QStringLiteral("options"));
  const QString o = QStringLiteral("fit.options.");
  const QString robust = r.string(options, o, QStringLiteral("robust"));
  if (!robust.isEmpty()) {
    laws::RobustLoss loss;
    if (std::string why = laws::parseRobustLoss(robust.toStdString(), loss); why.empty()) p.fit.options.robust = loss;
    else r.fail(o + QStringLiteral("robust"), QString::fromStdString(why));
  }
  p.fit.options.random_starts = static_cast<int>(r.number(options, o, QStringLiteral("random_starts"), 0, 0, 100000));
  p.fit.options.seed = static_cast<std::uint64_t>(r.number(options, o, QStringLiteral("seed"), 1, 0, 9007199254740992.0));
  p.fit.options.bootstrap = static_cast<int>(r.number(options, o, QStringLiteral("bootstrap"), 0, 0, 100000));
  if (options.contains(QStringLiteral("holdout_above")))
    p.fit.options.holdout_above = r.number(options, o, QStringLiteral("holdout_above"), 0, -1e300, 1e300);

  const QJsonObject window = r.object(json, {}, QStringLiteral("window"));
  p.window_geometry = QByteArray::fromBase64(r.string(window, QStringLiteral("window."), QStringLiteral("geometry")).toLatin1());
  p.window_state = QByteArray::fromBase64(r.string(window, QStringLiteral("window."), QStringLiteral("state")).toLatin1());
  if (!r.ok()) {
    error = r.error;
    return std::nullopt;
  }
  return p;
}

QString saveProject(const Project& project, const QString& path) {
  Project p = project;
  const QDir dir = QFileInfo(path).absoluteDir();
  addRelative(p.source, dir);
  if (p.task_overrides) addRelative(*p.task_overrides, dir);
  QSaveFile f(path);  // written whole or not at all
  if (!f.open(QIODevice::WriteOnly)) return path + QStringLiteral(": cannot write: ") + f.errorString();
  f.write(QJsonDocument(projectToJson(p)).toJson(QJsonDocument::Indented));
  if (!f.commit()) return path + QStringLiteral(": cannot write: ") + f.errorString();
  return {};
}

std::optional<Project> loadProject(const QString& path, QString& error) {
  QFile f(path);
  const QFileInfo info(path);
  if (!info.isFile()) {
    error = path + (info.exists() ? QStringLiteral(": not a regular file") : QStringLiteral(": no such file"));
    return std::nullopt;
  }
  if (info.size() > kMaxProjectBytes) {
    error = path + QStringLiteral(": %1 bytes is too large for a project file").arg(info.size());
    return std::nullopt;
  }
  if (!f.open(QIODevice::ReadOnly)) {
    error = path + QStringLiteral(": cannot read: ") + f.errorString();
    return std::nullopt;
  }
  QJsonParseError parse;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parse);
  if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
    error = path + QStringLiteral(": not a Ratioscope project (") +
            (parse.error != QJsonParseError::NoError ? parse.errorString() + QStringLiteral(" at byte %1").arg(parse.offset) : QStringLiteral("not a JSON object")) +
            QLatin1Char(')');
    return std::nullopt;
  }
  auto project = projectFromJson(doc.object(), error);
  if (!project) {
    error = path + QStringLiteral(": ") + error;
    return project;
  }
  resolveRelative(project->source, info.absoluteDir());
  if (project->task_overrides) resolveRelative(*project->task_overrides, info.absoluteDir());
  return project;
}

}  // namespace rs::ui
