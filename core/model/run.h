#pragma once
// A run is one evaluated model and its metrics: the unit every importer
// produces, the store keeps and every plot and fit reads. Plain C++ so that
// numerical code can use it without Qt.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs {

// One measured number of a run: a loss, a perplexity or a task accuracy.
// `std_error` is the standard error of `value` when known (the CSV column is
// named `stderr`; the identifier cannot be, stdio defines it as a macro), and
// `n` the number of evaluated examples behind it.
struct Metric {
  Metric() = default;
  Metric(std::string name, double value, std::optional<double> std_error = {}, std::optional<std::int64_t> n = {})
      : name(std::move(name)), value(value), std_error(std_error), n(n) {}

  std::string name;
  double value = 0.0;
  std::optional<double> std_error;
  std::optional<std::int64_t> n;
  // How it was evaluated, where the source says: the few-shot count, and
  // whether higher is better (lm-eval's higher_is_better; perplexity is not).
  std::optional<int> n_shot;
  std::optional<bool> higher_is_better;
  bool operator==(const Metric&) const = default;
};

// Where a run came from, as fields, never as one string to parse back:
// the file read (with the SHA-256 of its bytes), the line of its first row in
// a text format or the JSON pointer of its object in a JSON one; or, for runs
// no file produced, what produced them ("trial on cpu").
struct RunSource {
  std::string file;
  std::size_t line = 0;     // 1-based; 0 when not a line-based format
  std::string pointer;      // RFC 6901 JSON pointer, e.g. "/results/arc_easy"; empty when none
  std::string sha256;       // of the file's bytes; empty when unknown
  std::string producer;     // set when no file produced the run
  // "runs.csv:12", "results.json#/results/arc_easy", "trial on cpu"
  std::string text() const;
  bool operator==(const RunSource&) const = default;
};

// The method name that marks an uncompressed (dense) model.
inline constexpr std::string_view kDenseMethod = "dense";

struct Run {
  std::int64_t id = 0;   // store row id; 0 for a run not (yet) stored
  std::string key;       // identity: the CSV `run` column, or all run fields joined
  std::string family;
  std::string model;
  std::string method = std::string(kDenseMethod);
  std::optional<double> params;      // nominal parameter count N of the dense model
  std::optional<double> tokens;      // pretraining tokens D
  std::optional<double> ratio;       // fraction of the dense stored size removed, [0, 1)
  std::optional<double> bits;        // bits per weight of the stored format
  std::optional<double> sparsity;    // fraction of weights zeroed, [0, 1]
  std::optional<bool> structured;    // whole rows/heads removed rather than single weights
  std::optional<double> rank;        // kept rank of a low-rank factorisation
  std::optional<double> rft_tokens;  // recovery fine-tuning tokens after compression
  std::optional<bool> distilled;     // recovery used a dense teacher
  std::optional<std::int64_t> seed;
  std::optional<double> size_bytes;  // stored size
  std::optional<double> latency_ms;
  std::string device;  // what it was measured on ("cpu", "cuda", "A100"); empty when unknown
  // Evaluation settings that make two runs' numbers comparable or not
  // (harness and its version, dtype, batch size, limit, chat template):
  // compared by the fairness eval-match check, not part of identity.
  std::map<std::string, std::string> eval;
  std::vector<Metric> metrics;
  RunSource source;

  bool isDense() const { return method == kDenseMethod; }
  const Metric* metric(std::string_view name) const;
  // The run fields (everything but id, key, metrics, source) are equal; a
  // device known on one side only does not count as a difference.
  bool sameRunFields(const Run& other) const;
  // Name of the first run field that differs from `other`, empty if none.
  std::string firstDifferingField(const Run& other) const;
};

// Builds the identity used when a file gives no `run` column: every run field,
// joined in a fixed order, so two rows describing the same run get one key.
std::string derivedRunKey(const Run& run);

}  // namespace rs
