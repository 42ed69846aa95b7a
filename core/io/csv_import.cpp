#include "core/io/csv_import.h"

#include <QCryptographicHash>
#include <QFile>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "core/io/csv_records.h"
#include "core/model/run_fields.h"

namespace rs {
namespace {

std::string normalizedHeader(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trimmed(std::string_view s) { return std::string(s.substr(0, s.find_last_not_of(" \t\r\n") + 1).substr(std::min(s.size(), s.find_first_not_of(" \t\r\n")))); }

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
  explicit RunBuilder(ParsedRuns& out) : out_(out) {}

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
      out_.shape = CsvShape::Long;
    } else if (hasModel) {
      out_.shape = CsvShape::Wide;
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
      else if (out_.shape == CsvShape::Long) {
        if (n == "metric") metricColumn_ = i;
        else if (n == "value") valueColumn_ = i;
        else if (n == "stderr") stderrColumn_ = i;
        else if (n == "n") nColumn_ = i;
        else out_.warnings.push_back("column '" + original_[i] + "' is not a run or metric column; ignored");
      }
    }
    if (out_.shape == CsvShape::Wide) {
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
    addMetric(run, rec, trimmed(name), valueColumn_, stderrColumn_, nColumn_, true);
  }

  void wideRows(const std::vector<CsvRecord>& rows) {
    // A column with no numeric cell at all is text (notes, a URL): ignored.
    std::vector<WideMetric> numeric;
    for (const WideMetric& m : wideMetrics_) {
      bool anyNumber = false;
      for (const CsvRecord& r : rows) {
        checkWidth(r);
        anyNumber = anyNumber || parseFiniteNumber(r.fields[m.column]).has_value();
      }
      if (anyNumber) numeric.push_back(m);
      else out_.warnings.push_back("column '" + m.name + "' has no numeric values; ignored");
    }
    if (numeric.empty()) fail(headerLine_, "", "wide-format CSV has no numeric metric column besides the run columns");
    for (const CsvRecord& r : rows) {
      const std::size_t run = runFor(r);
      for (const WideMetric& m : numeric) addMetric(run, r, m.name, m.column, m.stderrColumn, m.nColumn, false);
    }
  }

