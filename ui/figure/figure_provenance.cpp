#include "ui/figure/figure_provenance.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <set>
#include <qcustomplot.h>

#include "core/fit/fit_table.h"
#include "core/io/importer.h"
#include "core/model/provenance.h"

namespace rs::ui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonArray strings(const auto& list) {
  QJsonArray a;
  for (const std::string& s : list) a.append(q(s));
  return a;
}

// JSON has no NaN or infinity (Qt's parser refuses them): a missing number is null.
QJsonValue num(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }
QJsonArray range(double lo, double hi) { return QJsonArray{num(lo), num(hi)}; }

QJsonObject sourceObject(const std::string& path, const std::string& sha256, const char* role) {
  QJsonObject o{{QStringLiteral("path"), q(path)}, {QStringLiteral("role"), QLatin1String(role)}};
  if (!sha256.empty()) o[QStringLiteral("sha256")] = q(sha256);
  return o;
}

// The inputs as opened (hashed now), then the files the drawn runs were
// read from (hashed by their readers when read): for a database, the
// results files its runs were imported from.
QJsonArray sourcesOf(const std::vector<Run>& drawn, const FigureOrigin& origin) {
  QJsonArray out;
  for (const std::string& input : origin.inputs) out.append(sourceObject(input, fileSha256(input), "input"));
  for (const DataSource& d : dataSources(drawn)) {
    QJsonObject o = sourceObject(d.path, d.sha256, "runs");
    o[QStringLiteral("runs")] = static_cast<qint64>(d.runs);
    out.append(o);
  }
  return out;
}

QJsonObject fitObject(const FitOutcome& fit) {
  const bool together = fit.fits.size() == 1 && fit.fits.front().label == kAllSeries;
  QJsonObject o{{QStringLiteral("law"), q(fit.law->info().id)},
                {QStringLiteral("law_name"), q(fit.law->info().name)},
                {QStringLiteral("per_series"), !together}};
  QJsonArray fits;
  for (const SeriesFit& f : fit.fits) {
    QJsonObject one{{QStringLiteral("series"), q(f.label)}, {QStringLiteral("ok"), f.result.ok}};
    if (!f.result.ok) {
      one[QStringLiteral("error")] = q(f.result.error);
    } else {
      // The options the fit ran with (residual space, loss, error method)
      // and what it found.
      one[QStringLiteral("fit")] = q(fit::describeFit(*fit.law, f.result));
      QJsonObject params;
      for (const fit::ParamEstimate& p : f.result.params)
        params[q(p.name)] = QJsonObject{{QStringLiteral("value"), num(p.value)}, {QStringLiteral("stderr"), num(p.std_error)}};
      one[QStringLiteral("parameters")] = params;
    }
    fits.append(one);
  }
  o[QStringLiteral("fits")] = fits;
  return o;
}

QJsonObject analysisObject(const FigureRequest& request, const ComposedFigure& composed) {
  QJsonArray series;
  for (const SeriesAnalysis& a : composed.analysis) {
    QJsonObject s{{QStringLiteral("series"), q(a.series)}};
    if (a.dropout) {
      QJsonObject d{{QStringLiteral("criterion"), q(a.dropout->criterion)}, {QStringLiteral("explanation"), q(a.dropout->explanation)}};
      if (a.dropout->status == analysis::Dropout::Status::Dropped) {
        d[QStringLiteral("ratio")] = num(a.dropout->ratio);
        d[QStringLiteral("ci95")] = range(a.dropout->ci_low, a.dropout->ci_high);
      }
      s[QStringLiteral("dropout")] = d;
    }
    QJsonArray knees;
    for (const analysis::Knee& k : a.knees)
      if (k.found) knees.append(QJsonObject{{QStringLiteral("method"), q(k.method)}, {QStringLiteral("ratio"), num(k.ratio)},
                                            {QStringLiteral("ci95"), range(k.ci_low, k.ci_high)}});
    if (!knees.isEmpty()) s[QStringLiteral("knees")] = knees;
    series.append(s);
  }
  return {{QStringLiteral("dropouts"), request.dropouts}, {QStringLiteral("knees"), request.knees}, {QStringLiteral("series"), series}};
}

}  // namespace

QString sidecarPath(const QString& figurePath) {
  const QFileInfo info(figurePath);
  return info.dir().filePath(info.completeBaseName() + QStringLiteral(".json"));
}

namespace {
// What makes two records the same figure: everything but who asked, when,
// and which files were written.
QJsonObject figureOnly(QJsonObject record) {
  for (const char* key : {"command", "created", "export", "outputs"}) record.remove(QLatin1String(key));
  return record;
}
}  // namespace

