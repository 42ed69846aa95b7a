// The plot view's figure as exported: the screen's request at print sizes
// (File › Export, the export dialog's preview), composed apart from the
// screen's plot so the window never changes while a file is written.
#include <qcustomplot.h>

#include "ui/figure/figure_export.h"
#include "ui/plot_view.h"

namespace rs::ui {

FigureRequest PlotView::exportRequest() const {
  // The screen's request at print sizes, with the screen's zoom, hidden
  // series (left out of the legend) and analysis; the selection ring and
  // hover state are not part of a figure.
  FigureRequest r = request();
  r.spec.scale = 1.0;
  // The screen's analysis; while it is computed, the export computes its own.
  r.analysis = shownAnalysis() ? &shownAnalysis()->series : nullptr;
  r.x_range = std::pair(plot_->xAxis->range().lower, plot_->xAxis->range().upper);
  r.y_range = std::pair(plot_->yAxis->range().lower, plot_->yAxis->range().upper);
  return r;
}

ComposedFigure PlotView::composeExport(QCustomPlot& target) const { return composeFigure(target, exportRequest()); }

std::string PlotView::exportTo(const QString& path, const ExportOptions& options, const FigureOrigin& origin, std::string* warning) const {
  QCustomPlot figurePlot;
  const FigureRequest r = exportRequest();
  const ComposedFigure composed = composeFigure(figurePlot, r);
  if (!composed.drawn.error.empty()) return path.toStdString() + ": nothing to export: " + composed.drawn.error;
  return exportFigure(figurePlot, path, options, figureProvenance(r, composed, origin), warning);
}

QImage PlotView::exportPreview(const ExportOptions& options, int dpi) const {
  QCustomPlot figurePlot;
  if (!composeExport(figurePlot).drawn.error.empty()) return {};
  return renderFigure(figurePlot, options, dpi);
}

}  // namespace rs::ui
