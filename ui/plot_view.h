#pragma once
// The interactive plot: a metric against a derived axis, with controls for
// metric, axis and log scales; legend clicks toggle series; wheel zooms and
// drag pans; hovering a marker shows its run; clicking one selects the run.

#include <QImage>
#include <QWidget>
#include <optional>
#include <set>

#include "core/model/task_catalog.h"
#include "ui/figure/figure.h"
#include "ui/figure/figure_export.h"
#include "ui/figure/figure_composer.h"
#include "ui/jobs/latest_job.h"
#include "ui/figure/figure_provenance.h"
#include "ui/figure/fit_overlay.h"
#include "ui/ratio_readout.h"

#include <functional>
#include "ui/run_tree_model.h"
#include "ui/session/session_state.h"

class QCheckBox;
class QComboBox;
class QSlider;
class QCPItemStraightLine;
class QCustomPlot;
class QCPAbstractLegendItem;
class QCPLegend;
class QLabel;
class QTimer;

namespace rs::ui {

class PlotView : public QWidget {
  Q_OBJECT
 public:
  explicit PlotView(QWidget* parent = nullptr);

  // Shows a session snapshot: new runs keep the chosen metric and axis when
  // they have them; a changed filter, fit, exclusion or catalogue redraws;
  // a new native-small frontier (the loss readout's predicted native
  // models) refreshes the readout only.
  void show(const SessionSnapshot& state, SessionChanges what);
  // The figure settings of the controls and the legend (what figureChanged() announces).
  FigureSettings settings() const;
  // Sets the controls and hidden series (a project opened) and redraws once;
  // a metric the runs lack keeps the one shown.
  void applySettings(const FigureSettings& settings);

  FigureSpec spec() const;
  QCustomPlot* plot() const { return plot_; }
  const DrawnFigure& figure() const { return figure_; }
  const std::vector<Run>& drawnRuns() const { return *drawn_; }
  std::shared_ptr<const std::vector<Run>> drawnRunList() const { return drawn_; }
  QComboBox* metricBox() const { return metric_; }
  QComboBox* axisBox() const { return axis_; }

  // The run whose marker is within a few pixels of `pos` (plot coordinates).
  std::optional<qint64> runAt(const QPoint& pos) const;
  // Pixel position of a run's marker, for tests and for keeping it in view.
  std::optional<QPointF> pixelOfRun(qint64 runId) const;
  QString toolTipForRun(qint64 runId) const;
  QString lastToolTip() const { return lastToolTip_; }
  std::optional<qint64> selectedRun() const { return selected_; }
  const std::set<std::string>& hiddenKeys() const { return hidden_; }
  // The compression-ratio slider under the plot and what it reads out.
  QSlider* ratioSlider() const { return slider_; }
  double sliderRatio() const;
  QString readoutText() const;
  QCheckBox* analysisBox() const { return analysisBox_; }
  const std::vector<SeriesAnalysis>& seriesAnalysis() const;
  // True while the dropouts and knees of the drawn series are computed in
  // the background (the plot shows them, and analysed() is emitted, when done).
  bool analysisPending() const { return !wantedKey_.empty() && !shownAnalysis(); }
  bool paintPending() const;
  // The request the screen draws (runs, palette, hidden series, fit,
  // analysis), and the exported figure composed from it into `target`.
  FigureRequest request() const;
  FigureRequest exportRequest() const;  // request() at print sizes, with the screen's zoom
  ComposedFigure composeExport(QCustomPlot& target) const;
  // Writes the figure as shown (zoom, hidden series, fit) at a physical size,
  // with the record of what made it (figure_provenance.h).
  std::string exportTo(const QString& path, const ExportOptions& options, const FigureOrigin& origin = {}, std::string* warning = nullptr) const;
  // The exported figure as it prints at `options`' size, at `dpi`.
  QImage exportPreview(const ExportOptions& options, int dpi) const;

 public Q_SLOTS:
  void selectRun(qint64 runId);  // highlights the marker (from the run table)
  void redraw();
  void resetZoom();

 Q_SIGNALS:
  void runClicked(qint64 runId);
  void metricChanged(const QString& metric);
  // The metric, axis, scales or drawn runs changed (not emitted for
  // overlay-only redraws, so a fit triggered by it cannot loop).
  void contextChanged();
  // The user changed the metric, axis, scales, overlays or hidden series.
  void figureChanged();
  // A redraw finished (the series' colours are final).
  void drawn();
  // A new run list's figure is painted (its redraw left the paint to a turn
  // of its own: paintPending() until then).
  void painted();
  // The dropouts and knees are drawn.
  void analysed();
  // The plotted series' dropouts and knees are wanted (the session computes
  // them and publishes SessionChange::Analysis); an empty key: none.
  void analysisWanted(const rs::ui::PlotAnalysisRequest& request);

 private:
  // Paints now what waits for the queued paint, hands the panels a context
  // that waited for it, and says so (painted()).
  void paintNow();
  bool eventFilter(QObject* watched, QEvent* event) override;
  void onMouseMove(QMouseEvent* event);
  void onMousePress(QMouseEvent* event);
  void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);
  void drawSelection();
  // Moves the slider's line and refreshes the readout; repaints the line's
  // own layer unless a full replot follows.
  void updateCrosshair(bool replotLayer = true);
  const Run* findRun(qint64 id) const;

  QComboBox* metric_;
  QComboBox* axis_;
  QCheckBox* logX_;
  QCheckBox* logY_;
  QCheckBox* errorBars_;
  QLabel* note_;
  QCheckBox* analysisBox_;
  QSlider* slider_;
  QLabel* readout_;
  QCPItemStraightLine* crosshair_ = nullptr;
  FitOverlay lastOverlay_;
  QCustomPlot* plot_;
  SessionSnapshot state_ = std::make_shared<const SessionState>();  // what is shown
  void takeRuns();  // a new run list: the metric list, palette and marker order
  std::vector<std::string> methodOrder_;  // palette order over every loaded run
  std::vector<std::string> modelOrder_;   // marker-shape order, likewise
  void contentChanged();  // redraw + contextChanged
  void controlsChanged();  // the user's change: redraw, contextChanged, figureChanged
  std::shared_ptr<const std::vector<Run>> drawn_ = std::make_shared<const std::vector<Run>>();
  void startAnalysis();
  void wantNoAnalysis();
  // The session's plot analysis when it is the one asked for; else null.
  const PlotAnalysis* shownAnalysis() const;
  bool queueReplot_ = false;  // the next redraw paints in an event-loop turn of its own
  QTimer* paintTimer_;        // ... through this zero timer
  bool contextPending_ = false;  // contextChanged() waits for that paint
  std::string wantedKey_;   // the metric and series of the analysis asked for ("" none)
  std::shared_ptr<const std::vector<Run>> wantedRuns_;  // ... and the runs
  int tasksGeneration_ = 0;  // ... and the task catalogue (counted: a new one asks again)
  RunList drawnFrom_;  // the loaded runs drawn_ was taken from
  DrawnFigure figure_;
  std::set<std::string> hidden_;  // legend keys the user toggled off
  std::optional<qint64> selected_;
  QString lastToolTip_;
};

}  // namespace rs::ui
