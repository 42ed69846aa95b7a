#include "app/cli_output.h"

#include <QFileInfo>
#include <QSaveFile>
#include <cstdio>

#include "ui/figure/figure_provenance.h"

namespace rs::cli {

void addOutOption(QCommandLineParser& p) {
  p.addOption({QStringLiteral("out"),
               QStringLiteral("Write to FILE instead of stdout, and beside it FILE.json, the record of what made it (sources and their "
                              "SHA-256, runs, options)."),
               QStringLiteral("FILE")});
}

int checkOut(const QCommandLineParser& p, const OutputFormat& format, const char* command) {
  const QString out = p.value(QStringLiteral("out"));
  if (out.isEmpty() || format.kind == OutputFormat::Kind::Json) return 0;
  if (QFileInfo(out).suffix().toLower() == QLatin1String("json"))
    return fail(QStringLiteral("%1: --out %2: the record of what made it is written beside the file as %3; name the file .tex, .csv, .md "
                               "or .txt, or use --format json")
                    .arg(QLatin1String(command), out, ui::sidecarPath(out)),
                2);
  return 0;
}

int writeResult(const QCommandLineParser& p, const char* command, const std::string& text, const OutputFormat& format,
                const QJsonObject& provenance) {
  const QString out = p.value(QStringLiteral("out"));
  if (out.isEmpty()) {
    std::fputs(text.c_str(), stdout);
    if (format.kind == OutputFormat::Kind::Table && format.table == TableFormat::Csv)
      std::fprintf(stderr, "ratioscope-cli: note: a CSV table has no comments to carry what made it; --out FILE.csv writes that beside it, in FILE.json\n");
    return 0;
  }
  QSaveFile file(out);
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) ||
      !file.commit())
    return fail(QStringLiteral("%1: %2: cannot write: %3").arg(QLatin1String(command), out, file.errorString()));
  if (format.kind == OutputFormat::Kind::Json || provenance.isEmpty()) return 0;
  const char* formatId = format.kind == OutputFormat::Kind::Text ? "text" : tableFormatId(format.table);
  QString note;
  const QJsonObject output{{QStringLiteral("file"), QFileInfo(out).fileName()}, {QStringLiteral("format"), QLatin1String(formatId)}};
  if (const QString why = ui::writeSidecar(out, provenance, output, note); !why.isEmpty()) return fail(QStringLiteral("%1: ").arg(QLatin1String(command)) + why);
  if (!note.isEmpty()) std::fprintf(stderr, "ratioscope-cli: note: %s\n", qPrintable(note));
  return 0;
}

}  // namespace rs::cli
