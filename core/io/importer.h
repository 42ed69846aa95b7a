#pragma once
// The one interface every file format implements (LabPlot's file filters,
// PlotJuggler's DataLoad plug-ins): whether it reads a file, judged from the
// path and the first bytes, and reading it into a neutral RunBatch with
// structured provenance. A format is one folder under core/io and one line in
// importers.cpp; nothing outside core/io names a format.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/import_error.h"
#include "core/io/run_placement.h"
#include "core/io/store/sqlite_header.h"  // startsWithSqliteHeader: a database, whatever the file is named
#include "core/model/run_batch.h"

namespace rs {

// What the user adds to files that do not say everything about their runs
// (lm-eval results name the model, not its compression).
struct ImportOptions {
  RunPlacement placement;  // --set KEY=VALUE and --map MAP.csv
};

struct ImportResult {
  RunBatch batch;
  std::optional<ImportError> error;
  std::vector<int> placement_rows;  // the --map rows that placed the file's runs
  bool ok() const { return !error.has_value(); }
};

class Importer {
 public:
  virtual ~Importer() = default;
  virtual std::string_view name() const = 0;         // "csv", "lm-eval": what messages and summaries call it
  virtual std::string_view description() const = 0;  // "lm-evaluation-harness results" (the Open dialog's filter name)
  virtual std::vector<std::string> patterns() const = 0;  // file-name globs for the Open dialog: "*.csv"
  // How sure this format is that it reads the file: 0 not at all; the
  // registry asks every format and takes the surest. `head` holds up to the
  // first 64 kB.
  virtual int accepts(std::string_view path, std::string_view head) const = 0;
  // Reads the whole file. Any error fails the file: nothing of it is returned.
  virtual ImportResult read(const std::string& path, std::string_view bytes, const ImportOptions& options) const = 0;
};

// Every registered format, in registration order.
const std::vector<const Importer*>& importers();

// The format that reads `path` (given its first bytes), or null.
const Importer* importerFor(std::string_view path, std::string_view head);

// Reads one file with the format that accepts it. A file no format accepts
// gets a message listing what Ratioscope reads.
ImportResult importFile(const std::string& path, const ImportOptions& options = {});

// The files under `path` that some format accepts, sorted: `path` itself when
// it is a file, else every such file below it (recursively; a folder whose
// name ends in .json is a folder). Sets `error` when there are none.
std::vector<std::string> importableFiles(const std::string& path, std::string& error);

// For implementers of read(): a result for `path` with its format and the
// bytes' SHA-256 set, filled by `read`, which throws ImportFailure or breaks
// a run rule (RunRuleError) to refuse the file. Either becomes the result's
// one error, naming the file (and its line or JSON pointer), with no runs.
ImportResult readGuarded(const std::string& path, std::string_view bytes, std::string_view format,
                         const std::function<void(ImportResult&)>& read);

// The SHA-256 of a file's bytes as hex: recorded with every import.
std::string sha256Hex(std::string_view bytes);
// The same of a file, read in pieces; empty when it is not a readable file
// (a folder, a PostgreSQL URL). What exported figures and tables record of
// their inputs.
std::string fileSha256(const std::string& path);

// "Results (*.csv *.json);;CSV runs (*.csv);;..." for file dialogs.
std::string importFileFilter();

}  // namespace rs
