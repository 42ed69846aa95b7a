#pragma once
// What the compression-ratio slider reads out at a ratio r, per plotted
// series: the metric there (the fitted curve with its 95% band when a fit is
// drawn, else interpolated between the measured ratios), the tasks that have
// already dropped out by r, whether r is past the knee, and the native model
// whose parameter count is closest to what the compressed model keeps (or,
// when none is within 25%, the native-small frontier's prediction).

#include <QString>
#include <map>
#include <vector>

#include "core/analysis/dropout.h"
#include "core/analysis/native_frontier.h"
#include "ui/figure/analysis_overlay.h"
#include "ui/figure/fit_overlay.h"

namespace rs::ui {

struct ReadoutContext {
  const DrawnFigure* figure = nullptr;
  const std::vector<SeriesAnalysis>* analysis = nullptr;                        // current metric
  const std::map<std::string, std::vector<analysis::Dropout>>* dropouts = nullptr;  // every task, by series
  const FitOverlay* fit = nullptr;
  const std::vector<Run>* runs = nullptr;  // every loaded run (native baselines)
  const analysis::NativeFrontier* frontier = nullptr;  // predicts the native model when none is near (loss only)
  std::string metric;
};

// HTML for the readout label; at most `maxSeries` series are listed.
QString ratioReadout(double ratio, const ReadoutContext& context, int maxSeries = 8);

}  // namespace rs::ui
