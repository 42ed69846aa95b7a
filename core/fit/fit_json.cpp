#include "core/fit/fit_json.h"

#include <QJsonArray>
#include <cmath>

namespace rs::fit {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }
}  // namespace

QJsonObject fitToJson(const laws::Law& law, const FitResult& r) {
  QJsonObject o;
  o[QStringLiteral("law")] = q(r.law);
  o[QStringLiteral("formula")] = q(law.info().formula);
  o[QStringLiteral("n_points")] = r.n_points;
  QJsonObject params;
  for (const ParamEstimate& p : r.params) {
    QJsonObject jp;
    jp[QStringLiteral("value")] = number(p.value);
    jp[QStringLiteral("stderr")] = number(p.std_error);
    jp[QStringLiteral("ci_low")] = number(p.ci_low);
    jp[QStringLiteral("ci_high")] = number(p.ci_high);
    jp[QStringLiteral("at_bound")] = p.at_bound;
    // What the parameter measures in this fit: an intercept when its variable never varies.
    jp[QStringLiteral("intercept")] = p.intercept;
    if (!p.meaning.empty()) jp[QStringLiteral("meaning")] = q(p.meaning);
    params[q(p.name)] = jp;
  }
  o[QStringLiteral("params")] = params;
  // What produced stderr, ci_low/ci_high and the covariance (fitter.h).
  o[QStringLiteral("error_method")] = QString::fromLatin1(errorMethodId(r.error_method));
  QJsonArray influence;
  for (const InfluentialPoints& f : r.influence) {
    QJsonObject jf;
    jf[QStringLiteral("param")] = q(f.param);
    QJsonArray runs, labels;
    for (auto id : f.run_ids) runs.append(static_cast<qint64>(id));
    for (const auto& l : f.labels) labels.append(q(l));
    jf[QStringLiteral("run_ids")] = runs;
    jf[QStringLiteral("labels")] = labels;
    jf[QStringLiteral("value")] = number(f.value);
    jf[QStringLiteral("value_without")] = number(f.value_without);
    jf[QStringLiteral("ci_low")] = number(f.ci_low);
    jf[QStringLiteral("ci_high")] = number(f.ci_high);
    influence.append(jf);
  }
  o[QStringLiteral("influence")] = influence;
  for (const auto& [key, v] : {std::pair{"objective", r.objective}, {"r2", r.r2}, {"rmse", r.rmse}, {"aic", r.aic}, {"bic", r.bic},
                               {"residual_variance", r.residual_variance}, {"seconds", r.seconds}})
    o[QLatin1String(key)] = number(v);
  o[QStringLiteral("starts")] = r.starts;
  o[QStringLiteral("starts_converged")] = r.starts_converged;
  o[QStringLiteral("converged")] = r.converged;
  o[QStringLiteral("residuals")] = r.space == laws::ResidualSpace::Log ? QStringLiteral("log") : QStringLiteral("linear");
  const char* kinds[] = {"none", "huber", "cauchy"};
  o[QStringLiteral("robust")] = QString::fromLatin1(kinds[static_cast<int>(r.robust.kind)]) +
                                (r.robust.kind == laws::RobustLoss::Kind::None ? QString() : QStringLiteral(":%1").arg(r.robust.delta));
  QJsonArray ids, warnings;
  for (auto id : r.run_ids) ids.append(static_cast<qint64>(id));
  for (const auto& w : r.warnings) warnings.append(q(w));
  o[QStringLiteral("run_ids")] = ids;
  o[QStringLiteral("warnings")] = warnings;
  QJsonArray limits;  // what the fit cannot claim (fit_limits.h)
  for (const auto& l : r.limits) limits.append(q(l));
  o[QStringLiteral("limits")] = limits;
  if (r.holdout) {
    QJsonObject h;
    h[QStringLiteral("split")] = r.holdout->split;
    h[QStringLiteral("n_train")] = r.holdout->n_train;
    h[QStringLiteral("n_test")] = r.holdout->n_test;
    h[QStringLiteral("rmse")] = number(r.holdout->rmse);
    h[QStringLiteral("mae")] = number(r.holdout->mae);
    h[QStringLiteral("max_abs_error")] = number(r.holdout->max_abs_error);
    h[QStringLiteral("mean_abs_relative_error")] = number(r.holdout->mean_abs_relative_error);
    QJsonObject train;
    for (const auto& [name, value] : r.holdout->train_params) train[q(name)] = number(value);
    h[QStringLiteral("train_params")] = train;
    o[QStringLiteral("holdout")] = h;
  }
  if (r.bootstrap_resamples > 0) {
    QJsonObject b;
    b[QStringLiteral("resamples")] = r.bootstrap_resamples;
    b[QStringLiteral("succeeded")] = r.bootstrap_succeeded;
    o[QStringLiteral("bootstrap")] = b;
  }
  return o;
}

}  // namespace rs::fit

