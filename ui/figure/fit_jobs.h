#pragma once
// The fits a figure draws: one law fitted to each plotted series, or to
// every plotted run together. The jobs are built from the drawn runs and
// fitted by one function for the fit panel's background runner and for
// `ratioscope-cli plot --law`, so the screen, File › Export and the CLI
// draw the same curves.

#include <QtGlobal>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/fit/fitter.h"
#include "core/model/task_catalog.h"
#include "ui/figure/figure.h"

namespace rs::ui {

// The label of a fit over every plotted run at once.
inline const std::string kAllSeries = "all plotted runs";

// One fit of a request: a plotted series ("model · method"), or kAllSeries.
struct SeriesFit {
  std::string label;
  fit::FitData data;
  fit::FitResult result;
};

struct FitRequest {
  std::shared_ptr<const laws::Law> law;
  std::vector<SeriesFit> jobs;  // data filled, results empty; fitted in order
  fit::FitOptions options;
};

struct FitOutcome {
  int generation = 0;
  bool cancelled = false;
  std::shared_ptr<const laws::Law> law;
  std::vector<SeriesFit> fits;
  const SeriesFit* find(const std::string& label) const {
    for (const SeriesFit& f : fits)
      if (f.label == label) return &f;
    return nullptr;
  }
};

// What the data of a fit of `spec.metric` along `spec.axis` is: the
// metric's direction and chance level from `tasks`, the dense anchors from
// `all` (may be null), `excluded` runs left out.
fit::FitDataSpec fitDataSpec(const FigureSpec& spec, const TaskCatalog& tasks, const std::vector<Run>* all,
                             const std::set<qint64>& excluded);

// The jobs of fitting `law` to the plotted `runs`: one per series of the
// figure (its own points, its dense anchor included), or one of every run
// together when `perSeries` is false.
FitRequest makeFitRequest(std::shared_ptr<const laws::Law> law, const std::vector<Run>& runs, const FigureSpec& spec,
                          const fit::FitDataSpec& data, bool perSeries, fit::FitOptions options);

// Fits the jobs in order. `report(permille)` is called as they progress (from
// the calling thread); a cancelled job ends the outcome with cancelled set.
FitOutcome runFitJobs(const FitRequest& request, const std::function<void(int permille)>& report = {});

}  // namespace rs::ui
