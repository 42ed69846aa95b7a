#pragma once
// A real PostgreSQL server for one test suite (Debian's postgresql-15):
// initdb in a temporary directory, pg_ctl start on a free localhost port,
// password authentication over TCP for the user `ratioscope`, and a stop at
// the end. When the tests run as root (CI), the server runs as the
// `postgres` user, since PostgreSQL refuses to run as root. No mock: the
// store talks to the server a lab would run.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <memory>
#include <unistd.h>

namespace rs::test {

class PgServer {
 public:
  static constexpr const char* kUser = "ratioscope";
  static constexpr const char* kPassword = "pw-for-tests-only";

  PgServer() {
    bin_ = findBin();
    if (bin_.isEmpty()) { error_ = QStringLiteral("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql-15)"); return; }
    dir_.setAutoRemove(true);
    QTcpServer probe;  // a free port: bind port 0, read it, let it go
    probe.listen(QHostAddress::LocalHost, 0);
    port_ = probe.serverPort();
    probe.close();
    QFile pw(dir_.filePath(QStringLiteral("pw")));
    pw.open(QIODevice::WriteOnly);
    pw.write(kPassword);
    pw.close();
    if (geteuid() == 0) QProcess::execute(QStringLiteral("chown"), {QStringLiteral("-R"), QStringLiteral("postgres:postgres"), dir_.path()});
    if (!run(QStringLiteral("initdb"), {QStringLiteral("-D"), data(), QStringLiteral("-U"), QLatin1String(kUser), QStringLiteral("--pwfile"),
                                        dir_.filePath(QStringLiteral("pw")), QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--auth-local=trust"),
                                        QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync")}))
      return;
    start();
    if (ok()) createDatabase(QStringLiteral("lab"));
  }
  ~PgServer() { stop(); }

  // A suite's server (initTestCase): started, with PGPASSWORD set for every
  // store the suite opens; check ok() before using it. It stops when the
  // suite's object goes.
  static std::unique_ptr<PgServer> forSuite() {
    auto server = std::make_unique<PgServer>();
    qputenv("PGPASSWORD", kPassword);
    return server;
  }

  bool ok() const { return error_.isEmpty(); }
  QString error() const { return error_; }
  int port() const { return port_; }
  // The URL of a database, without the password (it comes from PGPASSWORD).
  std::string url(const QString& db = QStringLiteral("lab")) const {
    return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(QLatin1String(kUser)).arg(port_).arg(db).toStdString();
  }
  bool createDatabase(const QString& name) { return sql(QStringLiteral("CREATE DATABASE ") + name, QStringLiteral("postgres")); }
  // Runs one statement through psql; false (and error()) on failure.
  bool sql(const QString& statement, const QString& db = QStringLiteral("lab")) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), QLatin1String(kPassword));
    p.setProcessEnvironment(env);
    p.start(bin_ + QStringLiteral("/psql"), {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port_), QStringLiteral("-U"),
                                            QLatin1String(kUser), QStringLiteral("-d"), db, QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                                            QStringLiteral("-q"), QStringLiteral("-c"), statement});
    p.waitForFinished(30000);
    if (p.exitCode() != 0) error_ = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode() == 0;
  }
  void start() {
    running_ = run(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), data(), QStringLiteral("-l"), dir_.filePath(QStringLiteral("log")), QStringLiteral("-w"),
                                             QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                                             QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off").arg(port_).arg(dir_.path()),
                                             QStringLiteral("start")});
  }
  void stop() {
    if (running_) run(QStringLiteral("pg_ctl"), {QStringLiteral("-D"), data(), QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
    running_ = false;
  }

 private:
  static QString findBin() {
    const QStringList versions = QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      const QString bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(*it);
      if (QFile::exists(bin + QStringLiteral("/initdb"))) return bin;
    }
    return {};
  }
  QString data() const { return dir_.filePath(QStringLiteral("data")); }
  // Runs a server tool, as postgres when we are root.
  bool run(const QString& tool, const QStringList& args) {
    QProcess p;
    if (geteuid() == 0) p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), bin_ + "/" + tool} + args);
    else p.start(bin_ + "/" + tool, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0) {
      error_ = tool + QStringLiteral(" failed: ") + QString::fromUtf8(p.readAllStandardError() + p.readAllStandardOutput());
      return false;
    }
    return true;
  }

  QTemporaryDir dir_;
  QString bin_, error_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace rs::test
