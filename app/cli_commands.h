#pragma once
// The subcommands of ratioscope-cli. Each takes its own arguments (after the
// command word), writes results to stdout (JSON with --json) and errors to
// stderr, and returns the process exit code.

#include <QStringList>

namespace rs::cli {

int runImport(const QStringList& args);
int runRuns(const QStringList& args);
int runPlot(const QStringList& args);
// render PROJECT --out FIG: a saved project's figure, headless.
int runRender(const QStringList& args);
int runLaws(const QStringList& args);
int runFit(const QStringList& args);
int runAnalyze(const QStringList& args);
// In ratioscope-cli-trial only (it links LibTorch; ratioscope-cli does not).
int runTrial(const QStringList& args);
// sweep plan | submit | status: trial sweeps as Slurm job arrays.
int runSweep(const QStringList& args);
// ratioscope-cli's `trial`: replaces the process with ratioscope-cli-trial
// given the same argv; returns an exit code only when that fails.
int execTrial(char** argv);

}  // namespace rs::cli
