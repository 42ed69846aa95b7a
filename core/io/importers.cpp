// The registration list of file formats (like core/laws/catalogue.cpp): a new
// format is a folder under core/io and one line in formats() below.

#include <openssl/evp.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

#include "core/io/csv/csv_importer.h"
#include "core/io/importer.h"
#include "core/io/input_file.h"
#include "core/io/lighteval/lighteval_importer.h"
#include "core/io/lm_eval/lm_eval_importer.h"
#include "core/io/opencompass/opencompass_importer.h"
#include "core/model/task_catalog.h"

namespace rs {
namespace {

constexpr qint64 kHeadBytes = 64 * 1024;

std::vector<const Importer*> formats() {
  static const CsvImporter csv;
  static const LmEvalImporter lmEval;
  static const LightevalImporter lighteval;
  static const OpenCompassImporter openCompass;
  return {&csv, &lmEval, &lighteval, &openCompass};
}

std::string readHead(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.read(kHeadBytes).toStdString();
}

std::string knownFormats() {
  std::string out;
  for (const Importer* i : importers()) {
    std::string globs;
    for (const std::string& p : i->patterns()) globs += (globs.empty() ? "" : " ") + p;
    out += (out.empty() ? "" : "; ") + std::string(i->description()) + " (" + globs + ")";
  }
  return out;
}

}  // namespace

namespace {
std::string hexDigest(const unsigned char* digest, unsigned int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) out += kHex[digest[i] >> 4], out += kHex[digest[i] & 15];
  return out;
}
}  // namespace

std::string sha256Hex(std::string_view bytes) {
  // OpenSSL's SHA-256 uses the CPU's SHA instructions: about 15x Qt's on
  // these machines, where Qt's was most of the time of importing a folder of
  // lm-eval files (bench_lm_eval_import).
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  return hexDigest(digest, size);
}

std::string fileSha256(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  // In pieces: a database can be larger than memory.
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || !EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr)) return {};
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return {};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &size);
  return hexDigest(digest, size);
}

ImportResult readGuarded(const std::string& path, std::string_view bytes, std::string_view format,
                         const std::function<void(ImportResult&)>& read) {
  ImportResult r;
  r.batch.file = path;
  r.batch.format = std::string(format);
  r.batch.sha256 = sha256Hex(bytes);
  try {
    read(r);
  } catch (const ImportFailure& f) {
    r.error = f.error;
    r.error->file = path;
  } catch (const RunRuleError& e) {
    r.error = ImportError{path, e.where.line, e.field, e.what(), e.where.pointer};
  }
  if (r.error) r.batch.runs.clear();
  return r;
}

const std::vector<const Importer*>& importers() {
  static const std::vector<const Importer*> all = formats();
  return all;
}

const Importer* importerFor(std::string_view path, std::string_view head) {
  const Importer* best = nullptr;
  int bestScore = 0;
  for (const Importer* i : importers())
    if (const int score = i->accepts(path, head); score > bestScore) best = i, bestScore = score;
  return best;
}

ImportResult importFile(const std::string& path, const ImportOptions& options) {
  ImportResult r;
  r.batch.file = path;
  QFile file(QString::fromStdString(path));
  if (QFileInfo(file).isDir()) {
    r.error = ImportError{path, 0, "", "is a folder: import reads the result files in it (ratioscope-cli import DIR), not the folder as one file"};
    return r;
  }
  // A FIFO or device would block or never end: only regular files are read.
  if (std::string why = inputFileProblem(path); !why.empty()) {
    r.error = ImportError{path, 0, "", why};
    return r;
  }
  if (!file.open(QIODevice::ReadOnly)) {
    r.error = ImportError{path, 0, "", "cannot open: " + file.errorString().toStdString()};
    return r;
  }
  const QByteArray bytes = file.readAll();
  const std::string_view view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
  if (startsWithSqliteHeader(view)) {
    r.error = ImportError{path, 0, "", "this is an SQLite database, not a results file: open it directly (--input FILE, or File ▸ Open) instead of importing it"};
    return r;
  }
  const Importer* importer = importerFor(path, view.substr(0, kHeadBytes));
  if (!importer) {
    r.error = ImportError{path, 0, "", "not a format Ratioscope reads. It reads: " + knownFormats()};
    return r;
  }
  r = importer->read(path, view, options);
  r.batch.format = std::string(importer->name());
  if (r.ok()) normalisePercentScales(r.batch, TaskCatalog());
  return r;
}

std::vector<std::string> importableFiles(const std::string& path, std::string& error) {
  if (std::string why = inputFileProblem(path); !why.empty()) { error = path + ": " + why; return {}; }
  const QFileInfo info(QString::fromStdString(path));
  if (!info.exists()) { error = path + ": no such file or folder"; return {}; }
  if (!info.isDir()) return {path};
  std::vector<std::string> files;
  QDirIterator it(info.filePath(), QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString file = it.next();
    const std::string name = file.toStdString();
    const std::string head = readHead(file);
    if (startsWithSqliteHeader(head)) continue;
    // In a folder, only files a format is sure of: a stray notes.txt is not
    // an error, but a stray notes.txt read as CSV would be.
    const Importer* i = importerFor(name, head);
    if (i && i->accepts(name, head) >= 20) files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) error = path + ": a folder with no result files in it (Ratioscope reads " + knownFormats() + ")";
  return files;
}

std::string importFileFilter() {
  std::string all, each;
  for (const Importer* i : importers()) {
    std::string globs;
    for (const std::string& p : i->patterns()) globs += (globs.empty() ? "" : " ") + p;
    for (const std::string& p : i->patterns())
      if (all.find(p) == std::string::npos) all += (all.empty() ? "" : " ") + p;
    each += ";;" + std::string(i->description()) + " (" + globs + ")";
  }
  return "Results and experiment databases (" + all + " *.sqlite *.db)" + each + ";;Experiment databases (*.sqlite *.sqlite3 *.db);;All files (*)";
}

}  // namespace rs
