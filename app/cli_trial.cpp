// `ratioscope-cli trial`: local compression trials (LibTorch) written to an
// experiment database, one transaction per run, or to a long-format CSV.
// This file includes the trials' plain C++ header, never a Torch header.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/cli_commands.h"
#include "app/cli_support.h"
#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/io/store/landed_run.h"
#include "core/io/sweep/sweep_entry.h"
#include "core/model/long_csv.h"
#include "core/model/run_fields.h"
#include "core/trials/torch_info.h"
#include "core/trials/trial_runs.h"

namespace rs::cli {
namespace {

// `trial --manifest F [--index N] [--db URL | --out-dir DIR]`: one entry
// of a sweep (a Slurm array task), shared with ratioscope-trial
// (core/io/sweep/sweep_entry.h). The entry's options go through the same
// parsing as a trial typed by hand. With an output folder the entry's file
// appears whole or not at all; with a store each run is one transaction. An
// entry already done does nothing.
int runManifestEntry(const QStringList& args) {
  std::vector<std::string> rest;
  for (const QString& a : args.mid(1)) rest.push_back(a.toStdString());
  sweep::EntryRun entry;
  if (auto error = sweep::prepareEntry(rest, entry)) {
    // A manifest that cannot be read is bad data (1); the rest, bad usage (2).
    return fail("trial --manifest: " + *error, entry.bad_manifest ? 1 : 2);
  }
  if (entry.already_done) {
    std::fprintf(stderr, "ratioscope-cli: entry %d of %s is already done; nothing to do\n", entry.index, entry.manifest.path.c_str());
    return 0;
  }
  QStringList trialArgs{args.value(0)};
  for (const std::string& a : entry.trial_args) trialArgs << QString::fromStdString(a);
  const int code = runTrial(trialArgs);
  if (auto error = sweep::finishEntry(entry, code == 0)) return fail("trial --manifest: " + *error);
  return code;
}

}  // namespace

int runTrial(const QStringList& args) {
  if (args.contains(QStringLiteral("--manifest"))) return runManifestEntry(args);
  QCommandLineParser p;
  p.addOption({QStringLiteral("list"), QStringLiteral("List models and methods.")});
  p.addOption({QStringLiteral("model"), QStringLiteral("Model (default mlp-small)."), QStringLiteral("NAME"), QStringLiteral("mlp-small")});
  p.addOption({QStringLiteral("baselines"), QStringLiteral("Smaller models of the same family trained dense only: the native baselines."),
               QStringLiteral("LIST")});
  p.addOption({QStringLiteral("methods"), QStringLiteral("Comma-separated methods (default magnitude,structured,nm24,rtn,lowrank; see --list)."),
               QStringLiteral("LIST"), QStringLiteral("magnitude,structured,nm24,rtn,lowrank")});
  p.addOption({QStringLiteral("ratios"), QStringLiteral("Ratios for the pruning and low-rank methods (default 0,0.25,0.5,0.75,0.9)."), QStringLiteral("LIST"),
               QStringLiteral("0,0.25,0.5,0.75,0.9")});
  p.addOption({QStringLiteral("bits"), QStringLiteral("Bit widths for rtn (default 8,4,3,2)."), QStringLiteral("LIST"), QStringLiteral("8,4,3,2")});
  p.addOption({QStringLiteral("seeds"), QStringLiteral("Training seeds (default 1)."), QStringLiteral("LIST"), QStringLiteral("1")});
  p.addOption({QStringLiteral("steps"), QStringLiteral("Training steps of the dense model (default 600)."), QStringLiteral("N"), QStringLiteral("600")});
  p.addOption({QStringLiteral("tokens-per-param"), QStringLiteral("Training budget in tokens per parameter; sets the steps of each model."),
               QStringLiteral("X")});
  p.addOption({QStringLiteral("lr"), QStringLiteral("Peak learning rate of training, for every model of the sweep (default: each model's own, see --list)."), QStringLiteral("X")});
  p.addOption({QStringLiteral("group-size"), QStringLiteral("RTN group size (default 32)."), QStringLiteral("N"), QStringLiteral("32")});
  p.addOption({QStringLiteral("cache-dir"), QStringLiteral("Trained-checkpoint cache (default: the user's cache directory; 'none': off)."),
               QStringLiteral("DIR")});
  p.addOption({QStringLiteral("rft-steps"), QStringLiteral("Recovery fine-tuning steps after pruning (default 0: none)."), QStringLiteral("N"),
               QStringLiteral("0")});
  p.addOption({QStringLiteral("rft-tokens"), QStringLiteral("Recovery fine-tuning budget in tokens (rounded up to whole steps)."), QStringLiteral("N")});
  p.addOption({QStringLiteral("distill"), QStringLiteral("Recover by distillation from the dense teacher instead of the labels.")});
  p.addOption({QStringLiteral("device"), QStringLiteral("auto, cpu or cuda (default auto)."), QStringLiteral("DEVICE"), QStringLiteral("auto")});
  p.addOption({QStringLiteral("threads"), QStringLiteral("CPU threads (default: every core)."), QStringLiteral("N"), QStringLiteral("0")});
  p.addOption({QStringLiteral("db"), QStringLiteral("Experiment database to write runs to."), QStringLiteral("DB")});
  p.addOption({QStringLiteral("out"), QStringLiteral("Long-format CSV to write runs to."), QStringLiteral("CSV")});
  p.addOption({QStringLiteral("append"), QStringLiteral("Add to the --out CSV instead of replacing it; runs already in it are kept.")});
  p.addOption({QStringLiteral("no-dense-runs"), QStringLiteral("Record only the compressed runs (a sweep entry whose dense runs another entry records).")});
  p.addOption({QStringLiteral("manifest"), QStringLiteral("Run one entry of a sweep manifest (with --index N, default $SLURM_ARRAY_TASK_ID, and optionally --db URL or --out-dir DIR instead of the manifest's; see ratioscope-cli sweep)."), QStringLiteral("FILE")});
  p.addOption({QStringLiteral("index"), QStringLiteral("The manifest entry to run (default: $SLURM_ARRAY_TASK_ID)."), QStringLiteral("N")});
  if (auto code = parseArguments(p, args, "ratioscope-cli trial [--list] --model NAME [--methods LIST] [--ratios LIST] [--bits LIST] [--seeds LIST] (--db DB | --out CSV)"))
    return *code;
  if (p.isSet(QStringLiteral("list"))) {
    std::printf("models:\n");
    for (const auto& m : trials::modelCatalogue()) std::printf("  %-12s %s, learning rate %g\n", m.name.c_str(), m.description.c_str(), m.learning_rate);
    std::printf("methods:\n"
                "  magnitude        unstructured magnitude pruning, one global threshold\n"
                "  magnitude-layer  unstructured magnitude pruning, the same sparsity in every layer\n"
                "  structured       whole hidden / FFN neurons removed\n"
                "  heads            whole attention heads removed (transformers)\n"
                "  nm24             2:4 sparsity\n"
                "  rtn              round-to-nearest weight quantisation (--bits, --group-size)\n"
                "  lowrank          truncated SVD of every weight matrix\n"
                "  imp              iterative magnitude pruning with rewinding (lottery ticket)\n");
    std::printf("tasks:\n  loss            language modelling on 4,096 Zipf-distributed facts (test cross-entropy, nats/value; floor 0.565)\n"
                "  suite_copy      in-context copying (chance 1/16)\n  suite_recall    retrieval of the symbol after a marker, long context (chance 1/16)\n"
                "  suite_arith     (a + b) mod 5, modular arithmetic, reasoning (chance 1/5)\n  suite_majority  majority of 15 symbols, aggregation (chance 1/4)\n");
    // Here, not in --version: finding out loads LibTorch, which only trials do.
    const auto torch = trials::torchInfo();
    std::printf("LibTorch %s, CUDA %s\n", torch.version.c_str(), torch.cuda_available ? "available" : "not available");
    return 0;
  }
  trials::TrialOptions o;
  o.model = p.value(QStringLiteral("model")).toStdString();
  for (const QString& b : p.value(QStringLiteral("baselines")).split(QLatin1Char(','), Qt::SkipEmptyParts)) o.baselines.push_back(b.trimmed().toStdString());
  o.methods.clear();
  for (const QString& m : p.value(QStringLiteral("methods")).split(QLatin1Char(','), Qt::SkipEmptyParts)) o.methods.push_back(m.trimmed().toStdString());
  if (!parseNumberList(p.value(QStringLiteral("ratios")).toStdString(), o.ratios)) return fail(QStringLiteral("trial: --ratios takes numbers, e.g. 0,0.5,0.9"), 2);
  if (!parseNumberList(p.value(QStringLiteral("bits")).toStdString(), o.bits)) return fail(QStringLiteral("trial: --bits takes whole numbers, e.g. 8,4"), 2);
  if (!parseNumberList(p.value(QStringLiteral("seeds")).toStdString(), o.seeds)) return fail(QStringLiteral("trial: --seeds takes whole numbers"), 2);
  bool ok = false;
  o.train_steps = p.value(QStringLiteral("steps")).toInt(&ok);
  if (!ok || o.train_steps < 1) return fail(QStringLiteral("trial: --steps takes a positive number"), 2);
  o.threads = p.value(QStringLiteral("threads")).toInt(&ok);
  if (!ok || o.threads < 0) return fail(QStringLiteral("trial: --threads takes a number >= 0"), 2);
  o.device = p.value(QStringLiteral("device")).toStdString();
  if (p.isSet(QStringLiteral("tokens-per-param"))) {
    if (p.isSet(QStringLiteral("steps"))) return fail(QStringLiteral("trial: give --steps or --tokens-per-param, not both"), 2);
    o.tokens_per_param = p.value(QStringLiteral("tokens-per-param")).toDouble(&ok);
    if (!ok || !(o.tokens_per_param > 0)) return fail(QStringLiteral("trial: --tokens-per-param takes a positive number"), 2);
  }
  if (p.isSet(QStringLiteral("lr"))) {
    o.learning_rate = p.value(QStringLiteral("lr")).toDouble(&ok);
    if (!ok || !trials::validLearningRate(o.learning_rate)) return fail(QStringLiteral("trial: --lr takes a number in (0, 1], e.g. 0.002"), 2);
  }
  o.group_size = p.value(QStringLiteral("group-size")).toInt(&ok);
  if (!ok || o.group_size < 1) return fail(QStringLiteral("trial: --group-size takes a positive number"), 2);
  o.cache_dir = p.value(QStringLiteral("cache-dir")).toStdString();
  o.on_note = [](const std::string& text) { std::fprintf(stderr, "trial: %s\n", text.c_str()); };
  o.rft_steps = p.value(QStringLiteral("rft-steps")).toInt(&ok);
  if (!ok || o.rft_steps < 0) return fail(QStringLiteral("trial: --rft-steps takes a number >= 0"), 2);
  if (p.isSet(QStringLiteral("rft-tokens"))) {
    const double tokens = p.value(QStringLiteral("rft-tokens")).toDouble(&ok);
    if (!ok || !(tokens >= 0)) return fail(QStringLiteral("trial: --rft-tokens takes a number >= 0"), 2);
    if (p.isSet(QStringLiteral("rft-steps"))) return fail(QStringLiteral("trial: give --rft-steps or --rft-tokens, not both"), 2);
    o.rft_steps = static_cast<int>(std::ceil(tokens / trials::tokensPerTrainingStep()));
  }
  o.distill = p.isSet(QStringLiteral("distill"));
  if (o.distill && o.rft_steps == 0) return fail(QStringLiteral("trial: --distill needs --rft-steps N or --rft-tokens N"), 2);
  const QString db = p.value(QStringLiteral("db")), out = p.value(QStringLiteral("out"));
  if (db.isEmpty() == out.isEmpty()) return fail(QStringLiteral("trial: give exactly one of --db DB or --out CSV"), 2);

  std::unique_ptr<ExperimentStore> store;
  std::set<std::string> stored;  // run keys already in the CSV
  QFile csv;
  if (!db.isEmpty()) {
    std::string error;
    store = ExperimentStore::open(db.toStdString(), error);
    if (!store) return fail(error);
  } else {
    csv.setFileName(out);
    const bool append = p.isSet(QStringLiteral("append")) && csv.exists() && csv.size() > 0;
    if (append) {
      // Rows go under the file's own header: one written by an older
      // Ratioscope (fewer columns) would take them misaligned.
      if (csv.open(QIODevice::ReadOnly)) {
        const QByteArray header = csv.readLine();
        csv.close();
        if (header != QByteArray::fromStdString(longCsvHeader()))
          return fail(out + QStringLiteral(": its columns differ from this version's long CSV, so runs cannot be appended to it; "
                                           "write to a new file (all of it imports together)"));
      }
      // Several sweeps into one file (a bundled example): the runs a later
      // sweep shares with an earlier one (its dense runs) are kept once.
      const LoadedRuns existing = loadRuns(out.toStdString());
      if (!existing.error.empty()) return fail(QString::fromStdString(existing.error));
      for (const Run& r : existing.runs) stored.insert(r.key);
    }
    if (!append && csv.exists() && csv.size() > 0)
      std::fprintf(stderr, "ratioscope-cli: replacing %s (--append adds to it and keeps its runs)\n", qPrintable(out));
    if (!csv.open(append ? QIODevice::Append : QIODevice::WriteOnly | QIODevice::Truncate))
      return fail(out + QStringLiteral(": cannot write: ") + csv.errorString());
    if (!append) csv.write(QByteArray::fromStdString(longCsvHeader()));
  }
  int count = 0, kept = 0;
  std::string writeError;
  const bool skipDense = p.isSet(QStringLiteral("no-dense-runs"));
  const std::string why = trials::runTrials(o, [&](const trials::TrialRun& t) {
    if (!writeError.empty()) return;
    const Run run = trials::toRun(t);
    if (skipDense && run.isDense()) return;
    if (std::string warning = trials::divergedWarning(t); !warning.empty()) std::fprintf(stderr, "ratioscope-cli: warning: %s\n", warning.c_str());
    ++count;
    // Resuming a stopped sweep: what landed before stays as it was (a
    // re-measured latency would otherwise conflict with it).
    bool alreadyStored = stored.count(run.key) > 0;
    if (store && !alreadyStored) {
      // One transaction per run: stopping a sweep loses at most the run in flight.
      if (auto e = storeLandedRun(*store, run, "ratioscope-cli", alreadyStored)) {
        writeError = e->text();
        return;
      }
    }
    if (alreadyStored) {
      std::fprintf(stderr, "trial %d: %s already in %s, kept\n", count, run.key.c_str(), store ? "the database" : "the CSV");
      ++kept;
      return;
    }
    if (!store) {
      csv.write(QByteArray::fromStdString(longCsvRows(run)));
      csv.flush();
    }
    std::string metrics;
    for (const auto& m : t.metrics) metrics += " " + m.task + " " + formatNumber(std::round(m.value * 1000) / 1000);
    std::fprintf(stderr, "trial %d: %s %s ratio %.3f (%s):%s\n", count, t.model.c_str(), t.method.c_str(), t.ratio, t.device.c_str(), metrics.c_str());
  });
  if (!why.empty()) return fail("trial: " + why, 2);
  if (!writeError.empty()) return fail(writeError);
  std::fprintf(stderr, "ratioscope-cli: %d runs written to %s", count - kept, qPrintable(db.isEmpty() ? out : db));
  std::fprintf(stderr, kept ? " (%d already there, kept)\n" : "\n", kept);
  return 0;
}

}  // namespace rs::cli
