#include "core/model/series.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/model/training_budget.h"

namespace rs {

std::string Series::label() const { return model + " \u00b7 " + method + (budget_label.empty() ? "" : " \u00b7 " + budget_label); }

std::string Series::modelLabel() const { return budget_label.empty() ? model : model + " \u00b7 " + budget_label; }

SeriesSet buildSeries(const std::vector<Run>& runs, const std::string& metric, Axis axis) {
  SeriesSet out;
  const TrainingBudgets budgets(runs);
  using ModelKey = std::tuple<std::string, std::string, int>;  // family, model, budget
  using Key = std::tuple<std::string, std::string, int, std::string>;
  std::map<Key, std::vector<SeriesPoint>> groups;
  std::map<ModelKey, std::vector<SeriesPoint>> dense;
  std::map<ModelKey, std::string> budgetLabels;
  std::set<ModelKey> compressedModels;

  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& run = runs[i];
    const Metric* m = run.metric(metric);
    if (!m) { ++out.runs_without_metric; continue; }
    const auto x = axisValue(run, axis);
    if (!x) { ++out.runs_without_axis; continue; }
    SeriesPoint p{*x, m->value, m->std_error, run.id, i};
    const ModelKey model{run.family, run.model, budgets.of(run)};
    budgetLabels.emplace(model, budgets.label(run));
    if (run.isDense()) {
      dense[model].push_back(p);
    } else {
      groups[{run.family, run.model, budgets.of(run), run.method}].push_back(p);
      compressedModels.insert(model);
    }
  }
  for (auto& [key, points] : groups) {
    const auto& [family, model, budget, method] = key;
    auto anchor = dense.find({family, model, budget});
    if (anchor != dense.end()) points.insert(points.end(), anchor->second.begin(), anchor->second.end());
    out.series.push_back(Series{family, model, method, std::move(points), budget, budgetLabels[{family, model, budget}]});
  }
  for (auto& [key, points] : dense)
    if (!compressedModels.count(key))
      out.series.push_back(Series{std::get<0>(key), std::get<1>(key), std::string(kDenseMethod), points, std::get<2>(key), budgetLabels[key]});
  for (Series& s : out.series)
    std::stable_sort(s.points.begin(), s.points.end(), [](const SeriesPoint& a, const SeriesPoint& b) { return a.x < b.x; });
  std::sort(out.series.begin(), out.series.end(), [](const Series& a, const Series& b) {
    return std::tie(a.family, a.model, a.method, a.budget) < std::tie(b.family, b.model, b.method, b.budget);
  });
  return out;
}

std::vector<Run> withDenseAnchors(const std::vector<Run>& selected, const std::vector<Run>& all) {
  const TrainingBudgets budgets(all);
  std::set<std::tuple<std::string, std::string, int>> wanted;
  std::set<std::int64_t> have;
  for (const Run& r : selected) {
    if (!r.isDense()) wanted.insert({r.family, r.model, budgets.of(r)});
    if (r.id != 0) have.insert(r.id);
  }
  std::vector<Run> out = selected;
  for (const Run& r : all) {
    if (!r.isDense() || !wanted.count({r.family, r.model, budgets.of(r)})) continue;
    // Already selected: by store id, or (unstored runs) by identity.
    const bool selectedAlready = r.id != 0 ? have.count(r.id) > 0
                                           : std::any_of(selected.begin(), selected.end(), [&](const Run& s) { return s.id == 0 && s.key == r.key; });
    if (!selectedAlready) out.push_back(r);
  }
  return out;
}

std::vector<std::string> metricNames(const std::vector<Run>& runs) {
  std::set<std::string> names;
  for (const Run& r : runs)
    for (const Metric& m : r.metrics) names.insert(m.name);
  return {names.begin(), names.end()};
}

}  // namespace rs
