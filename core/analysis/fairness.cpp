#include "core/analysis/fairness.h"

#include <cmath>
#include <cstdio>
#include <array>
#include <set>

#include "core/analysis/dense_parent.h"
#include "core/analysis/native_frontier.h"
#include "core/fit/statistics.h"
#include "core/model/axes.h"
#include "core/model/compact_number.h"

namespace rs::analysis {
namespace {

constexpr double kComputeOptimalTokensPerParam = 20.0;  // Hoffmann et al. 2022

std::string fmt(double v, const char* f = "%.3g") {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
// No exponent: three significant digits below 100, whole numbers above ("1164", not "1.16e+03").
std::string plain(double v) { return fmt(v, std::fabs(v) >= 100 ? "%.0f" : "%.3g"); }

Check make(const char* id, Verdict v, std::string evidence, std::string explanation) {
  return Check{id, v, std::move(evidence), std::move(explanation)};
}

// Standard error of an accuracy: stated, else binomial from n.
std::optional<double> accuracySe(const Metric& m) {
  if (m.std_error) return m.std_error;
  if (m.n && m.value >= 0 && m.value <= 1) return std::sqrt(m.value * (1 - m.value) / static_cast<double>(*m.n));
  return std::nullopt;
}

struct SharedTask {
  const Metric* c;
  const Metric* b;
  TaskInfo info;
};

std::vector<SharedTask> sharedAccuracies(const Run& c, const Run& b, const TaskCatalog& tasks) {
  std::vector<SharedTask> out;
  for (const Metric& m : c.metrics) {
    const TaskInfo t = tasks.lookup(m.name);
    if (!t.chance || t.lowerIsBetter) continue;
    if (const Metric* other = b.metric(m.name)) out.push_back({&m, other, t});
  }
  return out;
}

Check budgetMatch(const Run& c, const Run& b, Budget budget) {
  const auto bc = budgetOf(c, budget), bb = budgetOf(b, budget);
  if (!bc || !bb || *bb <= 0)
    return make("budget-match", Verdict::Unknown, "", "the " + budgetId(budget) + " budget is not known for " + (!bc ? "the compressed run" : "the baseline"));
  const double rel = std::fabs(*bc - *bb) / *bb;
  const std::string evidence = budgetId(budget) + ": compressed " + compactNumber(*bc) + ", baseline " + compactNumber(*bb) + " (" + fmt(rel * 100, "%.1f") + "% apart)";
  if (rel <= 0.10) return make("budget-match", Verdict::Pass, evidence, "the two use the same " + budgetId(budget) + " budget within 10%");
  const bool compressedLarger = *bc > *bb;
  return make("budget-match", rel <= 0.25 ? Verdict::Warn : Verdict::Fail, evidence,
              std::string("the compressed model has ") + (compressedLarger ? "more" : "less") + " " + budgetId(budget) + " than the baseline, so the comparison " +
                  (compressedLarger ? "favours it" : "handicaps it"));
}

Check baselineTraining(const Run& c, const Run& b) {
  if (!b.tokens || !b.params) return make("baseline-training", Verdict::Unknown, "", "the baseline's tokens or parameters are not recorded");
  const double tpp = *b.tokens / *b.params;
  std::string evidence = "baseline " + plain(tpp) + " tokens/param";
  std::optional<double> parent;
  if (c.tokens && c.params) {
    parent = *c.tokens / *c.params;
    evidence += ", compressed model's parent " + plain(*parent) + " tokens/param";
  }
  evidence += " (compute-optimal ≈ 20)";
  if (tpp < 5)
    return make("baseline-training", Verdict::Fail, evidence, "the native baseline is badly undertrained, which flatters the compressed model");
  if (tpp < 15)
    return make("baseline-training", Verdict::Warn, evidence, "the native baseline saw fewer tokens than compute-optimal; a properly trained one may do better");
  if (parent && *parent < 15)
    return make("baseline-training", Verdict::Warn, evidence,
                "the compressed model's parent is undertrained, so part of its compressibility may be unused capacity, not the method");
  return make("baseline-training", Verdict::Pass, evidence, "the baseline is trained to at least the compute-optimal budget");
}

// Evaluation settings that change what a score means (a different harness,
// chat template or subset of examples) fail the comparison; those that move
// scores by a little (harness version, dtype, batch size) warn.
constexpr std::array<std::string_view, 4> kEvalSettingsThatFail = {"harness", "chat_template", "limit", "subset"};
constexpr std::array<std::string_view, 3> kEvalSettingsThatWarn = {"harness_version", "dtype", "batch_size"};

std::string settingText(const Run& r, std::string_view key) {
  const auto it = r.eval.find(std::string(key));
  return it == r.eval.end() ? "(not recorded)" : it->second;
}

Check evalMatch(const Run& c, const Run& b, const TaskCatalog& tasks) {
  std::set<std::string> tc, tb;
  for (const Metric& m : c.metrics) tc.insert(m.name);
  for (const Metric& m : b.metrics) tb.insert(m.name);
  std::string onlyC, onlyB, nDiffer, shotsDiffer;
  for (const auto& t : tc)
    if (!tb.count(t)) onlyC += (onlyC.empty() ? "" : ", ") + t;
  for (const auto& t : tb)
    if (!tc.count(t)) onlyB += (onlyB.empty() ? "" : ", ") + t;
  for (const auto& s : sharedAccuracies(c, b, tasks))
    if (s.c->n && s.b->n && *s.c->n != *s.b->n) nDiffer += (nDiffer.empty() ? "" : ", ") + s.info.name;
  for (const Metric& m : c.metrics)
    if (const Metric* o = b.metric(m.name); o && m.n_shot && o->n_shot && *m.n_shot != *o->n_shot)
      shotsDiffer += (shotsDiffer.empty() ? "" : ", ") + m.name + " (" + std::to_string(*m.n_shot) + " vs " + std::to_string(*o->n_shot) + " shots)";
  std::string failing, warning;
  auto compareSettings = [&](auto keys, std::string& out) {
    for (std::string_view key : keys) {
      if (!c.eval.count(std::string(key)) && !b.eval.count(std::string(key))) continue;
      if (settingText(c, key) != settingText(b, key))
        out += (out.empty() ? "" : "; ") + std::string(key) + " " + settingText(c, key) + " vs " + settingText(b, key);
    }
  };
  compareSettings(kEvalSettingsThatFail, failing);
  compareSettings(kEvalSettingsThatWarn, warning);
  bool anyShots = false;
  for (const Metric& m : c.metrics) anyShots = anyShots || m.n_shot.has_value();
  const std::string unchecked = c.eval.empty() && b.eval.empty() && !anyShots
                                    ? " (few-shot count and harness version are not recorded in these runs, so they are unchecked)"
                                    : "";
  if (!onlyC.empty() || !onlyB.empty())
    return make("eval-match", Verdict::Fail, "only compressed: " + (onlyC.empty() ? "-" : onlyC) + "; only baseline: " + (onlyB.empty() ? "-" : onlyB),
                "the two were not evaluated on the same tasks" + unchecked);
  if (!shotsDiffer.empty())
    return make("eval-match", Verdict::Fail, "few-shot counts differ: " + shotsDiffer, "the same tasks, but with different numbers of examples in the prompt");
  if (!failing.empty())
    return make("eval-match", Verdict::Fail, failing, "the two were evaluated under settings that change what the scores mean");
  if (!nDiffer.empty())
    return make("eval-match", Verdict::Warn, "sample counts differ on " + nDiffer, "the same tasks, but on different numbers of examples" + unchecked);
  if (!warning.empty())
    return make("eval-match", Verdict::Warn, warning, "the same tasks, but evaluated by another harness version, dtype or batch size");
  return make("eval-match", Verdict::Pass, std::to_string(tc.size()) + " shared metrics",
              (unchecked.empty() ? "the same tasks, sample counts, few-shot counts and evaluation settings" : "the same tasks and sample counts") + unchecked);
}

Check dataConfound(const Run& c, const Run& b) {
  if (!c.rft_tokens && !c.distilled)
    return make("data-confound", Verdict::Unknown, "", "the compressed run does not record recovery fine-tuning tokens or distillation");
  const double rft = c.rft_tokens.value_or(0);
  const bool distilled = c.distilled.value_or(false);
  if (rft <= 0 && !distilled) return make("data-confound", Verdict::Pass, "no recovery fine-tuning, no distillation", "the compressed model got no extra training data");
  std::string evidence = compactNumber(rft) + " recovery tokens" + (distilled ? ", distilled from the dense teacher" : "");
  double share = 0;
  if (b.tokens && *b.tokens > 0) {
    share = rft / *b.tokens;
    evidence += " (" + fmt(share * 100, share >= 0.995 ? "%.0f" : "%.2g") + "% of the baseline's pretraining tokens)";
  }
  const Verdict v = share >= 0.10 ? Verdict::Fail : Verdict::Warn;
  return make("data-confound", v, evidence,
              std::string("the compressed model got ") + (distilled ? "distillation and " : "") +
                  "extra training the baseline did not; part of the win may be data, not the method");
}

// With no shared accuracy (a predicted baseline has only its loss): the
// difference of a shared lower-is-better metric against its standard errors.
Check lossSignificance(const Run& c, const Run& b, const TaskCatalog& tasks) {
  for (const Metric& m : c.metrics) {
    const Metric* other = b.metric(m.name);
    if (!tasks.lookup(m.name).lowerIsBetter || !other || !m.std_error || !other->std_error) continue;
    const double diff = m.value - other->value, se = std::hypot(*m.std_error, *other->std_error), z = se > 0 ? diff / se : 0;
    const std::string evidence = m.name + " difference " + fmt(diff, "%+.4g") + " ± " + fmt(se, "%.3g") + " (z = " + fmt(z, "%.2f") + ")";
    if (std::fabs(z) >= fit::kZ95)
      return make("significance", Verdict::Pass, evidence,
                  std::string("the ") + m.name + " difference is significant at 95%: the compressed model is " + (diff < 0 ? "better" : "worse"));
    return make("significance", Verdict::Warn, evidence, "the " + m.name + " difference is within noise: neither model can be said to be better");
  }
  return make("significance", Verdict::Unknown, "", "no shared accuracy or loss has a standard error or sample count");
}

Check significance(const Run& c, const Run& b, const TaskCatalog& tasks) {
  double diff = 0, var = 0;
  int k = 0;
  for (const auto& s : sharedAccuracies(c, b, tasks)) {
    const auto sc = accuracySe(*s.c), sb = accuracySe(*s.b);
    if (!sc || !sb) continue;
    diff += s.c->value - s.b->value;
    var += *sc * *sc + *sb * *sb;
    ++k;
  }
  if (k == 0) return lossSignificance(c, b, tasks);
  diff /= k;
  const double se = std::sqrt(var) / k, z = se > 0 ? diff / se : 0;
  const std::string evidence = "mean accuracy difference " + fmt(diff, "%+.4f") + " ± " + fmt(se, "%.4f") + " over " + std::to_string(k) +
                               " tasks (z = " + fmt(z, "%.2f") + ")";
  if (std::fabs(z) >= fit::kZ95)
    return make("significance", Verdict::Pass, evidence, std::string("the difference is significant at 95%: the compressed model is ") + (diff > 0 ? "better" : "worse"));
  return make("significance", Verdict::Warn, evidence, "the difference is within noise: neither model can be said to be better");
}

Check averageHidesCollapse(const Run& c, const Run& b, const TaskCatalog& tasks, const std::vector<Run>& all) {
  double avgC = 0, avgB = 0;
  std::string collapsed, neverLearned;
  const Run* parent = denseParent(c, all);
  int k = 0;
  for (const auto& s : sharedAccuracies(c, b, tasks)) {
    avgC += s.c->value;
    avgB += s.b->value;
    ++k;
    const auto se = accuracySe(*s.c);
    const double lower = s.c->value - fit::kZ95 * se.value_or(0);
    const auto seB = accuracySe(*s.b);
    const bool baselineAbove = s.b->value - fit::kZ95 * seB.value_or(0) > *s.info.chance;
    // A task the uncompressed parent never rose above chance on did not
    // collapse under compression: it was never there.
    const Metric* before = parent ? parent->metric(s.info.name) : nullptr;
    const bool parentAbove = !before || before->value - fit::kZ95 * accuracySe(*before).value_or(0) > *s.info.chance;
    if (lower <= *s.info.chance && baselineAbove) {
      if (parentAbove) collapsed += (collapsed.empty() ? "" : ", ") + s.info.name;
      else neverLearned += (neverLearned.empty() ? "" : ", ") + s.info.name;
    }
  }
  if (k == 0) return make("average-hides-collapse", Verdict::Unknown, "", "the two share no accuracy task");
  avgC /= k;
  avgB /= k;
  const std::string evidence = "average " + fmt(avgC, "%.4f") + " vs " + fmt(avgB, "%.4f") + (collapsed.empty() ? "" : "; at chance: " + collapsed) +
                               (neverLearned.empty() ? "" : "; at chance already before compression: " + neverLearned);
  if (collapsed.empty()) return make("average-hides-collapse", Verdict::Pass, evidence, "no task has collapsed to chance in the compressed model");
  const std::string has = collapsed.find(", ") == std::string::npos ? " has" : " have";
  if (avgC >= avgB - 0.01)
    return make("average-hides-collapse", Verdict::Fail, evidence, "the average holds up while " + collapsed + has + " dropped to chance");
  return make("average-hides-collapse", Verdict::Warn, evidence, collapsed + has + " dropped to chance in the compressed model");
}

int seedCount(const Run& r, const std::vector<Run>& all) {
  std::set<std::int64_t> s;
  for (const Run& o : all)
    if (o.family == r.family && o.model == r.model && o.method == r.method && axisValue(o, Axis::Ratio) == axisValue(r, Axis::Ratio) && o.seed)
      s.insert(*o.seed);
  return static_cast<int>(s.size());
}

Check seeds(const Run& c, const Run& b, const std::vector<Run>& selected, const std::vector<Run>& all) {
  if (!c.seed || !b.seed) return make("seeds", Verdict::Unknown, "", "seeds are not recorded");
  const int nc = seedCount(c, selected), nb = seedCount(b, all);
  const std::string evidence = "compressed " + std::to_string(nc) + " seed(s), baseline " + std::to_string(nb) + " seed(s)";
  if (nc > 1 && nb > 1) return make("seeds", Verdict::Pass, evidence, "both sides were run with several seeds");
  return make("seeds", Verdict::Warn, evidence, "a single seed on " + std::string(nc <= 1 && nb <= 1 ? "both sides" : nc <= 1 ? "the compressed side" : "the baseline side") +
                                                    ": seed-to-seed variation is not measured");
}

}  // namespace

std::string budgetId(Budget b) {
  switch (b) {
    case Budget::Params: return "params";
    case Budget::Bytes: return "bytes";
    case Budget::Flops: return "flops";
    case Budget::Latency: return "latency";
  }
  return "?";
}

std::string verdictId(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Warn: return "warn";
    case Verdict::Fail: return "fail";
    case Verdict::Unknown: return "unknown";
  }
  return "?";
}

std::optional<double> budgetOf(const Run& run, Budget budget) {
  switch (budget) {
    case Budget::Params: return axisValue(run, Axis::Params);
    case Budget::Bytes: return run.size_bytes;
    case Budget::Flops: {
      const auto kept = axisValue(run, Axis::Params);
      return kept ? std::optional(2.0 * *kept) : std::nullopt;
    }
    case Budget::Latency: return run.latency_ms;
  }
  return std::nullopt;
}

Comparison compare(const Run& c, const Run& b, const std::vector<Run>& all, const TaskCatalog& tasks, Budget budget,
                   const std::vector<Run>* selected) {
  const std::vector<Run>& inView = selected ? *selected : all;
  Comparison out;
  out.compressed = c.id;
  out.baseline = b.id;
  out.compressed_label = c.model + " · " + c.method + (c.ratio ? " r=" + fmt(*c.ratio) : "");
  out.baseline_label = b.model + " · " + b.method;
  out.checks = {budgetMatch(c, b, budget), baselineTraining(c, b), evalMatch(c, b, tasks), dataConfound(c, b),
                significance(c, b, tasks),  averageHidesCollapse(c, b, tasks, all), seeds(c, b, inView, all)};
  if (isPredictedBaseline(b)) {
    // The native-small frontier: a law's prediction, not a run.
    out.baseline_label = b.model + " · predicted";
    out.baseline_predicted = true;
    out.checks[2] = make("eval-match", Verdict::Unknown, b.source.text(),
                         "the baseline is predicted from the family's dense law, so only its loss exists; no native model of this budget was run");
    const auto cs = seedCount(c, inView);
    out.checks[6] = make("seeds", cs > 1 ? Verdict::Pass : Verdict::Warn, "compressed " + std::to_string(cs) + " seed(s); the baseline is a fit to " +
                         "the family's dense runs",
                         cs > 1 ? "the compressed side was run with several seeds" : "a single seed on the compressed side: seed-to-seed variation is not measured");
  }
  return out;
}

std::vector<std::pair<const Run*, const Run*>> pairWithNativeBaselines(const std::vector<Run>& runs, const std::vector<Run>& candidates,
                                                                      Budget budget) {
  std::vector<std::pair<const Run*, const Run*>> out;
  for (const Run& c : runs) {
    if (c.isDense()) continue;
    const auto bc = budgetOf(c, budget);
    if (!bc) continue;
    const Run* best = nullptr;
    double bestGap = 0;
    for (const Run& b : candidates) {
      // A native baseline is another model of the same family.
      if (!b.isDense() || b.family != c.family || b.model == c.model) continue;
      const auto bb = budgetOf(b, budget);
      if (!bb) continue;
      const double gap = std::fabs(std::log(*bb / *bc));
      if (!best || gap < bestGap) { best = &b; bestGap = gap; }
    }
    if (best) out.push_back({&c, best});
  }
  return out;
}

}  // namespace rs::analysis
