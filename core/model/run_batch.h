#pragma once
// What every importer produces, whatever the format: a batch of runs from one
// file, and the rules every format shares for building it.
//
// - Identity: runs with the same key are one run. A key is the file's own run
//   id when it has one, else every run field joined (derivedRunKey); a second
//   sight of a run with other fields is a conflicting duplicate.
// - Metrics: a metric given twice with the same value is kept once; with
//   different values it is a conflict.
// - The ratio of a compressed run that gives none is derived (deriveRatios).
//
// The rules throw RunRuleError naming the run's source and the field; the
// importer that called them turns that into its own message.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/run.h"

namespace rs {

struct RunBatch {
  std::string file;
  std::string sha256;                 // of the file's bytes: the store records it per import
  std::string format;                 // the importer that read it ("csv", "lm-eval", ...)
  std::vector<Run> runs;
  std::size_t metric_values = 0;      // metric values read
  std::size_t duplicate_values = 0;   // identical repeats, kept once
  std::vector<std::string> warnings;  // ignored columns, non-finite values left out, ...
  std::vector<std::string> notes;     // conversions applied (percent scales, ...)
};

struct RunRuleError : std::runtime_error {
  RunRuleError(RunSource where, std::string field, const std::string& message)
      : std::runtime_error(message), where(std::move(where)), field(std::move(field)) {}
  RunSource where;
  std::string field;
};

// Builds a batch's runs under the identity and duplicate rules.
class RunCollector {
 public:
  // `keyed`: the source names its runs (a run id), so messages say "run 'id'"
  // rather than describing the run by its fields.
  RunCollector(RunBatch& batch, bool keyed) : batch_(batch), keyed_(keyed) {}

  // The run with `run.key` (derivedRunKey when empty), added on first sight;
  // its metrics are added either way. A later sight must give the same run
  // fields (device and evaluation settings may be learnt).
  std::size_t add(Run run, const RunSource& where);
  std::size_t addByKey(const std::string& key, Run run, const RunSource& where);
  // Adds a metric to run `index`; an identical repeat is counted and dropped.
  void addMetric(std::size_t index, Metric metric, const RunSource& where);
  // "run 'r7'" or "the run of model 'm' (rtn, 4 bits)".
  std::string describe(const Run& run) const;
  // The index of a run already collected under `key`, or npos.
  std::size_t find(const std::string& key) const;

 private:
  static void checkNames(const std::string& key, const Run& run, const RunSource& where);
  RunBatch& batch_;
  bool keyed_;
  std::unordered_map<std::string, std::size_t> byKey_;
  std::vector<std::unordered_map<std::string, std::size_t>> metricIndex_;
};

// The ratio of each compressed run that gives none, from (in this order):
//  - size_bytes against the dense run of the same family and model;
//  - the kept share of a nominal format: (1 − sparsity) × bits / dense bits,
//    with sparsity 0 or 16 dense bits when one of them is not given.
// The nominal share counts the weights' values only: no mask, index, scale or
// zero-point overhead, for every source alike (give size_bytes or ratio when
// the overhead matters; the trials runner does). Dense runs must not carry a
// non-zero ratio. Throws RunRuleError on a run with nothing to derive from or
// a derived ratio outside [0, 1).
void deriveRatios(std::vector<Run>& runs);

class TaskCatalog;

// Accuracies on a 0–100 scale, recognised per metric name over the whole
// batch: an accuracy (a task with a chance level, or an acc/accuracy/
// exact_match metric) whose every value lies in [0, 100] with some above 1.
// They are divided by 100 (stderr too) and a note says which and how many, so
// they are never drawn against a 0.25 chance line on a 0–100 axis.
void normalisePercentScales(RunBatch& batch, const TaskCatalog& tasks);

// The kept share of the dense model's stored weights for a nominal format
// (see deriveRatios); nullopt when the run gives neither sparsity nor bits.
std::optional<double> nominalKeptShare(const Run& run, double denseBits);

}  // namespace rs
