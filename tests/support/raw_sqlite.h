#pragma once
// An SQLite file changed or read behind Ratioscope's back, through Qt's own
// SQLite driver, as another tool (or an attacker) would: adding a trigger,
// downgrading the schema, reading user_version. Each call opens its own
// connection and removes it, so no test leaves one behind.

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace rs::test {

// Runs `statements` in order on the file at `path` (created when missing);
// false, with a warning naming the statement, when one fails.
inline bool execRawSql(const QString& path, const QStringList& statements) {
  const QString name = QStringLiteral("rs-test-raw-sqlite");
  bool ok = true;
  {
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    d.setDatabaseName(path);
    ok = d.open();
    for (const QString& sql : statements) {
      if (!ok) break;
      QSqlQuery q(d);
      if (!q.exec(sql)) {
        qWarning("raw SQL on %s: %s failed: %s", qPrintable(path), qPrintable(sql), qPrintable(q.lastError().text()));
        ok = false;
      }
    }
    d.close();
  }
  QSqlDatabase::removeDatabase(name);
  return ok;
}

// The first column of the first row `query` gives (invalid when none, or on failure).
inline QVariant rawSqlValue(const QString& path, const QString& query) {
  const QString name = QStringLiteral("rs-test-raw-sqlite");
  QVariant value;
  {
    QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    d.setDatabaseName(path);
    if (d.open()) {
      QSqlQuery q(d);
      if (q.exec(query) && q.next()) value = q.value(0);
    }
    d.close();
  }
  QSqlDatabase::removeDatabase(name);
  return value;
}

}  // namespace rs::test
