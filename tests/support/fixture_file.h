#pragma once
// Writes a test's input file (a CSV, a JSON result) into its temporary
// directory and gives its path as the readers take it. Shared by the store,
// importer and live-view suites, which each wrote the same five lines.

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <string>

namespace rs::test {

inline std::string writeFixture(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  QFile f(dir.filePath(name));
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write the fixture %s", qPrintable(f.fileName()));
  return f.fileName().toStdString();
}

}  // namespace rs::test
