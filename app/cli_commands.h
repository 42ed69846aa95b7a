#pragma once
// The subcommands of ratioscope-cli. Each takes its own arguments (after the
// command word), writes results to stdout (JSON with --json) and errors to
// stderr, and returns the process exit code.

#include <QStringList>

namespace rs::cli {

int runImport(const QStringList& args);
int runRuns(const QStringList& args);
int runPlot(const QStringList& args);
int runLaws(const QStringList& args);
int runFit(const QStringList& args);
int runAnalyze(const QStringList& args);
int runTrial(const QStringList& args);
// sweep plan | submit | status: trial sweeps as Slurm job arrays.
int runSweep(const QStringList& args);

}  // namespace rs::cli
