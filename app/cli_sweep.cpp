// ratioscope-cli sweep plan|submit|status: trial sweeps on a Slurm cluster.
// Slurm is used as it is (sbatch job arrays, a dependency, squeue); nothing
// here schedules.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <cstdio>
#include <map>
#include <set>

#include "app/cli_commands.h"
#include "app/cli_support.h"
#include "core/io/store/experiment_store.h"
#include "core/io/sweep/sweep_manifest.h"

namespace rs::cli {
namespace {

using sweep::SweepEntry;
using sweep::SweepManifest;

QString q(const std::string& s) { return QString::fromStdString(s); }
std::vector<std::string> stdStrings(const QStringList& list) {
  std::vector<std::string> out;
  for (const QString& s : list) out.push_back(s.toStdString());
  return out;
}
QString joined(const std::vector<std::string>& args) {
  QStringList parts;
  for (const std::string& a : args) parts << q(a);
  return parts.join(QLatin1Char(' '));
}

constexpr const char* kUsage =
    "ratioscope-cli sweep plan --model NAME [--baselines LIST] [--methods LIST] [trial options] --cache-dir SHARED_DIR "
    "(--db URL | --out-dir DIR) --out sweep.json\n"
    "       ratioscope-cli sweep submit sweep.json [--partition P] [--max-parallel K] [--time T] [--gpus-per-task N] [--runner PATH] [--missing]\n"
    "       ratioscope-cli sweep status sweep.json [--json]";

// Takes `--name VALUE` out of `args`; returns VALUE ("" when absent).
QString take(QStringList& args, const QString& name, bool* present = nullptr) {
  const int i = static_cast<int>(args.indexOf(name));
  if (present) *present = i >= 0;
  if (i < 0) return {};
  const QString value = i + 1 < args.size() ? args[i + 1] : QString();
  args.remove(i, i + 1 < args.size() ? 2 : 1);
  return value;
}

int plan(QStringList args) {
  const QString out = take(args, QStringLiteral("--out"));
  const QString db = take(args, QStringLiteral("--db"));
  const QString outDir = take(args, QStringLiteral("--out-dir"));
  const QString model = take(args, QStringLiteral("--model"));
  const QString baselines = take(args, QStringLiteral("--baselines"));
  bool methodsGiven = false;
  const QString methods = take(args, QStringLiteral("--methods"), &methodsGiven);
  if (out.isEmpty()) return fail(QStringLiteral("sweep plan: --out sweep.json is required\nusage: ") + QLatin1String(kUsage), 2);
  if (model.isEmpty()) return fail(QStringLiteral("sweep plan: --model NAME is required"), 2);
  if (db.isEmpty() == outDir.isEmpty()) return fail(QStringLiteral("sweep plan: give exactly one of --db URL and --out-dir DIR"), 2);
  if (!db.isEmpty() && ExperimentStore::withoutPassword(db.toStdString()) != db.toStdString())
    return fail(QStringLiteral("sweep plan: the --db URL holds a password; a manifest never does (give it to the jobs in ~/.pgpass or PGPASSFILE)"), 2);
  const int cache = static_cast<int>(args.indexOf(QStringLiteral("--cache-dir")));
  if (cache < 0 || cache + 1 >= args.size() || args[cache + 1] == QLatin1String("none"))
    return fail(QStringLiteral("sweep plan: give --cache-dir DIR on a folder every node sees: the compress entries load the dense model the dense entry trained from it"), 2);
  args[cache + 1] = QFileInfo(args[cache + 1]).absoluteFilePath();
  for (const QString& reserved : {QStringLiteral("--append"), QStringLiteral("--manifest"), QStringLiteral("--index")})
    if (args.contains(reserved)) return fail(QStringLiteral("sweep plan: %1 is not a sweep option").arg(reserved), 2);

  SweepManifest m;
  m.path = QFileInfo(out).absoluteFilePath().toStdString();
  m.trial_args = stdStrings(args);
  m.db = db.toStdString();
  m.out_dir = outDir.isEmpty() ? std::string() : QFileInfo(outDir).absoluteFilePath().toStdString();
  // The dense model first, then each native baseline, then one entry per
  // method: independent once the dense model is in the shared cache.
  m.entries.push_back({0, "dense", {"--model", model.toStdString(), "--methods", ""}, {}});
  for (const QString& b : baselines.split(QLatin1Char(','), Qt::SkipEmptyParts))
    m.entries.push_back({static_cast<int>(m.entries.size()), "dense", {"--model", b.trimmed().toStdString(), "--methods", ""}, {}});
  const QStringList methodList = (methodsGiven ? methods : QStringLiteral("magnitude,structured,nm24,rtn,lowrank")).split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (const QString& method : methodList)
    m.entries.push_back({static_cast<int>(m.entries.size()), "compress", {"--model", model.toStdString(), "--methods", method.trimmed().toStdString(), "--no-dense-runs"}, {0}});
  if (auto e = writeManifest(m)) return fail(*e);
  std::printf("%s: %zu entries (%d dense, %zu compress); results to %s\n", m.path.c_str(), m.entries.size(),
              1 + static_cast<int>(baselines.split(QLatin1Char(','), Qt::SkipEmptyParts).size()), static_cast<std::size_t>(methodList.size()),
              db.isEmpty() ? m.out_dir.c_str() : qPrintable(db));
  return 0;
}

// Submitted jobs, kept beside the manifest: {"jobs": [{"id": "12", "entries": [0, 1]}]}.
QJsonArray submittedJobs(const SweepManifest& m) {
  QFile f(q(m.stateDir()) + QStringLiteral("/jobs.json"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("jobs")).toArray();
}

// Array tasks Slurm still holds, as "jobid_index" -> state (PENDING, RUNNING, ...).
std::map<QString, QString> queuedTasks(const QJsonArray& jobs, QString& error) {
  std::map<QString, QString> out;
  QStringList ids;
  for (const QJsonValue& j : jobs) ids << j.toObject().value(QStringLiteral("id")).toString();
  if (ids.isEmpty()) return out;
  QProcess squeue;
  squeue.start(QStringLiteral("squeue"), {QStringLiteral("-h"), QStringLiteral("-r"), QStringLiteral("-o"), QStringLiteral("%i %T"), QStringLiteral("-j"), ids.join(QLatin1Char(','))});
  if (!squeue.waitForFinished(30000)) { error = QStringLiteral("squeue did not answer: ") + squeue.errorString(); return out; }
  for (const QByteArray& line : squeue.readAllStandardOutput().split('\n')) {
    const QList<QByteArray> parts = line.trimmed().split(' ');
    if (parts.size() == 2) out[QString::fromUtf8(parts[0])] = QString::fromUtf8(parts[1]);
  }
  return out;
}

// Each entry: done, pending/running (queued), failed (submitted, gone, not
// done) or missing (never submitted).
std::vector<QString> entryStates(const SweepManifest& m, QString& error) {
  const QJsonArray jobs = submittedJobs(m);
  const auto queued = queuedTasks(jobs, error);
  std::vector<QString> state(m.entries.size(), QStringLiteral("missing"));
  for (const QJsonValue& j : jobs) {
    const QString id = j.toObject().value(QStringLiteral("id")).toString();
    for (const QJsonValue& e : j.toObject().value(QStringLiteral("entries")).toArray()) {
      const int i = e.toInt(-1);
      if (i < 0 || i >= static_cast<int>(state.size())) continue;
      const auto q = queued.find(id + QLatin1Char('_') + QString::number(i));
      state[static_cast<std::size_t>(i)] = q != queued.end() ? q->second.toLower() : QStringLiteral("failed");
    }
  }
  for (const SweepEntry& e : m.entries)
    if (m.done(e.index)) state[static_cast<std::size_t>(e.index)] = QStringLiteral("done");
  return state;
}

QString arraySpec(const std::vector<int>& indices, int maxParallel) {
  QStringList parts;
  for (int i : indices) parts << QString::number(i);
  return parts.join(QLatin1Char(',')) + (maxParallel > 0 ? QStringLiteral("%%1").arg(maxParallel) : QString());
}

int submit(QStringList args) {
  const QString partition = take(args, QStringLiteral("--partition"));
  const QString maxParallelText = take(args, QStringLiteral("--max-parallel"));
  const QString time = take(args, QStringLiteral("--time"));
  const QString gpus = take(args, QStringLiteral("--gpus-per-task"));
  const QString runner = take(args, QStringLiteral("--runner"));
  bool missingOnly = false;
  if (args.removeAll(QStringLiteral("--missing")) > 0) missingOnly = true;
  if (args.size() != 1) return fail(QStringLiteral("sweep submit: give one manifest\nusage: ") + QLatin1String(kUsage), 2);
  bool ok = true;
  const int maxParallel = maxParallelText.isEmpty() ? 0 : maxParallelText.toInt(&ok);
  if (!ok || maxParallel < 0) return fail(QStringLiteral("sweep submit: --max-parallel takes a number"), 2);
  SweepManifest m;
  if (auto e = readManifest(args[0].toStdString(), m)) return fail(*e);
  QString error;
  if (QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty())
    return fail(QStringLiteral("sweep submit: sbatch is not on the PATH (is this a Slurm login node?)"));
  QDir().mkpath(q(m.stateDir()));
  std::vector<QString> state = entryStates(m, error);
  if (!error.isEmpty()) return fail(QStringLiteral("sweep submit: ") + error);
  if (!missingOnly && !submittedJobs(m).isEmpty())
    return fail(q(m.path) + QStringLiteral(": already submitted; `ratioscope-cli sweep status` says where it stands, and `sweep submit --missing` "
                                        "submits the entries that failed or never ran"));
  // Entries queued or done are never submitted twice.
  std::vector<int> dense, compress;
  for (const SweepEntry& e : m.entries) {
    const QString& s = state[static_cast<std::size_t>(e.index)];
    if (s != QLatin1String("missing") && s != QLatin1String("failed")) continue;
    (e.kind == "dense" ? dense : compress).push_back(e.index);
  }
  if (dense.empty() && compress.empty()) {
    std::printf("%s: nothing to submit (every entry is done or queued)\n", m.path.c_str());
    return 0;
  }
  // One script, the array indices given on sbatch's command line.
  const QString script = q(m.path) + QStringLiteral(".sbatch");
  QSaveFile f(script);
  if (!f.open(QIODevice::WriteOnly)) return fail(script + QStringLiteral(": cannot write: ") + f.errorString());
  QString text = QStringLiteral("#!/bin/bash\n# Written by ratioscope-cli sweep submit: one sweep entry per array task.\n#SBATCH --job-name=ratioscope-sweep\n");
  text += QStringLiteral("#SBATCH --output=%1/entry-%a.log\n").arg(q(m.stateDir()));
  if (!partition.isEmpty()) text += QStringLiteral("#SBATCH --partition=%1\n").arg(partition);
  if (!time.isEmpty()) text += QStringLiteral("#SBATCH --time=%1\n").arg(time);
  if (!gpus.isEmpty()) text += QStringLiteral("#SBATCH --gpus-per-task=%1\n").arg(gpus);
  // Each task runs its entry: by default with this ratioscope-cli, or with
  // --runner, ratioscope-trial where the compute nodes have only that (the
  // trials-only build); either writes to the manifest's store or folder.
  if (runner.isEmpty())
    text += QStringLiteral("exec '%1' trial --manifest '%2' --index \"$SLURM_ARRAY_TASK_ID\"\n").arg(QCoreApplication::applicationFilePath(), q(m.path));
  else
    text += QStringLiteral("exec '%1' --manifest '%2' --index \"$SLURM_ARRAY_TASK_ID\"\n").arg(runner, q(m.path));
  f.write(text.toUtf8());
  if (!f.commit()) return fail(script + QStringLiteral(": cannot write: ") + f.errorString());
  QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ReadOther);

  QJsonArray jobs = submittedJobs(m);
  auto sbatch = [&](const std::vector<int>& indices, const QString& dependency, QString& id) {
    QStringList a{QStringLiteral("--parsable"), QStringLiteral("--array=") + arraySpec(indices, maxParallel)};
    if (!dependency.isEmpty()) a << QStringLiteral("--dependency=afterok:") + dependency;
    a << script;
    QProcess p;
    p.start(QStringLiteral("sbatch"), a);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
      return QStringLiteral("sbatch failed: ") + QString::fromUtf8(p.readAllStandardError()).trimmed() + p.errorString();
    id = QString::fromUtf8(p.readAllStandardOutput()).trimmed().section(QLatin1Char(';'), 0, 0);
    QJsonArray list;
    for (int i : indices) list.append(i);
    jobs.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("entries"), list}});
    return QString();
  };
  QString denseJob, compressJob;
  if (!dense.empty())
    if (QString e = sbatch(dense, QString(), denseJob); !e.isEmpty()) return fail(QStringLiteral("sweep submit: ") + e);
  if (!compress.empty())
    if (QString e = sbatch(compress, denseJob, compressJob); !e.isEmpty()) return fail(QStringLiteral("sweep submit: ") + e);
  QSaveFile record(q(m.stateDir()) + QStringLiteral("/jobs.json"));
  if (record.open(QIODevice::WriteOnly)) {
    record.write(QJsonDocument(QJsonObject{{QStringLiteral("jobs"), jobs}}).toJson());
    record.commit();
  }
  if (!denseJob.isEmpty()) std::printf("%s\n", qPrintable(denseJob));
  if (!compressJob.isEmpty()) std::printf("%s\n", qPrintable(compressJob));
  std::fprintf(stderr, "ratioscope-cli: submitted %zu dense and %zu compress entries of %s (script %s)\n", dense.size(), compress.size(),
               m.path.c_str(), qPrintable(script));
  return 0;
}

