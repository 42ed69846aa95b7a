#pragma once
// The main window: run browser on the left, plot in the middle. Files open
// from the menu, the recent-files list, the command line or by dropping them
// on the window; loading runs off the GUI thread and a newer request
// supersedes an older one.

#include <QFutureWatcher>
#include <QMainWindow>

#include "core/analysis/native_frontier.h"

#include "core/io/dataset_source.h"
#include "ui/figure_export.h"
#include <atomic>

#include "core/model/task_catalog.h"
#include "core/trials/trials.h"
#include "ui/run_tree_model.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QLineEdit;
class QMenu;
class QTreeView;
class QUndoStack;

namespace rs::ui {

class FairnessPanel;
class EffectivePanel;
class FitPanel;
class PlotView;
class TrialProgressBar;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openFile(const QString& path);  // asynchronous; emits loaded() or loadFailed()
  // File ▸ Import…: previews `paths` (files or folders) and imports them
  // into the open experiment database (or one the user chooses), then
  // reopens it.
  void showImport(const QStringList& paths);
  PlotView* plotView() const { return plot_; }
  FitPanel* fitPanel() const { return fit_; }
  FairnessPanel* fairnessPanel() const { return fairness_; }
  EffectivePanel* effectivePanel() const { return effective_; }
  QUndoStack* undoStack() const { return undo_; }
  QTreeView* runView() const { return tree_; }
  QLineEdit* filterEdit() const { return filter_; }
  RunTreeModel* runModel() const { return model_; }
  RunFilterProxy* runProxy() const { return proxy_; }
  QString currentFile() const { return currentFile_; }
  // Where the bundled example databases are ("" when not found).
  static QString exampleDirectory();
  QStringList recentFiles() const;
  // Exports the current figure; returns "" or the message also shown to the user.
  QString exportFigureTo(const QString& path, const ExportOptions& options);
  // Runs a compression sweep in the background; each run is added to the
  // open data (and stored, when it is a database) as it lands.
  bool startTrials(trials::TrialOptions options);
  void cancelTrials();
  bool trialsRunning() const;
  QString trialStatus() const;

 Q_SIGNALS:
  void loaded(const QString& path);
  void trialRunAdded(const QString& key);
  void trialsFinished(int runs, bool cancelled, const QString& error);
  void loadFailed(const QString& message);
  // Runs that landed in the open store while it was open (the live view).
  void runsArrived(int count);

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void onLoaded();
  void submitSweep(const trials::TrialOptions& options);
  void mergeArrivedRuns(const std::vector<Run>& runs);
  void applyFilter();
  void selectRunInTable(qint64 runId);
  void onTableSelection();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void showExportDialog();
  void addTrialRun(Run run);
  void onTrialsFinished();

  // Shows a new run list everywhere (tree, plot, frontier).
  void showRuns(std::shared_ptr<const std::vector<Run>> runs);
  void updateFitContext();
  void onRunClicked(qint64 runId);

  PlotView* plot_;
  FitPanel* fit_;
  FairnessPanel* fairness_;
  EffectivePanel* effective_;
  std::shared_ptr<const analysis::NativeFrontier> frontier_;  // of runs_
  QUndoStack* undo_;
  TaskCatalog tasks_;
  class LiveView* live_ = nullptr;
  QTreeView* tree_;
  QLineEdit* filter_;
  QString loadedStatus_;  // "37 runs from FILE", shown again when the filter is cleared
  QLabel* status_;
  RunTreeModel* model_;
  RunFilterProxy* proxy_;
  QMenu* recentMenu_ = nullptr;
  QFutureWatcher<LoadedRuns> loader_;
  int loadGeneration_ = 0;
  QString pendingFile_, currentFile_;
  RunList runs_;
  bool syncingSelection_ = false;
  // Trials in the background.
  QFutureWatcher<std::string> trialWatcher_;
  std::shared_ptr<std::atomic<bool>> trialCancel_;
  TrialProgressBar* trialProgress_ = nullptr;
  QPushButton* trialCancelButton_ = nullptr;
  QLabel* trialLabel_ = nullptr;
  int trialPlanned_ = 0, trialDone_ = 0;
};

}  // namespace rs::ui
