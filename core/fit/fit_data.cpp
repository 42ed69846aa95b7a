#include "core/fit/fit_data.h"

#include <algorithm>
#include <set>
#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <optional>
#include <tuple>

#include "core/fit/law_metric.h"
#include "core/laws/gaussian_mse.h"
#include "core/model/training_budget.h"

namespace rs::fit {
namespace {

using laws::Variable;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

std::string formatKey(const Run& run) {
  if (run.isDense()) return "";
  std::string key = run.method;
  if (run.bits && *run.bits < 16) key += " " + number(*run.bits) + "-bit";
  if (run.sparsity && *run.sparsity > 0) key += " " + number(*run.sparsity * 100) + "% sparse";
  return key;
}

std::pair<double, double> runGmse(const Run& run) {
  static std::mutex mutex;
  static std::map<std::pair<int, std::string>, double> cache;
  laws::GmseOptions options;
  options.samples = 1 << 18;  // ~0.3% relative precision, a few ms per format
  auto cached = [&](int kind, const std::string& key, const laws::CompressionFormat& f) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find({kind, key});
    if (it == cache.end()) {
      double g = std::nan("");  // an impossible format reads as "lacks GMSE", never a crash
      try {
        g = laws::gaussianMse(f, options);
      } catch (const std::invalid_argument&) {
      }
      it = cache.emplace(std::pair{kind, key}, g).first;
    }
    return it->second;
  };
  double quant = 0, sparse = 0;
  if (run.bits && *run.bits < 16) {
    laws::CompressionFormat f;
    f.bits = std::clamp(static_cast<int>(std::lround(*run.bits)), 1, 16);
    quant = cached(0, std::to_string(*f.bits), f);
  }
  if (run.sparsity && *run.sparsity > 0) {
    std::string method = run.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    laws::CompressionFormat f;
    if (method.find("nm") != std::string::npos || method.find("2:4") != std::string::npos) f.n_m = std::pair{2, 4};
    else f.sparsity = std::clamp(*run.sparsity, 0.0, 1.0);
    sparse = cached(1, f.n_m ? "2:4" : number(f.sparsity), f);
  }
  return {quant, sparse};
}

namespace {
// "model", or "model · method r=0.5" for a compressed run.
std::string pointLabel(const Run& run) {
  if (run.isDense()) return run.model;
  return run.model + " · " + run.method + (run.ratio ? " r=" + number(*run.ratio) : std::string());
}
}  // namespace

FitData buildFitData(const laws::Law& law, const std::vector<Run>& runs, const FitDataSpec& spec,
                     laws::ResidualSpace space) {
  FitData out;
  const laws::LawInfo& info = law.info();
  const std::string cannot = "cannot fit " + info.id + ": ";

  out.range = {spec.metric, spec.metric_is_accuracy, spec.metric_lower_is_better.value_or(false), spec.metric_floor};
  // A law fitted to a metric it was not made for: refused, or a note.
  const LawMetricCheck suits = checkLawForMetric(info, spec.metric, spec.metric_is_accuracy, spec.metric_lower_is_better);
  if (suits.refused) {
    out.error = cannot + suits.message;
    return out;
  }
  if (!suits.message.empty()) out.skipped.push_back(suits.message);
  // Dense value of the metric per (family, model, training budget): the Y0 of
  // compression laws. Budgets are learnt from the anchors and the fitted
  // runs together, so both are keyed alike.
  const std::vector<Run>& anchorRuns = spec.anchors ? *spec.anchors : runs;
  const TrainingBudgets budgets(anchorRuns, spec.anchors ? &runs : nullptr);
  using ModelKey = std::tuple<std::string, std::string, int>;
  std::map<ModelKey, std::pair<double, int>> dense;
  for (const Run& r : anchorRuns)
    if (r.isDense())
      if (const Metric* m = r.metric(spec.metric)) {
        auto& [sum, count] = dense[{r.family, r.model, budgets.of(r)}];
        sum += m->value;
        ++count;
      }
  const auto denseValue = [&](const Run& r) -> std::optional<double> {
    const auto it = dense.find({r.family, r.model, budgets.of(r)});
    if (it == dense.end()) return std::nullopt;
    return it->second.first / it->second.second;
  };
  // Models whose compressed runs a law relative to the dense model cannot
  // use: no dense run of theirs (at their budget) has the metric.
  std::set<std::string> unanchored;

  std::map<std::string, int> lacking;  // reason -> runs
  for (std::size_t i = 0; i < info.variables.size(); ++i)
    if (info.variables[i] != Variable::Y0) { out.primaryVariable = static_cast<int>(i); break; }
  {
    const Variable primary = info.variables.empty() ? Variable::X : info.variables[static_cast<std::size_t>(out.primaryVariable)];
    out.primary_is_ratio = primary == Variable::Ratio || (primary == Variable::X && spec.x_axis == Axis::Ratio);
  }
  // Formats present among the runs, in a fixed (sorted) order: epm's eff[k].
  if (std::find(info.variables.begin(), info.variables.end(), Variable::Format) != info.variables.end()) {
    std::set<std::string> keys;
    for (const Run& r : runs)
      if (!spec.excluded.count(r.id) && r.metric(spec.metric) && !r.isDense()) keys.insert(formatKey(r));
    out.formats.assign(keys.begin(), keys.end());
  }

  // Laws relative to the dense model (they read Y0) take dense runs as
  // anchors, not observations: at r = 0 the law's own form need not equal Y0.
  const bool anchored = std::find(info.variables.begin(), info.variables.end(), Variable::Y0) != info.variables.end();
  // A law in dense models' size and training tokens alone (chinchilla,
  // kaplan-n, -d, -nd) says what a model trained at N on D tokens scores; a
  // compressed run records its parent's N and D, and its loss is not L(N, D)
  // of them, so compressed runs are left out (and the notes say how many).
  const bool denseLaw = !info.variables.empty() && std::all_of(info.variables.begin(), info.variables.end(),
                                                               [](Variable v) { return v == Variable::N || v == Variable::D; });
  int compressedLeftOut = 0;
  for (const Run& run : runs) {
    if (spec.excluded.count(run.id) || (anchored && run.isDense())) continue;
    if (denseLaw && !run.isDense()) {
      compressedLeftOut += run.metric(spec.metric) != nullptr;
      continue;
    }
    const Metric* m = run.metric(spec.metric);
    if (!m) { ++lacking["the metric '" + spec.metric + "'"]; continue; }
    double values[laws::kMaxVariables] = {};
    std::string missing;
    for (std::size_t v = 0; v < info.variables.size() && missing.empty(); ++v) {
      std::optional<double> value;
      switch (info.variables[v]) {
        case Variable::N: value = run.params; break;
        case Variable::D: value = run.tokens; break;
        case Variable::Ratio: value = axisValue(run, Axis::Ratio); break;
        case Variable::RftTokens: value = run.rft_tokens.value_or(0.0); break;
        case Variable::X: value = axisValue(run, spec.x_axis); break;
        case Variable::Loss:
          if (const Metric* l = run.metric(spec.loss_metric)) value = l->value;
          break;
        case Variable::Y0:
          value = denseValue(run);
          if (!value) unanchored.insert(run.model + (budgets.label(run).empty() ? "" : " (" + budgets.label(run) + ")"));
          break;
        case Variable::Gmse: value = runGmse(run).first; break;
        case Variable::GmseSparsity: value = runGmse(run).second; break;
        case Variable::Format: {
          const std::string key = formatKey(run);
          const auto it = std::find(out.formats.begin(), out.formats.end(), key);
          value = key.empty() ? 0.0 : static_cast<double>(it - out.formats.begin() + 1);
          break;
        }
      }
      if (!value || !std::isfinite(*value)) missing = laws::variableName(info.variables[v]);
      else values[v] = *value;
    }
    if (!missing.empty()) { ++lacking[missing]; continue; }
    double y = m->value;
    if (info.y_is_error && spec.metric_is_accuracy) y = 1.0 - y;
    out.x.insert(out.x.end(), values, values + laws::kMaxVariables);
    out.y.push_back(y);
    out.run_ids.push_back(run.id);
    out.labels.push_back(pointLabel(run));
    const std::optional<double> y0 = denseValue(run);
    out.dense_y.push_back(!y0 ? std::nan("") : info.y_is_error && spec.metric_is_accuracy ? 1.0 - *y0 : *y0);
  }
  // A law relative to the dense model says what it needs in words: the
  // dense run at ratio 0, by model.
  std::string anchorsMissing, unanchoredModels;
  if (!unanchored.empty()) {
    std::string models;
    for (const std::string& m : unanchored) models += (models.empty() ? "" : ", ") + m;
    anchorsMissing = "no dense run of " + models + " has '" + spec.metric + "', and " + info.id +
                     " reads it as Y₀, the dense model's value at ratio 0 (load the dense run of the same model and training budget)";
    unanchoredModels = models;
    lacking.erase(laws::variableName(Variable::Y0));
  }
  for (const auto& [what, count] : lacking) out.skipped.push_back(std::to_string(count) + " runs lack " + what);
  if (compressedLeftOut > 0)
    out.skipped.push_back(std::to_string(compressedLeftOut) + " compressed runs left out: " + info.id +
                          " describes dense models by their size and training tokens, and a compressed run's loss is not L(N, D) of its "
                          "parent's N and D (--where method=dense selects the dense runs alone)");

  const int n = out.size(), p = law.parameterCount() + static_cast<int>(out.formats.size());
  if (!anchorsMissing.empty()) {
    if (n == 0) {
      out.error = cannot + anchorsMissing;
      return out;
    }
    out.skipped.push_back("the runs of " + unanchoredModels + " are left out: " + anchorsMissing);
  }
  if (n == 0) {
    std::string why = runs.empty() ? "no runs selected" : "no selected run has everything the law reads";
    if (!out.skipped.empty()) {
      why += " (";
      for (std::size_t i = 0; i < out.skipped.size(); ++i) why += (i ? "; " : "") + out.skipped[i];
      why += ")";
    }
    out.error = cannot + why;
    return out;
  }
  if (n < p) {
    out.error = cannot + std::to_string(n) + " points for " + std::to_string(p) + " parameters; at least " +
                std::to_string(p) + " are needed (more for uncertainties)";
    return out;
  }
  const auto [ymin, ymax] = std::minmax_element(out.y.begin(), out.y.end());
  if (*ymin == *ymax) {
    out.error = cannot + "'" + spec.metric + "' is " + number(*ymin) + " at every point, so there is nothing to fit";
    return out;
  }
  if (space == laws::ResidualSpace::Log && *ymin <= 0) {
    out.error = cannot + "log-space residuals need positive values, but '" + spec.metric + "' reaches " + number(*ymin) +
                " (use linear residuals)";
    return out;
  }
  // A variable the law reads must vary, or its parameter cannot be identified.
  for (std::size_t v = 0; v < info.variables.size(); ++v) {
    const Variable var = info.variables[v];
    if (var == Variable::Y0 || var == Variable::RftTokens || var == Variable::Format || var == Variable::Gmse ||
        var == Variable::GmseSparsity)
      continue;  // may legitimately be constant (all runs dense, no recovery)
    double lo = out.x[v], hi = out.x[v];
    for (int i = 0; i < n; ++i) {
      lo = std::min(lo, out.xAt(i)[v]);
      hi = std::max(hi, out.xAt(i)[v]);
    }
    if (lo == hi) {
      out.error = cannot + laws::variableName(info.variables[v]) + " is " + number(lo) +
                  " at every point, so the law's dependence on it cannot be identified";
      // Dense runs all sit at ratio 0: a scaling law of them is along size.
      if (var == Variable::X && spec.x_axis == Axis::Ratio && lo == 0)
        out.error += " (dense runs are all at ratio 0: fit them along parameters, -x params)";
      return out;
    }
    if (static_cast<int>(v) == out.primaryVariable) {
      out.summary.x_min = lo;
      out.summary.x_max = hi;
    }
  }
  // Repeated runs at one setting (seeds, or every compressed variant of one
  // model to a law that reads only N and D) measure one point of the law's
  // surface: identification needs as many distinct settings as parameters.
  std::set<std::vector<double>> settings;
  for (int i = 0; i < n; ++i) settings.insert(std::vector<double>(out.xAt(i), out.xAt(i) + info.variables.size()));
  if (static_cast<int>(settings.size()) < p) {
    std::string names;
    for (std::size_t v = 0; v < info.variables.size(); ++v) names += (v ? ", " : "") + laws::variableName(info.variables[v]);
    out.error = cannot + std::to_string(n) + " points, but only " + std::to_string(settings.size()) + " distinct (" + names + ") for " +
                std::to_string(p) + " parameters; runs at the same setting measure the same point of the law";
    return out;
  }
  out.summary.y_min = *ymin;
  out.summary.y_max = *ymax;
  return out;
}

FitData subset(const FitData& data, const std::vector<int>& indices) {
  FitData out;
  out.summary = data.summary;
  out.primaryVariable = data.primaryVariable;
  out.formats = data.formats;
  out.range = data.range;
  out.primary_is_ratio = data.primary_is_ratio;
  for (int i : indices) {
    out.x.insert(out.x.end(), data.xAt(i), data.xAt(i) + laws::kMaxVariables);
    out.y.push_back(data.y[static_cast<std::size_t>(i)]);
    out.run_ids.push_back(data.run_ids[static_cast<std::size_t>(i)]);
    if (static_cast<std::size_t>(i) < data.labels.size()) out.labels.push_back(data.labels[static_cast<std::size_t>(i)]);
    if (static_cast<std::size_t>(i) < data.dense_y.size()) out.dense_y.push_back(data.dense_y[static_cast<std::size_t>(i)]);
  }
  return out;
}

}  // namespace rs::fit
