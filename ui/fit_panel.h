#pragma once
// The fit panel: pick a law for the plotted runs, read its formula, the
// parameters with ± errors and 95% intervals, goodness of fit and the
// residuals; exclude runs by clicking them on the plot (undoable). Fits run
// in the background through FitRunner with a progress bar and Cancel; any
// change (law, metric, axis, filter, exclusions) requests a new fit, which
// supersedes the one running. A law not made for the plotted metric (a loss
// law on an accuracy) is not fitted, also when the metric changes under it;
// a law that suits the new metric is refitted and the status says so. A fit
// beyond its limits (fit_limits.h) says "Fitted, but …". The fit options of
// `ratioscope-cli fit` (robust loss, starts, bootstrap, holdout) are under
// "Options…" (fit_options_widget.h); the table says which a fit used. The parameter
// table copies and exports as LaTeX, CSV or Markdown (table_copy.h), the
// same text as `ratioscope-cli fit --format`.

#include <QWidget>
#include <optional>
#include <map>
#include <set>

#include "core/model/provenance.h"
#include "core/model/task_catalog.h"
#include "core/model/text_table.h"
#include "ui/figure/figure.h"
#include "ui/figure/fit_overlay.h"
#include "ui/fit_runner.h"
#include "ui/session/session_state.h"

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;
class QUndoStack;

namespace rs::ui {

class FitOptionsWidget;
class TableCopier;

class FitPanel : public QWidget {
  Q_OBJECT
 public:
  FitPanel(QUndoStack* undo, QWidget* parent = nullptr);

  // What the plot shows: the fit uses these runs (minus exclusions); the
  // dense anchors come from `all`.
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible, const FigureSpec& spec,
                  const TaskCatalog& tasks);
  // The same without a copy of the plotted runs (the plot shares its list).
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible, const FigureSpec& spec,
                  const TaskCatalog& tasks);
  bool excludeMode() const;
  void toggleExcluded(qint64 runId);  // through the undo stack
  void setExcluded(const std::set<qint64>& ids);  // used by the undo commands
  const std::set<qint64>& excluded() const { return excluded_; }
  // The fit to draw on the figure of the current metric and axis (null
  // when none is chosen, or the one shown is of another metric or axis).
  const FitOutcome* drawableFit() const;
  // The plot's colour of each series, for the residual plot.
  void rememberColours(const DrawnFigure& figure);
  const std::optional<FitOutcome>& lastFit() const { return last_; }
  const FigureSpec& fittedSpec() const { return fittedSpec_; }  // the metric and axis lastFit() is along
  // The fit whose parameters the table shows (the series picked), or null.
  const SeriesFit* shownFit() const;

  // The fit chosen: law, scope and options as the controls show them.
  FitChoice choice() const;
  // Sets the controls to `choice` (a project reopened) and fits once;
  // announces nothing.
  void applyChoice(const FitChoice& choice);
  QComboBox* lawBox() const { return law_; }
  FitOptionsWidget* optionsWidget() const { return options_; }  // the CLI's fit options
  const fit::FitOptions& fittedOptions() const { return fittedOptions_; }  // those of the fit shown
  QString status() const;  // the status line: fitted, refused, limits and notes
  QComboBox* scopeBox() const { return scope_; }
  QComboBox* seriesBox() const { return series_; }
  QTableWidget* parameterTable() const { return table_; }
  QCheckBox* excludeBox() const { return exclude_; }
  QPushButton* cancelButton() const { return cancel_; }
  QProgressBar* progressBar() const { return progress_; }
  FitRunner* runner() const { return runner_; }
  TableCopier* tableCopier() const { return copier_; }
  // The shown fit's parameter table with its caption (fit_table.h); empty
  // when no fit is shown.
  std::string tableText(TableFormat format) const;
  // What made the shown fit's table: the panel and what it showed, the
  // runs' files with their hashes, the fit options and the runs fitted.
  TableProvenance tableProvenance() const;

 Q_SIGNALS:
  void overlayChanged();  // redraw the plot's fit overlay
  void choiceChanged();  // the user changed the law, scope or options
  void excludedChanged(const std::set<qint64>& ids);

 public Q_SLOTS:
  void requestFit();  // debounced; supersedes a running fit

 private:
  void startFit();
  void showResult(const FitOutcome& outcome);
  void showFit();  // the series picked in series_
  void showMessage(const QString& text);
  void drawResiduals();

  QUndoStack* undo_;
  QComboBox* law_;
  QComboBox* scope_;
  QComboBox* series_;
  FitOptionsWidget* options_;
  QCheckBox* exclude_;
  QLabel* formula_;
  QLabel* status_;
  QTableWidget* table_;
  QLabel* goodness_;
  QCustomPlot* residuals_;
  QProgressBar* progress_;
  QPushButton* cancel_;
  QTimer* debounce_;
  FitRunner* runner_;
  TableCopier* copier_;
  std::shared_ptr<const std::vector<Run>> all_;
  std::shared_ptr<const std::vector<Run>> visible_ = std::make_shared<const std::vector<Run>>();
  FigureSpec spec_;
  FigureSpec requestedSpec_, fittedSpec_;  // what the newest request and the shown fit were for
  fit::FitOptions requestedOptions_, fittedOptions_;  // the options they used
  std::map<std::string, QColor> seriesColours_;  // as last drawn on the plot, for the residuals
  TaskCatalog tasks_;
  std::set<qint64> excluded_;
  std::optional<FitOutcome> last_;
  QString metricChangedFrom_;  // the metric plotted before the newest change, until the next fit starts
  QString refitNote_;          // "Refitted LAW to METRIC (...)": shown with the fit it announces
};

}  // namespace rs::ui