  void finish() {
    deriveRatios();
    for (std::size_t i = 0; i < out_.runs.size(); ++i) out_.runs[i].source = out_.file + ":" + std::to_string(firstLine_[i]);
  }

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
      if (runIdColumn_) checkSameRun(it->second, rec);
      return it->second;
    }
    Run run = parseRun(rec);
    std::string key = runIdColumn_ ? raw : derivedRunKey(run);
    if (auto it = byKey_.find(key); it != byKey_.end()) {
      byRaw_.emplace(raw, it->second);
      return it->second;
    }
    run.key = key;
    out_.runs.push_back(std::move(run));
    rawFields_.push_back(rawRunFields(rec));
    firstLine_.push_back(rec.line);
    metricIndex_.emplace_back();
    const std::size_t index = out_.runs.size() - 1;
    byRaw_.emplace(raw, index);
    byKey_.emplace(key, index);
    return index;
  }

  std::vector<std::string> rawRunFields(const CsvRecord& rec) const {
    std::vector<std::string> v;
    for (std::size_t c : runColumns_) v.push_back(trimmed(rec.fields[c]));
    return v;
  }

  // A run as the file names it: its `run` cell, or (without that column, when
  // the key is every run field joined) the fields a reader recognises.
  std::string describe(const Run& r) const {
    if (runIdColumn_) return "run '" + r.key + "'";
    std::string text = "the run of model '" + r.model + "' (" + r.method;
    if (r.ratio) text += ", ratio " + formatNumber(*r.ratio);
    if (r.bits) text += ", " + formatNumber(*r.bits) + " bits";
    if (r.seed) text += ", seed " + std::to_string(*r.seed);
    return text + ")";
  }

  void checkSameRun(std::size_t index, const CsvRecord& rec) {
    if (rawRunFields(rec) == rawFields_[index]) return;
    const Run other = parseRun(rec);
    const std::string field = out_.runs[index].firstDifferingField(other);
    if (field.empty()) return;
    const Run& first = out_.runs[index];
    fail(rec.line, field, describe(first) + " is given " + field + " '" + runFieldText(other, field).value_or("") +
                              "' here but '" + runFieldText(first, field).value_or("") + "' on line " +
                              std::to_string(firstLine_[index]) + " (conflicting duplicate run)");
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
    if (!v) fail(rec.line, columnName, "'" + trimmed(valueText) + "' is not a finite number");
    m.value = *v;
    if (stderrCol && !trimmed(rec.fields[*stderrCol]).empty()) {
      const auto se = parseFiniteNumber(rec.fields[*stderrCol]);
      if (!se || *se < 0) fail(rec.line, original_[*stderrCol], "'" + trimmed(rec.fields[*stderrCol]) + "' is not a finite number >= 0");
      m.std_error = *se;
    }
    if (nCol && !trimmed(rec.fields[*nCol]).empty()) {
      const auto n = parseFiniteNumber(rec.fields[*nCol]);
      if (!n || *n < 1 || *n != std::floor(*n) || *n > 9e15)
        fail(rec.line, original_[*nCol], "'" + trimmed(rec.fields[*nCol]) + "' is not a positive whole number of examples");
      m.n = static_cast<std::int64_t>(*n);
    }
    ++out_.metric_values;
    Run& run = out_.runs[runIndex];
    auto& index = metricIndex_[runIndex];
    if (auto it = index.find(name); it != index.end()) {
      const Metric& old = run.metrics[it->second];
      if (old == m) { ++out_.duplicate_values; return; }
      fail(rec.line, columnName, "metric '" + name + "' of " + describe(run) + " is given twice with different values (" +
                                     formatNumber(old.value) + " earlier, " + formatNumber(m.value) + " here)");
    }
    index.emplace(name, run.metrics.size());
    run.metrics.push_back(std::move(m));
  }

  void deriveRatios() {
    std::map<std::pair<std::string, std::string>, const Run*> dense;
    for (const Run& r : out_.runs)
      if (r.isDense()) dense.emplace(std::pair{r.family, r.model}, &r);
    for (std::size_t i = 0; i < out_.runs.size(); ++i) {
      Run& r = out_.runs[i];
      if (r.isDense()) {
        if (r.ratio && *r.ratio != 0)
          fail(firstLine_[i], "ratio", "ratio " + formatNumber(*r.ratio) + " given for a dense run (no method); name its compression method");
        continue;
      }
      if (r.ratio) continue;
      const auto d = dense.find({r.family, r.model});
      const Run* base = d == dense.end() ? nullptr : d->second;
      if (base && base->size_bytes && *base->size_bytes > 0 && r.size_bytes) {
        r.ratio = 1.0 - *r.size_bytes / *base->size_bytes;
      } else if (r.sparsity) {
        r.ratio = *r.sparsity;
      } else if (r.bits) {
        r.ratio = 1.0 - *r.bits / (base && base->bits ? *base->bits : 16.0);
      } else {
        fail(firstLine_[i], "ratio", "compressed run '" + r.key + "' (method " + r.method +
                                         ") has no ratio and nothing to derive it from: give ratio, size_bytes with a dense run of the same model, sparsity or bits");
      }
      if (!(*r.ratio >= 0 && *r.ratio < 1))
        fail(firstLine_[i], "ratio", "derived ratio " + formatNumber(*r.ratio) + " of run '" + r.key +
                                         "' is outside [0, 1): check size_bytes, sparsity and bits");
    }
  }

  ParsedRuns& out_;
  std::vector<std::string> names_, original_;
  std::size_t headerLine_ = 1;
  std::vector<std::size_t> runColumns_;
  std::optional<std::size_t> runIdColumn_, stderrColumn_, nColumn_;
  std::size_t metricColumn_ = 0, valueColumn_ = 0;
  std::vector<WideMetric> wideMetrics_;
  std::unordered_map<std::string, std::size_t> byRaw_, byKey_;
  std::vector<std::vector<std::string>> rawFields_;
  std::vector<std::size_t> firstLine_;
  std::vector<std::unordered_map<std::string, std::size_t>> metricIndex_;
};

}  // namespace

bool startsWithSqliteHeader(std::string_view bytes) { return bytes.substr(0, 16) == std::string_view("SQLite format 3\0", 16); }

CsvImportResult importCsvText(std::string_view bytes, const std::string& label) {
  CsvImportResult result;
  result.parsed.file = label;
  result.parsed.sha256 = QCryptographicHash::hash(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                                  QCryptographicHash::Sha256).toHex().toStdString();
  try {
    if (startsWithSqliteHeader(bytes))
      fail(0, "", "this is an SQLite database, not a CSV: open it directly (--input FILE, or File ▸ Open) instead of importing it");
    if (bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF") == std::string_view::npos) fail(0, "", "file is empty");
    std::size_t badLine = 0;
    if (std::string why = checkUtf8(bytes, badLine); !why.empty()) fail(badLine, "", why);
    RunBuilder builder(result.parsed);
    bool haveHeader = false;
    std::size_t dataRows = 0;
    std::vector<CsvRecord> wide;
    parseCsvRecords(bytes, [&](const CsvRecord& rec) {
      if (!haveHeader) { builder.header(rec); haveHeader = true; return; }
      ++dataRows;
      if (result.parsed.shape == CsvShape::Long) builder.longRow(rec);
      else wide.push_back(rec);
    });
    if (dataRows == 0) fail(0, "", "no data rows below the header");
    if (result.parsed.shape == CsvShape::Wide) builder.wideRows(wide);
    builder.finish();
  } catch (const ImportFailure& f) {
    result.error = f.error;
    result.error->file = label;
    result.parsed.runs.clear();
  }
  return result;
}

CsvImportResult importCsvFile(const std::string& path) {
  QFile file(QString::fromStdString(path));
  if (!file.open(QIODevice::ReadOnly)) {
    CsvImportResult r;
    r.parsed.file = path;
    r.error = ImportError{path, 0, "", "cannot open: " + file.errorString().toStdString()};
    return r;
  }
  const QByteArray bytes = file.readAll();
  return importCsvText(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), path);
}

}  // namespace rs
