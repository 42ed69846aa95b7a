#include "core/io/csv/csv_importer.h"

#include <QFile>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/io/csv/csv_records.h"
#include "core/model/run_fields.h"
#include "core/model/name_rules.h"
#include "core/io/input_file.h"

namespace rs {
namespace {

enum class CsvShape { Long, Wide };

std::string normalizedHeader(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view s) { return std::string(s.substr(0, s.find_last_not_of(" \t\r\n") + 1).substr(std::min(s.size(), s.find_first_not_of(" \t\r\n")))); }

// A number, but not one parseFiniteNumber takes: nan, inf, infinity, 1e400.
bool isNonFiniteNumber(std::string_view text) {
  std::string_view t = trimBlanks(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || end != t.data() + t.size()) return false;
  // Out of range is 1e400 (or 1e-400, which parseFiniteNumber refuses too).
  return ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(v));
}

[[noreturn]] void fail(std::size_t line, std::string column, std::string message) {
  throw ImportFailure({"", line, std::move(column), std::move(message)});
}

// Columns of one metric in the wide shape.
struct WideMetric {
  std::size_t column;
  std::string name;
  std::optional<std::size_t> stderrColumn, nColumn;
};

class RunBuilder {
 public:
  explicit RunBuilder(RunBatch& out) : out_(out) {}

  void header(const CsvRecord& rec) {
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < rec.fields.size(); ++i) {
      const std::string name = normalizedHeader(rec.fields[i]);
      if (name.empty()) fail(rec.line, "", "header field " + std::to_string(i + 1) + " is empty");
      if (!index.emplace(name, i).second) fail(rec.line, name, "appears twice in the header");
      names_.push_back(name);
      original_.push_back(trimmed(rec.fields[i]));
    }
    headerLine_ = rec.line;
    const bool hasModel = index.count("model"), hasMetric = index.count("metric"), hasValue = index.count("value");
    if (hasMetric || hasValue) {
      if (!hasModel || !hasMetric || !hasValue)
        fail(rec.line, !hasModel ? "model" : !hasMetric ? "metric" : "value",
             "missing: a long-format CSV (one row per metric) needs the columns model, metric and value");
      shape_ = CsvShape::Long;
    } else if (hasModel) {
      shape_ = CsvShape::Wide;
    } else {
      const bool otherSeparator = names_.size() == 1 && names_[0].find_first_of(";\t") != std::string::npos;
      fail(rec.line, "", otherSeparator ? "the header has no commas but has semicolons or tabs: Ratioscope reads comma-separated "
                                          "files (export with ',' as the separator)"
                                        : "unknown CSV shape: the header has no 'model' column. Long files need model, metric, "
                                          "value; wide files need model and one numeric column per metric");
    }
    for (std::size_t i = 0; i < names_.size(); ++i) {
      const std::string& n = names_[i];
      if (findRunField(n)) runColumns_.push_back(i);
      else if (n == "run") runIdColumn_ = i;
      else if (shape_ == CsvShape::Long) {
        if (n == "metric") metricColumn_ = i;
        else if (n == "value") valueColumn_ = i;
        else if (n == "stderr") stderrColumn_ = i;
        else if (n == "n") nColumn_ = i;
        else out_.warnings.push_back("column '" + original_[i] + "' is not a run or metric column; ignored");
      }
    }
    collector_.emplace(out_, runIdColumn_.has_value());
    if (shape_ == CsvShape::Wide) {
      for (std::size_t i = 0; i < names_.size(); ++i) {
        if (findRunField(names_[i]) || names_[i] == "run" || isCompanion(i, index)) continue;
        WideMetric m{i, original_[i], {}, {}};
        if (auto it = index.find(names_[i] + "_stderr"); it != index.end()) m.stderrColumn = it->second;
        if (auto it = index.find(names_[i] + "_n"); it != index.end()) m.nColumn = it->second;
        wideMetrics_.push_back(m);
      }
    }
  }

  void longRow(const CsvRecord& rec) {
    checkWidth(rec);
    const std::size_t run = runFor(rec);
    const std::string& name = rec.fields[metricColumn_];
    if (trimmed(name).empty()) fail(rec.line, "metric", "metric name is empty");
    if (std::string why = nameProblem("metric name", trimmed(name)); !why.empty()) fail(rec.line, "metric", why);
    addMetric(run, rec, trimmed(name), valueColumn_, stderrColumn_, nColumn_, true);
  }

