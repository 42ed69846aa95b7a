#pragma once
// What a figure shows besides its data: the metric, the x axis, the scales,
// error bars, the analysis overlays and the series hidden from it. Plain
// data, shared by the session, the plot view and project files.

#include <set>
#include <string>

#include "core/model/axes.h"

namespace rs::ui {

// The figure's own settings, as the plot's controls set them.
struct FigureSettings {
  std::string metric;
  Axis axis = Axis::Ratio;
  bool log_x = false, log_y = false;
  bool error_bars = true;
  bool analysis = true;           // dropouts and knees on the ratio axis
  std::set<std::string> hidden;   // legend keys toggled off
  bool operator==(const FigureSettings&) const = default;
};

}  // namespace rs::ui