QJsonObject sidecarRecord(const QJsonObject& record, const QJsonObject& output, const QJsonObject& existing, const QString& folder,
                          const QString& sidecarName, QString& note) {
  const QString file = output[QStringLiteral("file")].toString();
  QJsonArray outputs;
  QStringList dropped;
  const bool sameFigure = !existing.isEmpty() && existing[QStringLiteral("outputs")].isArray() && figureOnly(existing) == figureOnly(record);
  for (const QJsonValue& v : existing[QStringLiteral("outputs")].toArray()) {
    const QJsonObject o = v.toObject();
    const QString other = o[QStringLiteral("file")].toString();
    if (other.isEmpty() || other == file) continue;  // this file's entry is replaced
    // Another format of this figure, still as written (its bytes' hash), stays.
    const QString otherPath = QDir(folder).filePath(QFileInfo(other).fileName());
    if (sameFigure && q(fileSha256(otherPath.toStdString())) == o[QStringLiteral("sha256")].toString()) {
      outputs.append(o);
    } else {
      dropped << other;
    }
  }
  // Rewriting the one file it listed needs no word; losing another file's
  // record, or something that was not a record of ours, does.
  const bool ours = existing[QStringLiteral("outputs")].isArray();
  if (!existing.isEmpty() && !sameFigure && (!ours || !dropped.isEmpty()))
    note = QStringLiteral("%1 described another figure or table%2; it now describes %3 only")
               .arg(sidecarName, dropped.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(dropped.join(QStringLiteral(", "))), file);
  else if (!dropped.isEmpty())
    note = QStringLiteral("%1: %2 changed or gone since it was written; no longer listed").arg(sidecarName, dropped.join(QStringLiteral(", ")));
  outputs.append(output);
  // In file order: the same outputs give the same sidecar whichever came last.
  QList<QJsonValue> sorted(outputs.begin(), outputs.end());
  std::sort(sorted.begin(), sorted.end(), [](const QJsonValue& a, const QJsonValue& b) {
    return a.toObject()[QStringLiteral("file")].toString() < b.toObject()[QStringLiteral("file")].toString();
  });
  QJsonObject out = record;
  out.remove(QStringLiteral("export"));  // one file's own; the outputs list them all
  out.remove(QStringLiteral("created"));
  QJsonArray list;
  for (const QJsonValue& v : sorted) list.append(v);
  out[QStringLiteral("outputs")] = list;
  return out;
}

QString writeSidecar(const QString& path, const QJsonObject& record, QJsonObject output, QString& note) {
  output[QStringLiteral("sha256")] = q(fileSha256(path.toStdString()));
  if (!output.contains(QStringLiteral("created")))
    output[QStringLiteral("created")] = record.contains(QStringLiteral("created")) ? record[QStringLiteral("created")]
                                                                                  : QJsonValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
  output[QStringLiteral("command")] = record[QStringLiteral("command")];
  const QString sidecarFile = sidecarPath(path);
  QJsonObject existing;
  if (QFile old(sidecarFile); old.open(QIODevice::ReadOnly)) {
    existing = QJsonDocument::fromJson(old.read(16 << 20)).object();
    // Something there that is not a record of ours is replaced, and said so.
    if (existing.isEmpty()) existing = QJsonObject{{QStringLiteral("not"), QStringLiteral("a record")}};
  }
  const QJsonObject json = sidecarRecord(record, output, existing, QFileInfo(path).absolutePath(), QFileInfo(sidecarFile).fileName(), note);
  QSaveFile sidecar(sidecarFile);
  if (!sidecar.open(QIODevice::WriteOnly) || sidecar.write(QJsonDocument(json).toJson(QJsonDocument::Indented)) < 0 || !sidecar.commit())
    return sidecarFile + QStringLiteral(": cannot write the record of what made it: ") + sidecar.errorString();
  return {};
}

QJsonObject figureProvenance(const FigureRequest& request, const ComposedFigure& composed, const FigureOrigin& origin) {
  static const std::vector<Run> none;
  const std::vector<Run>& runs = request.runs ? *request.runs : none;
  // The runs behind a visible point, in the order they are drawn.
  std::vector<Run> drawn;  // each once: a dense run anchors every method's curve
  std::set<std::size_t> seen;
  QJsonArray runList;
  for (const DrawnSeries& d : composed.drawn.series) {
    if (!d.markers || !d.markers->visible()) continue;
    for (const SeriesPoint& p : d.series.points) {
      const Run& r = runs.at(p.run_index);
      if (seen.insert(p.run_index).second) drawn.push_back(r);
      QJsonObject o{{QStringLiteral("key"), q(r.key)}, {QStringLiteral("series"), q(d.series.label())}};
      if (r.id) o[QStringLiteral("id")] = static_cast<qint64>(r.id);
      runList.append(o);
    }
  }
  const FigureSpec& spec = request.spec;
  QJsonObject figure{{QStringLiteral("metric"), q(spec.metric)},
                     {QStringLiteral("axis"), q(std::string(axisInfo(spec.axis).id))},
                     {QStringLiteral("log_x"), spec.log_x},
                     {QStringLiteral("log_y"), spec.log_y},
                     {QStringLiteral("error_bars"), spec.error_bars},
                     {QStringLiteral("hidden"), strings(request.hidden)}};
  if (request.x_range) figure[QStringLiteral("x_range")] = range(request.x_range->first, request.x_range->second);
  if (request.y_range) figure[QStringLiteral("y_range")] = range(request.y_range->first, request.y_range->second);
  if (!request.excluded.empty()) {
    QJsonArray excluded;
    for (qint64 id : request.excluded) excluded.append(id);
    figure[QStringLiteral("excluded_from_fit")] = excluded;
  }
  if (!composed.notes.empty()) figure[QStringLiteral("notes")] = strings(composed.notes);
  QJsonObject o{{QStringLiteral("ratioscope"), q(ratioscopeVersion())},
                {QStringLiteral("command"), q(origin.command)},
                {QStringLiteral("sources"), sourcesOf(drawn, origin)},
                {QStringLiteral("figure"), figure},
                {QStringLiteral("runs"), runList}};
  if (request.fit && request.fit->law) o[QStringLiteral("fit")] = fitObject(*request.fit);
  if (request.dropouts || request.knees) o[QStringLiteral("analysis")] = analysisObject(request, composed);
  return o;
}

}  // namespace rs::ui
