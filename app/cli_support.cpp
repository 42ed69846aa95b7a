#include "app/cli_support.h"

#include <QJsonDocument>
#include <cstdio>
#include <set>

#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/io/task_overrides.h"
#include "core/model/provenance.h"
#include "core/model/selection.h"

namespace rs::cli {

int fail(const QString& message, int code) {
  std::fprintf(stderr, "ratioscope-cli: %s\n", qPrintable(message));
  return code;
}

int fail(const std::string& message, int code) { return fail(QString::fromStdString(message), code); }

void printJson(const QJsonObject& o) { std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout); }

std::optional<int> parseArguments(QCommandLineParser& p, const QStringList& args, const char* usage) {
  p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
  const QCommandLineOption help(QStringLiteral("help"), QStringLiteral("Show this help."));
  p.addOption(help);
  if (!p.parse(args)) return fail(p.errorText() + QStringLiteral("\nusage: ") + QLatin1String(usage), 2);
  if (p.isSet(help)) {
    std::printf("usage: %s\n\n%s", usage, qPrintable(p.helpText().section(QLatin1Char('\n'), 2)));
    return 0;
  }
  return std::nullopt;
}

void addFormatOptions(QCommandLineParser& p, const char* formats) {
  p.addOption({QStringLiteral("format"), QStringLiteral("Output: %1 (default text).").arg(QLatin1String(formats)), QStringLiteral("FORMAT"),
               QStringLiteral("text")});
  p.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON (the same as --format json).")});
}

std::variant<OutputFormat, int> outputFormat(const QCommandLineParser& p, const char* command) {
  const QString id = p.value(QStringLiteral("format"));
  OutputFormat out;
  if (p.isSet(QStringLiteral("json"))) {
    if (p.isSet(QStringLiteral("format")) && id != QLatin1String("json"))
      return fail(QStringLiteral("%1: --json and --format %2 contradict each other").arg(QLatin1String(command), id), 2);
    out.kind = OutputFormat::Kind::Json;
    return out;
  }
  if (id == QLatin1String("text")) return out;
  if (id == QLatin1String("json")) {
    out.kind = OutputFormat::Kind::Json;
    return out;
  }
  if (const auto table = tableFormatFromId(id.toStdString())) {
    out.kind = OutputFormat::Kind::Table;
    out.table = *table;
    return out;
  }
  return fail(QStringLiteral("%1: unknown --format '%2'; formats: text, json, latex, csv, markdown").arg(QLatin1String(command), id), 2);
}

std::string commandProvenance(const char* command, const QStringList& args) {
  // The program as people call it, not the path it ran from.
  std::vector<std::string> words = {"ratioscope-cli", command};
  for (qsizetype i = 1; i < args.size(); ++i) words.push_back(args[i].toStdString());
  return producedBy(commandLine(words));
}

TableProvenance tableProvenance(const char* command, const QStringList& args, const QCommandLineParser& p, const std::vector<Run>& runs) {
  std::vector<DataSource> inputs;
  QStringList paths = p.values(QStringLiteral("input"));
  if (p.isSet(QStringLiteral("tasks"))) paths << p.value(QStringLiteral("tasks"));
  for (const QString& input : paths) inputs.push_back({input.toStdString(), fileSha256(input.toStdString()), 0});
  return rs::tableProvenance(commandProvenance(command, args), inputs, runs);
}

void addPlacementOptions(QCommandLineParser& p) {
  p.addOption({QStringLiteral("set"), QStringLiteral("A run field for every run of a results file (method=wanda, sparsity=0.5); repeatable."),
               QStringLiteral("KEY=VALUE")});
  p.addOption({QStringLiteral("map"), QStringLiteral("CSV whose first column is a model name or path glob and whose other columns are run fields."),
               QStringLiteral("MAP.csv")});
}

int readPlacement(const QCommandLineParser& p, ImportOptions& options) {
  for (const QString& s : p.values(QStringLiteral("set")))
    if (std::string why = addSetOption(options.placement, s.toStdString()); !why.empty()) return fail(why, 2);
  if (p.isSet(QStringLiteral("map")))
    if (auto e = loadRunMap(p.value(QStringLiteral("map")).toStdString(), options.placement)) return fail(e->text());
  return 0;
}

