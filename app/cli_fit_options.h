#pragma once
// The fit options `fit` and `plot --law` share: --robust, --space, --starts,
// --seed, --bootstrap, --errors, --holdout-above and --threads, read into
// one FitOptions with one set of messages.

#include <QCommandLineParser>

#include "core/fit/fitter.h"

namespace rs::cli {

void addFitOptions(QCommandLineParser& parser);
// Reads the options into `options`; returns 0 or an exit code (2: bad
// usage, with the message printed as "COMMAND: why").
int readFitOptions(const QCommandLineParser& parser, const char* command, fit::FitOptions& options);

}  // namespace rs::cli
