#include "ui/figure/figure_provenance.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
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
