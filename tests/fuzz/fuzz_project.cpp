// Project files (.ratioscope, ui/project/project_file.h) and the run
// browser's filter, from arbitrary bytes: a project is read as JSON and
// checked field by field; the same bytes as a filter are parsed and, when
// valid, matched against a run. Neither may crash, hang or trip a sanitizer.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <cstddef>
#include <cstdint>

#include "ui/project/project_file.h"
#include "ui/run_filter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  const QJsonDocument doc = QJsonDocument::fromJson(bytes);
  if (doc.isObject()) {
    QString error;
    if (const auto project = rs::ui::projectFromJson(doc.object(), error))
      (void)rs::ui::projectToJson(*project);  // what was read writes back
  }
  rs::ui::RunFilter filter;
  if (filter.parse(QString::fromUtf8(bytes)).isEmpty()) {
    rs::Run run;
    run.family = "llama";
    run.model = "llama-7b";
    run.method = "rtn";
    run.bits = 4;
    run.ratio = 0.75;
    (void)filter.acceptsRun(run);
    (void)filter.acceptsGroupName(QStringLiteral("llama-7b"));
  }
  return 0;
}
