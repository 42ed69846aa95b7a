#include "ui/fit_residuals.h"

#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace rs::ui {

void drawResiduals(QCustomPlot* plot, const laws::Law* law, const SeriesFit* fit, const QColor& colour, const QString& axisLabel) {
  plot->clearGraphs();
  plot->clearItems();
  // No fit, no residuals: an empty frame with made-up axes would mislead.
  const bool shown = law && fit && fit->result.ok;
  plot->setVisible(shown);
  if (!shown) return plot->replot();
  QVector<double> xs, es;
  const int primary = fit->data.primaryVariable;
  for (int i = 0; i < fit->data.size(); ++i) {
    xs << fit->data.xAt(i)[primary];
    es << fit->data.y[static_cast<std::size_t>(i)] - law->predict(fit->result.theta.data(), fit->data.xAt(i));
  }
  QCPGraph* g = plot->addGraph();
  g->setData(xs, es);
  g->setLineStyle(QCPGraph::lsNone);
  g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(colour, 1.2), QBrush(Qt::white), 5));
  auto* zero = new QCPItemStraightLine(plot);
  zero->point1->setCoords(0, 0);
  zero->point2->setCoords(1, 0);
  zero->setPen(QPen(Qt::gray, 1, Qt::DashLine));
  // A generic shape's variable is the plot's x axis: name it as the plot does.
  const laws::Variable variable = law->info().variables[static_cast<std::size_t>(primary)];
  plot->xAxis->setLabel(variable == laws::Variable::X ? axisLabel : QString::fromStdString(laws::variableName(variable)));
  plot->rescaleAxes();
  // Room around the outermost points, and y symmetric about zero so the eye
  // can compare residuals above and below the fit.
  const QCPRange x = plot->xAxis->range();
  const double xPad = x.size() > 0 ? 0.06 * x.size() : 0.05;
  plot->xAxis->setRange(x.lower - xPad, x.upper + xPad);
  const QCPRange y = plot->yAxis->range();
  const double reach = 1.12 * std::max({std::fabs(y.lower), std::fabs(y.upper), 1e-12});
  plot->yAxis->setRange(-reach, reach);
  plot->replot();
}

}  // namespace rs::ui
