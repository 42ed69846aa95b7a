#pragma once
// JSON views of runs and import summaries for the CLI's machine-readable
// output. Keys are the run field names (core/model/run_fields.h); unknown
// values are null.

#include <QJsonObject>

#include "core/io/store/experiment_store.h"
#include "core/model/run.h"

namespace rs {

QJsonObject runToJson(const Run& run);  // fields, derived axes and "metrics": [{name, value, stderr, n}]
QJsonObject importSummaryToJson(const ImportSummary& summary);

}  // namespace rs
