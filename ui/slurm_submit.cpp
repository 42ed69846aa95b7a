#include "ui/slurm_submit.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QStandardPaths>

#include "core/model/run_fields.h"

namespace rs::ui {
namespace {

template <typename T>
QString list(const std::vector<T>& values) {
  QStringList parts;
  for (const T& v : values) parts << QString::fromStdString(formatNumber(static_cast<double>(v)));
  return parts.join(QLatin1Char(','));
}

QString cliPath() { return QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("ratioscope-cli")); }

// Runs the CLI; "" and its stdout, or its stderr as the error.
bool runCli(const QStringList& args, QString& out, QString& error) {
  QProcess p;
  p.start(cliPath(), args);
  if (!p.waitForFinished(120000)) { error = QStringLiteral("ratioscope-cli did not finish: ") + p.errorString(); return false; }
  out = QString::fromUtf8(p.readAllStandardOutput()).trimmed();
  if (p.exitCode() != 0) { error = QString::fromUtf8(p.readAllStandardError()).trimmed(); return false; }
  return true;
}

}  // namespace

bool slurmAvailable() { return !QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty(); }

QStringList sweepPlanArguments(const trials::TrialOptions& o, const QString& store, const QString& cacheDir, const QString& manifest) {
  QStringList names;
  for (const std::string& b : o.baselines) names << QString::fromStdString(b);
  QStringList methods;
  for (const std::string& m : o.methods) methods << QString::fromStdString(m);
  QStringList a{QStringLiteral("sweep"), QStringLiteral("plan"), QStringLiteral("--model"), QString::fromStdString(o.model)};
  if (!names.isEmpty()) a << QStringLiteral("--baselines") << names.join(QLatin1Char(','));
  a << QStringLiteral("--methods") << methods.join(QLatin1Char(',')) << QStringLiteral("--ratios") << list(o.ratios) << QStringLiteral("--bits") << list(o.bits)
    << QStringLiteral("--seeds") << list(o.seeds) << QStringLiteral("--group-size") << QString::number(o.group_size) << QStringLiteral("--device")
    << QString::fromStdString(o.device);
  if (o.tokens_per_param > 0) a << QStringLiteral("--tokens-per-param") << QString::fromStdString(formatNumber(o.tokens_per_param));
  else a << QStringLiteral("--steps") << QString::number(o.train_steps);
  if (o.learning_rate != trials::kModelsLearningRate) a << QStringLiteral("--lr") << QString::fromStdString(formatNumber(o.learning_rate));
  if (o.rft_steps > 0) a << QStringLiteral("--rft-steps") << QString::number(o.rft_steps);
  if (o.distill) a << QStringLiteral("--distill");
  a << QStringLiteral("--cache-dir") << cacheDir << QStringLiteral("--db") << store << QStringLiteral("--out") << manifest;
  return a;
}

QString submitToSlurm(const trials::TrialOptions& o, const QString& store, const QString& cacheDir, const QString& manifest, QString& error) {
  QString out;
  if (!runCli(sweepPlanArguments(o, store, cacheDir, manifest), out, error)) return {};
  if (!runCli({QStringLiteral("sweep"), QStringLiteral("submit"), manifest}, out, error)) return {};
  return out.split(QLatin1Char('\n')).join(QStringLiteral(", "));
}

}  // namespace rs::ui
