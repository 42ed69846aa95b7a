#include "core/analysis/analysis_report.h"

#include <cstdio>

#include "core/analysis/curve.h"
#include "core/model/series.h"

namespace rs::analysis {

std::string describeAnalysisOptions(const AnalysisOptions& o) {
  char sensitivity[32];
  std::snprintf(sensitivity, sizeof sensitivity, "%g", o.knee_sensitivity);
  return "dropout " + o.dropout.id() + ", budget " + budgetId(o.budget) + ", dense law " + o.dense_law + ", loss metric " + o.loss_metric +
         ", knee sensitivity " + sensitivity;
}

std::vector<CurveAnalysis> analyseCurves(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks,
                                         const AnalysisOptions& options, const std::vector<std::string>& metrics, bool knees) {
  std::vector<CurveAnalysis> out;
  // The curves' runs: the selection with the dense anchors of its compressed
  // runs, so a selection of one method keeps ratio 0.
  const std::vector<Run> curveRuns = withDenseAnchors(runs, all);
  KneeOptions kneeOptions;
  kneeOptions.sensitivity = options.knee_sensitivity;
  for (const std::string& metric : metrics.empty() ? metricNames(runs) : metrics) {
    const TaskInfo task = tasks.lookup(metric);
    const bool accuracy = task.chance.has_value() && !task.lowerIsBetter;
    kneeOptions.accuracy = accuracy;
    for (const Series& s : buildSeries(curveRuns, metric, Axis::Ratio).series) {
      if (s.method == kDenseMethod) continue;  // a native model alone is not a compression curve
      const Curve curve = toCurve(s, metric, curveRuns);
      CurveAnalysis c;
      c.series = s.label();
      c.metric = metric;
      if (accuracy) c.dropout = findDropout(curve, task, options.dropout);
      if (knees) {
        c.knees = findKnees(curve, kneeOptions);
        c.knees_agree = kneesAgree(c.knees);
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::shared_ptr<const NativeFrontier> nativeFrontier(const std::vector<Run>& all, const AnalysisOptions& options) {
  return std::make_shared<const NativeFrontier>(all, options.loss_metric, options.fit);
}

std::vector<Comparison> fairnessChecks(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks,
                                       const NativeFrontier* frontier, const AnalysisOptions& options) {
  std::vector<Comparison> out;
  const BaselinePairing pairing = pairWithBaselines(runs, all, options.budget, frontier);
  for (const auto& [c, b] : pairing.pairs) {
    out.push_back(compare(*c, *b, all, tasks, options.budget, &runs));
    // A predicted baseline lives in the pairing: keep what the checks need of it.
    if (isPredictedBaseline(*b)) out.back().predicted_baseline = std::make_shared<const Run>(*b);
  }
  return out;
}

std::vector<EffectiveParamsResult> effectiveParams(const std::vector<Run>& all, const AnalysisOptions& options) {
  return effectiveParameters(all, options.loss_metric, options.dense_law, options.fit);
}

AnalysisReport analyse(const std::vector<Run>& runs, const std::vector<Run>& all, const TaskCatalog& tasks, const AnalysisOptions& options) {
  AnalysisReport r;
  r.curves = analyseCurves(runs, all, tasks, options);
  for (const CurveAnalysis& c : r.curves)
    if (c.dropout) r.dropouts.push_back(*c.dropout);
  r.categories = rankCategories(r.dropouts);
  r.frontier = nativeFrontier(all, options);
  r.comparisons = fairnessChecks(runs, all, tasks, r.frontier.get(), options);
  r.effective = effectiveParams(all, options);
  return r;
}

}  // namespace rs::analysis
