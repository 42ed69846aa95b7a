#include "core/io/csv/csv_records.h"

#include <csv.h>

#include <QStringDecoder>
#include <algorithm>
#include <exception>

#include "core/io/import_error.h"

namespace rs {

std::string checkUtf8(std::string_view bytes, std::size_t& badLine) {
  badLine = 0;
  auto startsWith = [&](std::string_view bom) { return bytes.substr(0, bom.size()) == bom; };
  if (startsWith(std::string_view("\xFF\xFE\0\0", 4)) || startsWith(std::string_view("\0\0\xFE\xFF", 4)))
    return "file is UTF-32 encoded; save it as UTF-8";
  if (startsWith("\xFF\xFE") || startsWith("\xFE\xFF")) return "file is UTF-16 encoded; save it as UTF-8";
  QStringDecoder whole(QStringDecoder::Utf8);
  const QString decoded = whole.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
  if (!whole.hasError()) return "";
  // Rare path: find the first offending line for the message.
  std::size_t start = 0, line = 1;
  while (start <= bytes.size()) {
    const std::size_t end = std::min(bytes.find('\n', start), bytes.size());
    QStringDecoder lineDecoder(QStringDecoder::Utf8);
    const QString lineText = lineDecoder.decode(QByteArrayView(bytes.data() + start, static_cast<qsizetype>(end - start)));
    if (lineDecoder.hasError()) break;
    start = end + 1;
    ++line;
  }
  badLine = line;
  return "invalid UTF-8 byte sequence (is it Latin-1 or Windows-1252?); save the file as UTF-8";
}

namespace {

// libcsv calls back per field and per record end. Line numbers are counted
// from the terminators it reports (CSV_REPALL_NL makes it report every CR and
// LF, so blank lines are seen) plus newlines inside quoted fields. A CR ends a
// line too (old Mac files use CR alone), except the CR of a CRLF pair.
struct Collector {
  const std::function<void(const CsvRecord&)>* onRecord;
  CsvRecord record;
  std::size_t line = 1;          // line the next record starts on
  std::size_t embeddedNewlines = 0;
  bool inRecord = false;
  bool afterCr = false;          // the last terminator was a CR
  // Exceptions must not unwind through libcsv's C frames: the first one is
  // kept here, later records are ignored, and it is rethrown after parsing.
  std::exception_ptr failure;

  void field(const char* data, std::size_t len) {
    afterCr = false;
    if (!inRecord) { inRecord = true; record.line = line; record.fields.clear(); }
    record.fields.emplace_back(data ? data : "", len);
    embeddedNewlines += static_cast<std::size_t>(std::count(data, data + len, '\n'));
  }
  void end(int terminator) {
    if (inRecord) {
      const bool blank = record.fields.size() == 1 && record.fields[0].empty();
      if (!blank && !failure) {
        try {
          (*onRecord)(record);
        } catch (...) {
          failure = std::current_exception();
        }
      }
      inRecord = false;
    }
    line += embeddedNewlines;
    embeddedNewlines = 0;
    if (terminator == '\r' || (terminator == '\n' && !afterCr)) ++line;
    afterCr = terminator == '\r';
  }
};

void onField(void* data, size_t len, void* self) { static_cast<Collector*>(self)->field(static_cast<const char*>(data), len); }
void onEnd(int c, void* self) { static_cast<Collector*>(self)->end(c); }

}  // namespace

void parseCsvRecords(std::string_view bytes, const std::function<void(const CsvRecord&)>& onRecord) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    throw ImportFailure({"", 0, "", "cannot initialise the CSV parser"});
  struct Guard { csv_parser* p; ~Guard() { csv_free(p); } } guard{&parser};
  // libcsv grows its field buffer by this much at a time (128 bytes by
  // default): a 10 MB cell took 80,000 reallocations, quadratic where the
  // allocator cannot grow in place (it hung the suite under AddressSanitizer).
  csv_set_blk_size(&parser, 1 << 20);
  Collector collector{&onRecord, {}, 1, 0, false, false, nullptr};
  auto fail = [&] {
    throw ImportFailure({"", collector.inRecord ? collector.record.line : collector.line, "",
                         // libcsv's own words for this ("error parsing data while
                         // strict checking enabled") say nothing about the cause.
                         csv_error(&parser) == CSV_EPARSE
                             ? std::string("malformed CSV: a stray or unclosed double quote (a quoted cell must be quoted whole, "
                                           "with quotes inside it doubled)")
                             : std::string("malformed CSV: ") + csv_strerror(csv_error(&parser)) + " (check the quotes on this line)"});
  };
  const bool parsed = csv_parse(&parser, bytes.data(), bytes.size(), onField, onEnd, &collector) == bytes.size();
  const bool finished = parsed && csv_fini(&parser, onField, onEnd, &collector) == 0;
  // A record rejected by the caller comes before the malformed text that
  // stopped libcsv, so it is the error to report.
  if (collector.failure) std::rethrow_exception(collector.failure);
  if (!finished) fail();
}

}  // namespace rs
