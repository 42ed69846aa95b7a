#pragma once
// The main window: run browser on the left, plot in the middle, panels on
// the right. It holds no data: the session (session/session.h) owns what is
// shown, and the window wires the views to it. Files open from the menu,
// the recent-files list, the command line or by dropping them on the
// window; loading runs off the GUI thread and a newer request supersedes an
// older one.

#include <QMainWindow>
#include <functional>
#include <vector>

#include "core/model/task_catalog.h"
#include "core/trials/trials.h"
#include "ui/figure/figure_export.h"
#include "ui/run_tree_model.h"
#include "ui/project/project_file.h"
#include "ui/session/session.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QLineEdit;
class QMenu;
class QTimer;
class QTreeView;
class QUndoStack;

namespace rs::ui {

class DropoutPanel;
class FairnessPanel;
class EffectivePanel;
class FitPanel;
class PlotView;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  void openFile(const QString& path);  // asynchronous; emits loaded() or loadFailed()
  // File ▸ Import…: previews `paths` (files or folders) and imports them
  // into the open experiment database (or one the user chooses), then
  // reopens it.
  void showImport(const QStringList& paths);
  PlotView* plotView() const { return plot_; }
  FitPanel* fitPanel() const { return fit_; }
  FairnessPanel* fairnessPanel() const { return fairness_; }
  EffectivePanel* effectivePanel() const { return effective_; }
  DropoutPanel* dropoutPanel() const { return dropouts_; }
  QUndoStack* undoStack() const { return undo_; }
  QTreeView* runView() const { return tree_; }
  QLineEdit* filterEdit() const { return filter_; }
  RunTreeModel* runModel() const { return model_; }
  RunFilterProxy* runProxy() const { return proxy_; }
  QString currentFile() const { return session_->state()->source; }
  Session* session() const { return session_; }
  // True while the plot and panels have not yet shown the session's newest
  // snapshot (a new run list or fit is shown over the next event-loop turns).
  bool viewsPending() const;
  // Where the bundled example databases are ("" when not found).
  static QString exampleDirectory();
  QStringList recentFiles() const;
  // Exports the current figure; returns "" or the message also shown to the user.
  QString exportFigureTo(const QString& path, const ExportOptions& options);
  // File › Load Task Overrides: chance levels, categories, directions and
  // floors from a JSON file (as the CLI's --tasks), kept for the files opened
  // after it ("" goes back to the built-in tasks). Returns "" or the
  // message also shown in the status line.
  QString loadTaskOverrides(const QString& path);
  // File › Save Project / Open Project (.ratioscope, project_file.h). Both
  // return "" or the message also shown in the status line; opening is
  // asynchronous and ends with projectOpened() (or loadFailed()).
  QString saveProject(const QString& path);
  QString openProject(const QString& path);
  TaskCatalog taskCatalog() const { return session_->state()->tasks; }
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
  void projectOpened(const QString& path);
  // Runs that landed in the open store while it was open (the live view).
  void runsArrived(int count);
  // The native-small frontier of the loaded runs is fitted (the readout and
  // the fairness panel predict native baselines from then on).
  void frontierReady();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void buildMenus();
  void buildDocks();
  void wireSession();
  // A new snapshot of the session: each view takes what changed.
  void onSessionChanged(const SessionSnapshot& state, SessionChanges what);
  // The plot and panels take the changes gathered since the last pass.
  void updateTree();  // a new run list's tree, then the views' turn
  void updateViews();
  bool viewsQueued() const;  // the tree's or the views' turn is still to come
  // Runs `announce` (a signal saying what the window now shows) once the
  // views show the newest snapshot: now, or after the queued pass and paint.
  void afterViews(std::function<void()> announce);
  void onLoaded();
  void submitSweep(const trials::TrialOptions& options);
  void applyFilter();
  void selectRunInTable(qint64 runId);
  void onTableSelection();
  void rememberRecent(const QString& path);
  void refreshRecentMenu();
  void showExportDialog();
  void addTrialRun(const Run& run, const QString& writeError);
  void updateFitContext();
  void onRunClicked(qint64 runId);
  void showStatus();  // the runs shown, from where, and how many the filter keeps
  QString status(const QString& message);  // shows `message` and returns it
  // A project's input that moved or changed: true to go on (located, or as
  // it is now); `note` says what was found.
  bool confirmInput(ProjectInput& input, const QString& what, QString& note);
  void applyPendingProject();  // the view a project saved, once its source is loaded

  Session* session_;
  PlotView* plot_;
  FitPanel* fit_;
  FairnessPanel* fairness_;
  EffectivePanel* effective_;
  DropoutPanel* dropouts_;
  QUndoStack* undo_;
  QTreeView* tree_;
  QLineEdit* filter_;
  QLabel* status_;
  RunTreeModel* model_;
  RunFilterProxy* proxy_;
  QMenu* recentMenu_ = nullptr;
  bool syncingSelection_ = false;
  SessionChanges viewChanges_;  // not yet shown by the plot and panels
  QTimer* treeTimer_;          // zero timers: updateTree() and updateViews() each in an
  QTimer* viewTimer_;          // event-loop turn of its own, the tree's first
  std::vector<std::function<void()>> waiting_;  // announcements waiting for that pass
  class TrialController* trials_;  // sweeps in the background, stored as they land
  std::optional<Project> pendingProject_;  // opened, waiting for its source to load
  QString pendingProjectPath_, projectNote_;
};

}  // namespace rs::ui
