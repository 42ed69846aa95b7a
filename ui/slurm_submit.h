#pragma once
// Trials › Run Compression Trials › Submit to Slurm: the dialog's sweep as
// `ratioscope-cli sweep plan` and `sweep submit` (the executable beside this
// one), writing into the open experiment store, whose live view then shows
// the runs as the cluster's jobs land. Offered only where sbatch is on the
// PATH.

#include <QString>
#include <QStringList>

#include "core/trials/trials.h"

namespace rs::ui {

bool slurmAvailable();

// The `sweep plan` arguments for these options.
QStringList sweepPlanArguments(const trials::TrialOptions& o, const QString& store, const QString& cacheDir, const QString& manifest);

// Plans the sweep into `manifest` and submits it; returns the job ids, or
// "" with `error` set (the CLI's own message). Blocking: run it off the
// window's thread.
QString submitToSlurm(const trials::TrialOptions& o, const QString& store, const QString& cacheDir, const QString& manifest, QString& error);

}  // namespace rs::ui
