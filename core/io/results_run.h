#pragma once
// The parts every evaluation-results format shares (lm-eval, lighteval,
// OpenCompass): a run named by the model the file evaluated, placed by the
// user's --set and --map, and metric values that may be non-finite.
// Private to core/io.

#include <rapidjson/document.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/io/importer.h"

namespace rs {

// A display name for a model the file names by a checkpoint path: its last
// path component ("/ckpt/llama-7b-wanda/" -> "llama-7b-wanda"); hub ids like
// "EleutherAI/pythia-160m" are kept whole.
std::string modelDisplayName(std::string_view nameOrPath);

// The run of `model` (empty when the file names none) after --map and --set.
// Throws ImportFailure when nothing names the model, or a placement value is
// refused. `row` is set to the mapping row used (-1 for none).
Run placedRun(const std::string& file, const std::string& model, const ImportOptions& options, int& row);

// Adds a metric read from a results file: a non-finite value is left out and
// named in a warning (a collapsed model's perplexity is often inf). Returns
// whether it was added.
bool addResultMetric(RunCollector& collector, RunBatch& batch, std::size_t run, Metric metric, const RunSource& where);

// Parses a JSON results file and runs `read` on it (which returns the --map
// row it used); an ImportFailure or a broken run rule becomes the result's
// error, with no runs.
ImportResult readJsonResults(const std::string& path, std::string_view bytes, std::string_view format,
                             const std::function<int(const rapidjson::Document&, RunBatch&)>& read);

}  // namespace rs