void addInputOptions(QCommandLineParser& p) {
  p.addOption({QStringLiteral("input"), QStringLiteral("Experiment database, results file (CSV, lm-eval, lighteval, OpenCompass) or a folder of them."),
               QStringLiteral("DB_OR_RESULTS")});
  addPlacementOptions(p);
  p.addOption({QStringLiteral("where"), QStringLiteral("Keep runs where KEY=VALUE (also !=, <, <=, >, >=); repeatable."),
               QStringLiteral("KEY=VALUE")});
  p.addOption({QStringLiteral("tasks"), QStringLiteral("JSON file overriding task chance levels and categories."), QStringLiteral("FILE")});
}

std::variant<std::vector<Run>, int> selectedRuns(const QCommandLineParser& p, std::vector<Run>* all, bool wholeInput) {
  const QString input = p.value(QStringLiteral("input"));
  if (input.isEmpty()) return fail(QStringLiteral("--input DB_OR_RESULTS is required"), 2);
  Selection selection;
  for (const QString& w : p.values(QStringLiteral("where"))) {
    Condition c;
    if (std::string why = parseCondition(w.toStdString(), c); !why.empty()) return fail("--where: " + why, 2);
    selection.conditions.push_back(c);
  }
  ImportOptions options;
  if (int code = readPlacement(p, options)) return code;
  // A store evaluates the selection itself and reads only its runs (and, for
  // dense anchors and baselines, the runs of the same families); files are
  // read whole.
  const std::string source = input.toStdString();
  const bool store = ExperimentStore::isStore(source);
  if (store && !selection.conditions.empty()) {
    LoadedRuns loaded = loadRuns(source, options, selection);
    if (!loaded.ok()) return fail(loaded.error);
    if (loaded.runs.empty())
      return fail(QStringLiteral("no run matches the --where filters in %1; `ratioscope-cli runs --input %1` lists them").arg(input));
    if (all && wholeInput) {
      LoadedRuns every = loadRuns(source, options);
      if (!every.ok()) return fail(every.error);
      *all = std::move(every.runs);
    } else if (all) {
      std::set<std::string> families;
      for (const Run& r : loaded.runs) families.insert(r.family);
      all->clear();
      for (const std::string& family : families) {
        Selection same;
        same.conditions.push_back(Condition{"family", Condition::Op::Equal, family});
        LoadedRuns kin = loadRuns(source, options, same);
        if (!kin.ok()) return fail(kin.error);
        all->insert(all->end(), kin.runs.begin(), kin.runs.end());
      }
    }
    return std::move(loaded.runs);
  }
  LoadedRuns loaded = loadRuns(source, options);
  if (!loaded.ok()) return fail(loaded.error);
  if (loaded.from_database && !options.placement.empty())
    std::fprintf(stderr, "ratioscope-cli: warning: %s ignored: the runs in an experiment database are already placed\n", options.placement.describe().c_str());
  for (const std::string& w : loaded.warnings) std::fprintf(stderr, "ratioscope-cli: warning: %s\n", w.c_str());
  for (const std::string& n : loaded.notes) std::fprintf(stderr, "ratioscope-cli: note: %s\n", n.c_str());
  std::vector<Run> selected = selection.apply(loaded.runs);
  if (selected.empty() && !loaded.runs.empty() && !selection.conditions.empty())
    return fail(QStringLiteral("no run matches the --where filters (%1 runs in %2); `ratioscope-cli runs --input %2` lists them")
                    .arg(loaded.runs.size())
                    .arg(input));
  if (all) *all = std::move(loaded.runs);
  return selected;
}

int loadTasks(const QCommandLineParser& p, TaskCatalog& tasks) {
  if (!p.isSet(QStringLiteral("tasks"))) return 0;
  const std::string why = applyTaskOverrides(p.value(QStringLiteral("tasks")).toStdString(), tasks);
  return why.empty() ? 0 : fail(why);
}

}  // namespace rs::cli
