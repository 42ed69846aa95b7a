#pragma once
// What every ratioscope-cli subcommand shares: option parsing, --input with
// --where selections, --tasks overrides, JSON output and error exits.

#include <QCommandLineParser>
#include <QJsonObject>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/io/importer.h"
#include "core/model/provenance.h"
#include "core/model/run.h"
#include "core/model/task_catalog.h"
#include "core/model/text_table.h"

namespace rs::cli {

// Prints "ratioscope-cli: MESSAGE" to stderr and returns `code`.
int fail(const QString& message, int code = 1);
int fail(const std::string& message, int code = 1);
void printJson(const QJsonObject& object);

// Parses `args` (program name first) after adding --help. Returns the exit
// code when the command should stop (bad usage: 2, --help: 0).
std::optional<int> parseArguments(QCommandLineParser& parser, const QStringList& args, const char* usage);

// What a command prints: its text report, JSON, or a table (text_table.h).
struct OutputFormat {
  enum class Kind { Text, Json, Table } kind = Kind::Text;
  TableFormat table = TableFormat::Latex;  // when kind is Table
};
// Adds --format FORMAT (with `formats` listed in its help, e.g.
// "text, json, latex, csv or markdown") and --json, its alias for json.
void addFormatOptions(QCommandLineParser& parser, const char* formats);
// Reads --format and --json; an unknown format is refused (exit 2) with a
// message listing the formats.
std::variant<OutputFormat, int> outputFormat(const QCommandLineParser& parser, const char* command);
// The caption line of a table: the command as typed, with the version
// ("ratioscope-cli fit --input lab.sqlite --law chinchilla (Ratioscope 0.1.0)").
// `args` as the command received them (program name first).
std::string commandProvenance(const char* command, const QStringList& args);
// What made a table (core/model/provenance.h): the command line above, each
// --input and --tasks file with the SHA-256 of its bytes, each file the runs
// were read from with the hash its reader recorded (a database's runs name
// the results files they were imported from), and the runs, so a reader of
// the table can check that the data behind it is the data they have. The
// command adds its options (settings).
TableProvenance tableProvenance(const char* command, const QStringList& args, const QCommandLineParser& parser, const std::vector<Run>& runs);

// --input DB_OR_RESULTS, repeatable --where KEY=VALUE, --tasks FILE, and the
// placement options of results files (--set, --map).
void addInputOptions(QCommandLineParser& parser);
// Repeatable --set KEY=VALUE and --map MAP.csv.
void addPlacementOptions(QCommandLineParser& parser);
// Reads --set and --map into `options`; returns 0 or an exit code.
int readPlacement(const QCommandLineParser& parser, ImportOptions& options);
// Loads --input and keeps the runs --where selects, or returns an exit code.
// `all`, when given, receives every loaded run (dense anchors of a selection):
// from a store with --where, the runs of the selected families, or with
// `wholeInput` every run it keeps (a figure's palette order).
std::variant<std::vector<Run>, int> selectedRuns(const QCommandLineParser& parser, std::vector<Run>* all = nullptr, bool wholeInput = false);
// Applies --tasks to `tasks`; returns 0 or an exit code.
int loadTasks(const QCommandLineParser& parser, TaskCatalog& tasks);

}  // namespace rs::cli