  void wideRows(const std::vector<CsvRecord>& rows) {
    // A column with no numeric cell at all is text (notes, a URL): ignored.
    std::vector<WideMetric> numeric;
    for (const WideMetric& m : wideMetrics_) {
      bool anyNumber = false;
      const CsvRecord* nonFinite = nullptr;
      for (const CsvRecord& r : rows) {
        checkWidth(r);
        anyNumber = anyNumber || parseFiniteNumber(r.fields[m.column]).has_value();
        if (!nonFinite && isNonFiniteNumber(r.fields[m.column])) nonFinite = &r;
      }
      // A column of nan, inf or 1e400 is a metric whose every value is
      // unusable (a diverged evaluation), not text: dropping it with a
      // warning would lose a whole metric unseen, so it is refused, as a
      // single nan in a column of numbers is.
      if (!anyNumber && nonFinite)
        fail(nonFinite->line, original_[m.column],
             quotedValue(trimmed(nonFinite->fields[m.column])) + " is not a finite number, and no value in this metric column is: " +
                 "fix the values, or remove the column");
      if (anyNumber) numeric.push_back(m);
      else out_.warnings.push_back("column '" + m.name + "' has no numeric values; ignored");
    }
    if (numeric.empty()) fail(headerLine_, "", "wide-format CSV has no numeric metric column besides the run columns");
    for (const CsvRecord& r : rows) {
      const std::size_t run = runFor(r);
      for (const WideMetric& m : numeric) addMetric(run, r, m.name, m.column, m.stderrColumn, m.nColumn, false);
    }
  }

  void finish() { deriveRatios(out_.runs); }

  CsvShape shape() const { return shape_; }

 private:
  bool isCompanion(std::size_t i, const std::map<std::string, std::size_t>& index) const {
    for (std::string_view suffix : {"_stderr", "_n"}) {
      const std::string& n = names_[i];
      if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          index.count(n.substr(0, n.size() - suffix.size())))
        return true;
    }
    return false;
  }

  void checkWidth(const CsvRecord& rec) const {
    if (rec.fields.size() != names_.size())
      fail(rec.line, "", "has " + std::to_string(rec.fields.size()) + " fields but the header has " +
                             std::to_string(names_.size()));
  }

  Run parseRun(const CsvRecord& rec) const {
    Run run;
    for (std::size_t c : runColumns_) {
      const std::string why = setRunField(run, names_[c], rec.fields[c]);
      if (!why.empty()) fail(rec.line, names_[c], why);
    }
    return run;
  }

  RunSource where(const CsvRecord& rec) const { return RunSource{out_.file, rec.line, "", out_.sha256, ""}; }

  // The run a row belongs to, created on first sight. Raw text of the run
  // columns is compared first (cheap); only differing text is parsed and
  // compared by value, so "1e9" and "1000000000" are the same run.
  std::size_t runFor(const CsvRecord& rec) {
    std::string raw;
    if (runIdColumn_) {
      raw = trimmed(rec.fields[*runIdColumn_]);
      if (raw.empty()) fail(rec.line, "run", "run id is empty");
    } else {
      for (std::size_t c : runColumns_) { raw += trimmed(rec.fields[c]); raw += '\x1f'; }
    }
    if (auto it = byRaw_.find(raw); it != byRaw_.end()) {
      // A named run seen again: the same fields, or a conflict.
      if (runIdColumn_ && rawRunFields(rec) != rawFields_[it->second]) collector_->addByKey(raw, parseRun(rec), where(rec));
      return it->second;
    }
    Run run = parseRun(rec);
    const std::string key = runIdColumn_ ? raw : derivedRunKey(run);
    const std::size_t before = out_.runs.size();
    const std::size_t index = collector_->addByKey(key, std::move(run), where(rec));
    if (out_.runs.size() > before) rawFields_.push_back(rawRunFields(rec));
    byRaw_.emplace(raw, index);
    return index;
  }

  std::vector<std::string> rawRunFields(const CsvRecord& rec) const {
    std::vector<std::string> v;
    for (std::size_t c : runColumns_) v.push_back(trimmed(rec.fields[c]));
    return v;
  }

  void addMetric(std::size_t runIndex, const CsvRecord& rec, const std::string& name, std::size_t valueCol,
                 std::optional<std::size_t> stderrCol, std::optional<std::size_t> nCol, bool valueRequired) {
    const std::string& valueText = rec.fields[valueCol];
    const std::string& columnName = original_[valueCol];
    if (trimmed(valueText).empty()) {
      if (valueRequired) fail(rec.line, columnName, "value is empty");
      return;  // wide shape: this run lacks this metric
    }
    Metric m;
    m.name = name;
    const auto v = parseFiniteNumber(valueText);
    if (!v) fail(rec.line, columnName, quotedValue(trimmed(valueText)) + " is not a finite number");
    m.value = *v;
    if (stderrCol && !trimmed(rec.fields[*stderrCol]).empty()) {
      const auto se = parseFiniteNumber(rec.fields[*stderrCol]);
      if (!se || *se < 0) fail(rec.line, original_[*stderrCol], quotedValue(trimmed(rec.fields[*stderrCol])) + " is not a finite number >= 0");
      m.std_error = *se;
    }
    if (nCol && !trimmed(rec.fields[*nCol]).empty()) {
      const auto n = parseFiniteNumber(rec.fields[*nCol]);
      if (!n || *n < 1 || *n != std::floor(*n) || *n > 9e15)
        fail(rec.line, original_[*nCol], quotedValue(trimmed(rec.fields[*nCol])) + " is not a positive whole number of examples");
      m.n = static_cast<std::int64_t>(*n);
    }
    try {
      collector_->addMetric(runIndex, std::move(m), where(rec));
    } catch (const RunRuleError& e) {
      fail(rec.line, columnName, e.what());
    }
  }

  RunBatch& out_;
  CsvShape shape_ = CsvShape::Long;
  std::optional<RunCollector> collector_;
  std::vector<std::string> names_, original_;
  std::size_t headerLine_ = 1;
  std::vector<std::size_t> runColumns_;
  std::optional<std::size_t> runIdColumn_, stderrColumn_, nColumn_;
  std::size_t metricColumn_ = 0, valueColumn_ = 0;
  std::vector<WideMetric> wideMetrics_;
  std::unordered_map<std::string, std::size_t> byRaw_;
  std::vector<std::vector<std::string>> rawFields_;
};

}  // namespace

