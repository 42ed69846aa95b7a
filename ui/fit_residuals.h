#pragma once
// The fit panel's residual plot: y − f(x) of the shown fit against the law's
// primary variable, in the series' colour on the figure, y symmetric about 0.

#include <QColor>
#include <QString>

#include "ui/figure/fit_jobs.h"

class QCustomPlot;

namespace rs::ui {

// Draws `fit` (fitted with `law`) into `plot`, or hides the plot when there
// is no successful fit (an empty frame with made-up axes would mislead).
// `axisLabel` names a generic shape's variable X as the figure does.
void drawResiduals(QCustomPlot* plot, const laws::Law* law, const SeriesFit* fit, const QColor& colour, const QString& axisLabel);

}  // namespace rs::ui
