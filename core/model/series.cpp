#include "core/model/series.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace rs {

std::string Series::label() const { return model + " \u00b7 " + method; }

SeriesSet buildSeries(const std::vector<Run>& runs, const std::string& metric, Axis axis) {
  SeriesSet out;
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::vector<SeriesPoint>> groups;
  std::map<std::pair<std::string, std::string>, std::vector<SeriesPoint>> dense;
  std::set<std::pair<std::string, std::string>> compressedModels;

  for (std::size_t i = 0; i < runs.size(); ++i) {
    const Run& run = runs[i];
    const Metric* m = run.metric(metric);
    if (!m) { ++out.runs_without_metric; continue; }
    const auto x = axisValue(run, axis);
    if (!x) { ++out.runs_without_axis; continue; }
    SeriesPoint p{*x, m->value, m->std_error, run.id, i};
    if (run.isDense()) {
      dense[{run.family, run.model}].push_back(p);
    } else {
      groups[{run.family, run.model, run.method}].push_back(p);
      compressedModels.insert({run.family, run.model});
    }
  }
  for (auto& [key, points] : groups) {
    const auto& [family, model, method] = key;
    auto anchor = dense.find({family, model});
    if (anchor != dense.end()) points.insert(points.end(), anchor->second.begin(), anchor->second.end());
    out.series.push_back(Series{family, model, method, std::move(points)});
  }
  for (auto& [key, points] : dense)
    if (!compressedModels.count(key))
      out.series.push_back(Series{key.first, key.second, std::string(kDenseMethod), points});
  for (Series& s : out.series)
    std::stable_sort(s.points.begin(), s.points.end(), [](const SeriesPoint& a, const SeriesPoint& b) { return a.x < b.x; });
  std::sort(out.series.begin(), out.series.end(), [](const Series& a, const Series& b) {
    return std::tie(a.family, a.model, a.method) < std::tie(b.family, b.model, b.method);
  });
  return out;
}

std::vector<std::string> metricNames(const std::vector<Run>& runs) {
  std::set<std::string> names;
  for (const Run& r : runs)
    for (const Metric& m : r.metrics) names.insert(m.name);
  return {names.begin(), names.end()};
}

}  // namespace rs
