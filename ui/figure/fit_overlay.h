#pragma once
// A fit drawn over a figure: for every plotted series the law covers, its
// fitted curve along the plot's x axis with the 95% confidence band, plus a
// cross on every run the user excluded from the fit. Computed from a fit
// outcome; drawn by the same code on screen and in exported figures.

#include <QColor>
#include <QVector>
#include <set>
#include <string>
#include <vector>

#include "ui/figure/figure.h"
#include "ui/figure/fit_jobs.h"

class QCustomPlot;

namespace rs::ui {

struct FitCurve {
  std::string series_label;  // "model · method" of the series it belongs to
  QVector<double> x, y, low, high;
  // False when the fit has no covariance (as many points as parameters, or
  // a rank-deficient Jacobian): low = high = y then, so no band is drawn
  // and the readout says "no interval" rather than a zero-width one.
  bool has_band = true;
};

struct FitOverlay {
  std::vector<FitCurve> curves;
  std::set<qint64> excluded;
  std::string note;  // why no curve could be drawn, if so
  bool empty() const { return curves.empty() && excluded.empty(); }
};

// Curves for the series of `figure` that the fit covers, along `spec.axis`.
FitOverlay computeOverlay(const FitOutcome& fit, const DrawnFigure& figure, const FigureSpec& spec, bool metricIsAccuracy);

// Draws the overlay onto a plot that drawFigure() drew (curves in each
// series' colour, bands translucent, excluded runs crossed).
void drawOverlay(QCustomPlot& plot, const DrawnFigure& figure, const FitOverlay& overlay, double scale);

}  // namespace rs::ui
