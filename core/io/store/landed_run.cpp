#include "core/io/store/landed_run.h"

namespace rs {

std::optional<ImportError> storeLandedRun(ExperimentStore& store, const Run& run, const std::string& program, bool& alreadyStored) {
  RunBatch one;
  one.file = "trial " + run.key;
  one.format = "trial";
  one.runs = {run};
  one.runs.back().source.producer = program + " " + run.source.producer;
  ImportSummary summary;
  auto error = store.importRuns(one, summary, ExperimentStore::OnStored::Keep);
  alreadyStored = !error && summary.runs_existing > 0;
  return error;
}

}  // namespace rs