int status(QStringList args) {
  const bool json = args.removeAll(QStringLiteral("--json")) > 0;
  if (args.size() != 1) return fail(QStringLiteral("sweep status: give one manifest\nusage: ") + QLatin1String(kUsage), 2);
  SweepManifest m;
  if (auto e = readManifest(args[0].toStdString(), m)) return fail(*e);
  QString error;
  const std::vector<QString> state = entryStates(m, error);
  if (!error.isEmpty()) std::fprintf(stderr, "ratioscope-cli: warning: %s\n", qPrintable(error));
  std::map<QString, int> counts;
  QJsonArray entries;
  for (const SweepEntry& e : m.entries) {
    const QString& s = state[static_cast<std::size_t>(e.index)];
    ++counts[s];
    entries.append(QJsonObject{{QStringLiteral("index"), e.index}, {QStringLiteral("kind"), q(e.kind)}, {QStringLiteral("args"), joined(e.args)},
                               {QStringLiteral("state"), s}});
    if (!json) std::printf("%4d  %-8s  %-9s  %s\n", e.index, e.kind.c_str(), qPrintable(s), qPrintable(joined(e.args)));
  }
  if (json) {
    QJsonObject counted;
    for (const auto& [k, v] : counts) counted[k] = v;
    printJson(QJsonObject{{QStringLiteral("manifest"), q(m.path)}, {QStringLiteral("entries"), entries}, {QStringLiteral("counts"), counted}});
  } else {
    QStringList parts;
    for (const auto& [k, v] : counts) parts << QStringLiteral("%1 %2").arg(v).arg(k);
    std::printf("%s: %s\n", m.path.c_str(), qPrintable(parts.join(QStringLiteral(", "))));
  }
  return 0;
}

}  // namespace

int runSweep(const QStringList& args) {
  // args[0] is the program; the command word is already gone.
  QStringList rest = args.mid(1);
  if (rest.isEmpty() || rest[0] == QLatin1String("--help")) {
    std::printf("usage: %s\n", kUsage);
    return rest.isEmpty() ? 2 : 0;
  }
  const QString verb = rest.takeFirst();
  if (verb == QLatin1String("plan")) return plan(rest);
  if (verb == QLatin1String("submit")) return submit(rest);
  if (verb == QLatin1String("status")) return status(rest);
  return fail(QStringLiteral("sweep: unknown verb '%1'\nusage: %2").arg(verb, QLatin1String(kUsage)), 2);
}

}  // namespace rs::cli
