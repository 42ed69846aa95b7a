#include "app/cli_commands.h"

#include "app/cli_support.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#include "core/io/store/experiment_store.h"
#include "core/io/import_plan.h"
#include "core/io/run_json.h"
#include "core/io/task_overrides.h"
#include "core/model/axes.h"
#include "core/model/selection.h"

namespace rs::cli {

int runImport(const QStringList& args) {
  QCommandLineParser p;
  p.addOption({QStringLiteral("db"), QStringLiteral("Experiment database to append to (created when missing)."), QStringLiteral("DB")});
  addPlacementOptions(p);
  p.addOption({QStringLiteral("json"), QStringLiteral("Print the summary as JSON.")});
  p.addPositionalArgument(QStringLiteral("PATH"),
                          QStringLiteral("Results files (CSV, lm-eval, lighteval, OpenCompass) or folders, searched recursively."),
                          QStringLiteral("PATH..."));
  if (auto code = parseArguments(p, args, "ratioscope-cli import PATH... --db DB [--set KEY=VALUE]... [--map MAP.csv] [--json]")) return *code;
  const QString db = p.value(QStringLiteral("db"));
  if (db.isEmpty()) return fail(QStringLiteral("import: --db DB is required"), 2);
  if (p.positionalArguments().isEmpty()) return fail(QStringLiteral("import: give at least one results file or folder"), 2);
  ImportOptions options;
  if (int code = readPlacement(p, options)) return code;
  // Every file is read and checked before the database is touched, so a bad
  // file never leaves a new, empty database behind.
  std::vector<std::string> paths;
  for (const QString& path : p.positionalArguments()) paths.push_back(path.toStdString());
  const ImportPlan plan = planImport(paths, options);
  if (!plan.ok()) return fail(plan.error);
  std::string error;
  auto store = ExperimentStore::open(db.toStdString(), error);
  if (!store) return fail(error);
  // A store error part-way (a conflict with runs already stored) keeps the
  // files before it; the database is never deleted, since others may have
  // written to it meanwhile.
  ImportSummary total;
  std::vector<ImportSummary> perFile;
  const auto e = executeImport(plan, *store, total, &perFile);
  QJsonArray files;
  for (std::size_t i = 0; i < perFile.size(); ++i) {
    const QString file = QString::fromStdString(perFile[i].file);
    for (const std::string& w : perFile[i].warnings) std::fprintf(stderr, "ratioscope-cli: warning: %s: %s\n", qPrintable(file), w.c_str());
    for (const std::string& n : perFile[i].notes) std::fprintf(stderr, "ratioscope-cli: note: %s: %s\n", qPrintable(file), n.c_str());
    files.append(importSummaryToJson(perFile[i]));
  }
  if (e) return fail(e->text());
  if (p.isSet(QStringLiteral("json"))) {
    QJsonObject o = importSummaryToJson(total);
    o.remove(QStringLiteral("file"));
    o.remove(QStringLiteral("warnings"));
    o[QStringLiteral("db")] = db;
    o[QStringLiteral("files")] = files;
    printJson(o);
  } else {
    std::printf("%s: %zu runs added (%zu already stored), %zu metrics added (%zu already stored)\n", qPrintable(db),
                total.runs_added, total.runs_existing, total.metrics_added, total.metrics_existing);
  }
  return 0;
}

int runRuns(const QStringList& args) {
  QCommandLineParser p;
  addInputOptions(p);
  p.addOption({QStringLiteral("json"), QStringLiteral("Print {\"runs\": [...]} as JSON.")});
  if (auto code = parseArguments(p, args, "ratioscope-cli runs --input DB_OR_RESULTS [--where KEY=VALUE]... [--json]")) return *code;
  auto selected = selectedRuns(p);
  if (auto* code = std::get_if<int>(&selected)) return *code;
  const auto& runs = std::get<std::vector<Run>>(selected);
  if (p.isSet(QStringLiteral("json"))) {
    QJsonArray list;
    for (const Run& r : runs) list.append(runToJson(r));
    QJsonObject o;
    o[QStringLiteral("runs")] = list;
    printJson(o);
    return 0;
  }
  // Columns as wide as their longest entry, so long family or model names keep them aligned.
  int family = 6, model = 5, method = 6;
  for (const Run& r : runs) {
    family = std::max(family, static_cast<int>(r.family.size()));
    model = std::max(model, static_cast<int>(r.model.size()));
    method = std::max(method, static_cast<int>(r.method.size()));
  }
  std::printf("%-6s %-*s %-*s %-*s %7s %6s %s\n", "id", family, "family", model, "model", method, "method", "ratio", "bits", "metrics");
  for (const Run& r : runs) {
    QStringList metrics;
    for (const Metric& m : r.metrics) metrics << QStringLiteral("%1=%2").arg(QString::fromStdString(m.name)).arg(m.value, 0, 'g', 4);
    std::printf("%-6lld %-*s %-*s %-*s %7.3f %6s %s\n", static_cast<long long>(r.id), family, r.family.c_str(), model, r.model.c_str(),
                method, r.method.c_str(), axisValue(r, Axis::Ratio).value_or(std::nan("")),
                r.bits ? QByteArray::number(*r.bits).constData() : "", qPrintable(metrics.join(QLatin1Char(' '))));
  }
  std::printf("%zu runs\n", runs.size());
  return 0;
}

}  // namespace rs::cli