ImportResult importCsvText(std::string_view bytes, const std::string& label) {
  return readGuarded(label, bytes, "csv", [&](ImportResult& result) {
    if (startsWithSqliteHeader(bytes))
      fail(0, "", "this is an SQLite database, not a CSV: open it directly (--input FILE, or File ▸ Open) instead of importing it");
    if (bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string_view::npos) fail(0, "", "file is empty");
    std::size_t badLine = 0;
    if (std::string why = checkUtf8(bytes, badLine); !why.empty()) fail(badLine, "", why);
    RunBuilder builder(result.batch);
    bool haveHeader = false;
    std::size_t dataRows = 0;
    std::vector<CsvRecord> wide;
    parseCsvRecords(bytes, [&](const CsvRecord& rec) {
      if (!haveHeader) { builder.header(rec); haveHeader = true; return; }
      ++dataRows;
      if (builder.shape() == CsvShape::Long) builder.longRow(rec);
      else wide.push_back(rec);
    });
    if (dataRows == 0) fail(0, "", "no data rows below the header");
    if (builder.shape() == CsvShape::Wide) builder.wideRows(wide);
    builder.finish();
  });
}

ImportResult importCsvFile(const std::string& path) {
  QFile file(QString::fromStdString(path));
  const std::string notAFile = inputFileProblem(path);
  if (!notAFile.empty() || !file.open(QIODevice::ReadOnly)) {
    ImportResult r;
    r.batch.file = path;
    r.error = ImportError{path, 0, "", notAFile.empty() ? "cannot open: " + file.errorString().toStdString() : notAFile};
    return r;
  }
  const QByteArray bytes = file.readAll();
  return importCsvText(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), path);
}

int CsvImporter::accepts(std::string_view path, std::string_view head) const {
  const bool csvName = path.size() >= 4 && (path.substr(path.size() - 4) == ".csv" || path.substr(path.size() - 4) == ".CSV");
  if (csvName) return 50;
  // Text that is not JSON and not a database: most likely CSV (a .txt export).
  const auto first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string_view::npos || startsWithSqliteHeader(head)) return 0;
  return head[first] == '{' || head[first] == '[' ? 0 : 5;
}

ImportResult CsvImporter::read(const std::string& path, std::string_view bytes, const ImportOptions& options) const {
  ImportResult r = importCsvText(bytes, path);
  if (r.ok() && !options.placement.empty())
    r.batch.warnings.push_back(options.placement.describe() + " ignored for " + path + ": a Ratioscope CSV names its run fields in its columns");
  return r;
}

}  // namespace rs
