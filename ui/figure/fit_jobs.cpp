#include "ui/figure/fit_jobs.h"

#include <atomic>

#include "core/fit/law_metric.h"

namespace rs::ui {

fit::FitDataSpec fitDataSpec(const FigureSpec& spec, const TaskCatalog& tasks, const std::vector<Run>* all,
                             const std::set<qint64>& excluded) {
  fit::FitDataSpec d;
  d.metric = spec.metric;
  d.x_axis = spec.axis;
  d.excluded.insert(excluded.begin(), excluded.end());
  d.anchors = all;
  fit::describeMetric(d, tasks);
  return d;
}

FitRequest makeFitRequest(std::shared_ptr<const laws::Law> law, const std::vector<Run>& runs, const FigureSpec& spec,
                          const fit::FitDataSpec& data, bool perSeries, fit::FitOptions options) {
  FitRequest request{law, {}, std::move(options)};
  const auto space = request.options.space.value_or(law->info().default_space);
  if (!perSeries) {
    request.jobs.push_back({kAllSeries, fit::buildFitData(*law, runs, data, space), {}});
    return request;
  }
  for (const Series& s : buildSeries(runs, spec.metric, spec.axis).series) {
    std::vector<Run> own;  // the series' own points, its dense anchor included
    for (const SeriesPoint& p : s.points) own.push_back(runs[p.run_index]);
    request.jobs.push_back({s.label(), fit::buildFitData(*law, own, data, space), {}});
  }
  return request;
}

FitOutcome runFitJobs(const FitRequest& request, const std::function<void(int)>& report) {
  FitOutcome out;
  out.law = request.law;
  out.fits = request.jobs;
  const int jobs = static_cast<int>(request.jobs.size());
  for (int j = 0; j < jobs; ++j) {
    fit::FitOptions options = request.options;
    if (report) {
      // In at most ~1% steps, as jobs done out of jobs (the starts of the
      // job running refine it).
      auto lastPercent = std::make_shared<std::atomic<int>>(-1);
      options.progress = [report, j, jobs, lastPercent](int done, int total) {
        const int permille = total > 0 ? (j * 1000 + done * 1000 / total) / jobs : 1000;
        if (lastPercent->exchange(permille / 10) != permille / 10) report(permille);
      };
    }
    SeriesFit& f = out.fits[static_cast<std::size_t>(j)];
    f.result = fit::fitLaw(*request.law, f.data, options);
    if (f.result.cancelled) {
      out.cancelled = true;
      break;
    }
    if (report) report((j + 1) * 1000 / jobs);
  }
  return out;
}

}  // namespace rs::ui
