#include "core/io/run_json.h"

#include <QJsonArray>

#include "core/model/axes.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {
QString q(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
QJsonValue optional(const std::optional<double>& v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); }
}  // namespace

QJsonObject runToJson(const Run& run) {
  QJsonObject o;
  o[QStringLiteral("id")] = static_cast<qint64>(run.id);
  o[QStringLiteral("run")] = q(run.key);
  for (const RunFieldSpec& spec : runFieldSpecs()) {
    if (spec.kind == FieldKind::Text) {
      o[q(spec.name)] = q(runFieldText(run, spec.name).value_or(""));
    } else if (spec.kind == FieldKind::Boolean) {
      const auto v = runFieldNumber(run, spec.name);
      o[q(spec.name)] = v ? QJsonValue(*v != 0) : QJsonValue(QJsonValue::Null);
    } else if (spec.kind == FieldKind::Integer) {
      const auto v = runFieldNumber(run, spec.name);
      o[q(spec.name)] = v ? QJsonValue(static_cast<qint64>(*v)) : QJsonValue(QJsonValue::Null);
    } else {
      o[q(spec.name)] = optional(runFieldNumber(run, spec.name));
    }
  }
  QJsonObject derived;
  for (const AxisInfo& a : axisCatalogue()) derived[q(a.id)] = optional(axisValue(run, a.axis));
  o[QStringLiteral("axes")] = derived;
  QJsonArray metrics;
  for (const Metric& m : run.metrics) {
    QJsonObject jm;
    jm[QStringLiteral("name")] = q(m.name);
    jm[QStringLiteral("value")] = m.value;
    jm[QStringLiteral("stderr")] = optional(m.std_error);
    jm[QStringLiteral("n")] = m.n ? QJsonValue(static_cast<qint64>(*m.n)) : QJsonValue(QJsonValue::Null);
    if (m.n_shot) jm[QStringLiteral("n_shot")] = *m.n_shot;
    if (m.higher_is_better) jm[QStringLiteral("higher_is_better")] = *m.higher_is_better;
    metrics.append(jm);
  }
  o[QStringLiteral("metrics")] = metrics;
  o[QStringLiteral("source")] = q(run.source.text());
  QJsonObject origin;  // the same, as fields: nothing parses the text back
  if (!run.source.file.empty()) origin[QStringLiteral("file")] = q(run.source.file);
  if (run.source.line > 0) origin[QStringLiteral("line")] = static_cast<qint64>(run.source.line);
  if (!run.source.pointer.empty()) origin[QStringLiteral("pointer")] = q(run.source.pointer);
  if (!run.source.sha256.empty()) origin[QStringLiteral("sha256")] = q(run.source.sha256);
  if (!run.source.producer.empty()) origin[QStringLiteral("producer")] = q(run.source.producer);
  o[QStringLiteral("origin")] = origin;
  if (!run.eval.empty()) {
    QJsonObject eval;
    for (const auto& [k, v] : run.eval) eval[q(k)] = q(v);
    o[QStringLiteral("eval")] = eval;
  }
  return o;
}

QJsonObject importSummaryToJson(const ImportSummary& s) {
  QJsonObject o;
  o[QStringLiteral("file")] = q(s.file);
  o[QStringLiteral("format")] = q(s.format);
  QJsonArray notes;
  for (const std::string& text : s.notes) notes.append(q(text));
  o[QStringLiteral("notes")] = notes;
  o[QStringLiteral("runs_added")] = static_cast<qint64>(s.runs_added);
  o[QStringLiteral("runs_skipped")] = static_cast<qint64>(s.runs_existing);
  o[QStringLiteral("metrics_added")] = static_cast<qint64>(s.metrics_added);
  o[QStringLiteral("metrics_skipped")] = static_cast<qint64>(s.metrics_existing);
  QJsonArray w;
  for (const std::string& text : s.warnings) w.append(q(text));
  o[QStringLiteral("warnings")] = w;
  return o;
}

}  // namespace rs
