#include "ui/main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>

#include "core/io/store/experiment_store.h"
#include "ui/import_dialog.h"
#include "ui/jobs/zero_timer.h"
#include "ui/trial_controller.h"
#include "ui/dropout_panel.h"
#include "ui/effective_panel.h"
#include "ui/fairness_panel.h"
#include "ui/fit_panel.h"
#include "ui/plot_view.h"

// The resources live in a static library, whose initialiser the linker may
// drop; registering them explicitly keeps the icon.
static void initResources() { Q_INIT_RESOURCE(ratioscope); }

namespace rs::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), session_(new Session(this)) {
  initResources();
  setWindowTitle(QStringLiteral("Ratioscope"));
  setWindowIcon(QIcon(QStringLiteral(":/ratioscope/ratioscope.svg")));
  setAcceptDrops(true);
  resize(1400, 860);

  plot_ = new PlotView;
  setCentralWidget(plot_);
  undo_ = new QUndoStack(this);
  buildDocks();
  status_ = new QLabel(QStringLiteral("Open an experiment database or CSV file (File ▸ Open, or drop it here)."));
  status_->setObjectName(QStringLiteral("statusLine"));
  statusBar()->addWidget(status_, 1);
  trials_ = new TrialController(statusBar(), this);
  connect(trials_, &TrialController::runLanded, this, &MainWindow::addTrialRun);
  connect(trials_, &TrialController::finished, this, [this](int runs, bool cancelled, const QString& error) {
    afterViews([=, this] { Q_EMIT trialsFinished(runs, cancelled, error); });
  });
  treeTimer_ = zeroTimer(this, QStringLiteral("treeTimer"));
  connect(treeTimer_, &QTimer::timeout, this, &MainWindow::updateTree);
  viewTimer_ = zeroTimer(this, QStringLiteral("viewTimer"));
  connect(viewTimer_, &QTimer::timeout, this, &MainWindow::updateViews);
  buildMenus();
  wireSession();
}

void MainWindow::buildDocks() {
  fit_ = new FitPanel(undo_);
  // The docks: runs on the left; fitting, fairness and effective parameters
  // tabbed on the right.
  auto dock = [this](const QString& title, const QString& name, QWidget* content, Qt::DockWidgetArea area = Qt::RightDockWidgetArea) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(content);
    d->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, d);
    return d;
  };
  QDockWidget* fitDock = dock(QStringLiteral("Fit"), QStringLiteral("fitDock"), fit_);
  fairness_ = new FairnessPanel;
  QDockWidget* fairnessDock = dock(QStringLiteral("Fairness"), QStringLiteral("fairnessDock"), fairness_);
  tabifyDockWidget(fitDock, fairnessDock);
  effective_ = new EffectivePanel;
  QDockWidget* effectiveDock = dock(QStringLiteral("Effective params"), QStringLiteral("effectiveDock"), effective_);
  tabifyDockWidget(fairnessDock, effectiveDock);
  dropouts_ = new DropoutPanel;
  tabifyDockWidget(effectiveDock, dock(QStringLiteral("Dropouts"), QStringLiteral("dropoutDock"), dropouts_));
  fitDock->raise();

  model_ = new RunTreeModel(this);
  proxy_ = new RunFilterProxy(this);
  proxy_->setSourceModel(model_);
  tree_ = new QTreeView;
  tree_->setObjectName(QStringLiteral("runView"));
  tree_->setModel(proxy_);
  tree_->setUniformRowHeights(true);
  tree_->setAlternatingRowColors(true);
  tree_->setSortingEnabled(true);
  tree_->sortByColumn(RunTreeModel::Name, Qt::AscendingOrder);
  tree_->setSelectionMode(QAbstractItemView::SingleSelection);
  tree_->header()->setStretchLastSection(true);
  // Fitting a column to its contents measures this many rows, not all
  // 12,000 of a large study (a stall on every filter).
  tree_->header()->setResizeContentsPrecision(200);
  filter_ = new QLineEdit;
  filter_->setObjectName(QStringLiteral("runFilter"));
  filter_->setPlaceholderText(QStringLiteral("Filter: words (7b rtn) or fields (bits<=4 seed=1)"));
  filter_->setClearButtonEnabled(true);

  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(filter_);
  layout->addWidget(tree_, 1);
  QDockWidget* runsDock = dock(QStringLiteral("Runs"), QStringLiteral("runsDock"), panel, Qt::LeftDockWidgetArea);
  panel->setMinimumWidth(320);
  fit_->setMinimumWidth(300);
  // Dock sizes only take once the window is laid out.
  QTimer::singleShot(0, this, [this, runsDock, fitDock] { resizeDocks({runsDock, fitDock}, {440, 380}, Qt::Horizontal); });
}

void MainWindow::wireSession() {
  // The session's snapshots to the views; the views' edits to the session.
  connect(session_, &Session::changed, this, &MainWindow::onSessionChanged);
  connect(session_, &Session::loaded, this, [this] { afterViews([this] { onLoaded(); }); });
  connect(session_, &Session::loadFailed, this, [this](const QString& message) {
    pendingProject_.reset();
    status_->setText(message);
    Q_EMIT loadFailed(message);
    if (isVisible() && !QApplication::platformName().contains(QLatin1String("offscreen")))
      QMessageBox::warning(this, QStringLiteral("Cannot open"), message);
  });
  connect(session_, &Session::runsArrived, this, [this](int added, int updated) {
    statusBar()->showMessage(QStringLiteral("%1 runs arrived in %2 (%3 updated)").arg(added).arg(currentFile()).arg(updated), 10000);
    afterViews([this, n = added + updated] { Q_EMIT runsArrived(n); });
  });
  connect(session_, &Session::liveViewFailed, this, [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  connect(session_, &Session::frontierReady, this, [this] { afterViews([this] { Q_EMIT frontierReady(); }); });

  connect(filter_, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
  connect(plot_, &PlotView::figureChanged, this, [this] { session_->setFigure(plot_->settings()); });
  connect(plot_, &PlotView::runClicked, this, &MainWindow::onRunClicked);
  connect(plot_, &PlotView::contextChanged, this, &MainWindow::updateFitContext);
  connect(plot_, &PlotView::drawn, fit_, [this] { fit_->rememberColours(plot_->figure()); });
  connect(plot_, &PlotView::metricChanged, model_, &RunTreeModel::setMetric);
  connect(plot_, &PlotView::analysisWanted, session_, &Session::analysePlot);
  fairness_->follow(session_);
  dropouts_->follow(session_);
  effective_->follow(session_);
  connect(fit_, &FitPanel::excludedChanged, session_, &Session::setExcluded);
  connect(fit_, &FitPanel::choiceChanged, this, [this] { session_->setFitChoice(fit_->choice()); });
  connect(fit_, &FitPanel::overlayChanged, this, [this] {
    // The fit panel's result, drawn over the figure of the metric and axis it was fitted along.
    const auto& last = fit_->lastFit();
    SessionFit f;
    if (last) {
      const SessionFit& now = session_->state()->fit;
      const bool same = now.outcome && now.outcome->generation == last->generation && now.outcome->law == last->law &&
                        now.metric == fit_->fittedSpec().metric && now.axis == fit_->fittedSpec().axis;
      f.outcome = same ? now.outcome : std::make_shared<const FitOutcome>(*last);
      f.metric = fit_->fittedSpec().metric;
      f.axis = fit_->fittedSpec().axis;
    }
    session_->setFit(std::move(f));
  });
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTableSelection);
}

void MainWindow::onSessionChanged(const SessionSnapshot&, SessionChanges what) {
  // The newest snapshot, not the one announced: a view's reaction may have
  // changed the session again (nested), and no view may go back to an older one.
  const SessionSnapshot state = session_->state();
  if (what & SessionChange::Source) {
    undo_->clear();  // exclusions refer to the previous source's runs
    fit_->setExcluded(state->excluded);
  }
  // A fit asked for elsewhere (a project reopened): the panel's controls follow.
  if ((what & SessionChange::FitChoice) && !sameFitChoice(fit_->choice(), state->fit_choice)) fit_->applyChoice(state->fit_choice);
  if (what & SessionChange::Filter) {
    proxy_->setFilter(state->filter);
    if (!state->filter.isEmpty()) {
      tree_->expandAll();
      tree_->resizeColumnToContents(RunTreeModel::Name);  // run labels readable, not "r = 0.100 · se…"
    }
  }
  // A new run list costs the tree one event-loop turn, the figure's
  // composition another and its paint (with the panels' context) a third
  // (12,000 runs: about 12, 11 and 11 ms of CPU; the run list's delivery
  // itself 1); a fit delivered fills the fit panel in one turn and is drawn
  // in the next two. The window answers input in between. Changes that
  // arrive meanwhile join the queued pass; new runs start it from the tree.
  viewChanges_ |= what;
  if (what & SessionChange::Runs) {
    viewTimer_->stop();
    treeTimer_->start();
  } else if (!viewsQueued()) {
    if (what & (SessionChange::Fit | SessionChange::Filter)) viewTimer_->start();
    else updateViews();
  }
}

void MainWindow::updateTree() {
  const SessionSnapshot state = session_->state();
  model_->setRuns(state->runs);  // before the plot announces its metric
  tree_->expandToDepth(state->filter.isEmpty() ? 1 : 99);
  viewTimer_->start();
}

void MainWindow::updateViews() {
  viewTimer_->stop();
  const SessionChanges what = std::exchange(viewChanges_, {});
  plot_->show(session_->state(), what);
  // New runs, tasks or a filter made the plot announce contextChanged(),
  // which already gave the panels their context: a second pass would start
  // the fairness checks twice. A new frontier alone is handed on here.
  if ((what & SessionChange::Frontier) && !(what & (SessionChange::Runs | SessionChange::Tasks | SessionChange::Filter))) updateFitContext();
  if (what & (SessionChange::Runs | SessionChange::Filter)) showStatus();
  // What was announced while the views waited, announced once they show
  // it (after the figure's paint, which a new run list leaves to its own turn).
  auto announce = [waiting = std::exchange(waiting_, {})] {
    for (const auto& f : waiting) f();
  };
  if (plot_->paintPending()) connect(plot_, &PlotView::painted, this, announce, Qt::SingleShotConnection);
  else announce();
}

void MainWindow::afterViews(std::function<void()> announce) {
  if (viewsQueued()) waiting_.push_back(std::move(announce));
  else if (plot_->paintPending()) connect(plot_, &PlotView::painted, this, std::move(announce), Qt::SingleShotConnection);
  else announce();
}

bool MainWindow::viewsQueued() const { return treeTimer_->isActive() || viewTimer_->isActive(); }

bool MainWindow::viewsPending() const { return viewsQueued() || plot_->paintPending(); }

void MainWindow::showStatus() {
  const SessionState& s = *session_->state();
  const QString from = s.source.isEmpty() ? QStringLiteral("trials") : QDir::toNativeSeparators(s.source);
  if (!s.filter.isEmpty())
    status_->setText(QStringLiteral("%1 of %2 runs match the filter · %3").arg(s.visibleCount()).arg(s.runs->size()).arg(from));
  else
    status_->setText(QStringLiteral("%1 runs from %2%3")
                         .arg(s.runs->size())
                         .arg(from)
                         .arg(s.warnings.empty() ? QString() : QStringLiteral(" · %1 warnings").arg(s.warnings.size())));
}

void MainWindow::openFile(const QString& path) {
  status_->setText(QStringLiteral("Loading %1…").arg(QFileInfo(path).fileName()));
  session_->open(path);
}

void MainWindow::onLoaded() {
  for (int c = 0; c < RunTreeModel::ColumnCount - 1; ++c) tree_->resizeColumnToContents(c);
  rememberRecent(currentFile());
  setWindowTitle(QStringLiteral("%1 — Ratioscope").arg(QFileInfo(currentFile()).fileName()));
  applyPendingProject();
  Q_EMIT loaded(currentFile());
}

void MainWindow::applyFilter() {
  const QString why = session_->setFilter(filter_->text());
  // An invalid filter turns the box red and keeps the last valid one while the user types.
  filter_->setStyleSheet(why.isEmpty() ? QString() : QStringLiteral("QLineEdit { background: #fde8e8; }"));
  filter_->setToolTip(why);
}

void MainWindow::onRunClicked(qint64 runId) {
  if (fit_->excludeMode()) fit_->toggleExcluded(runId);
  selectRunInTable(runId);
}

QString MainWindow::loadTaskOverrides(const QString& path) {
  const QString why = session_->setTaskOverrides(path);
  if (!why.isEmpty()) status_->setText(why);
  else if (!path.isEmpty()) status_->setText(QStringLiteral("Task overrides from %1").arg(QDir::toNativeSeparators(path)));
  return why;
}

void MainWindow::updateFitContext() {
  const SessionSnapshot s = session_->state();
  fit_->setContext(s->runs, plot_->drawnRunList(), plot_->spec(), s->tasks);
  fairness_->setContext(s->runs, plot_->drawnRunList(), s->tasks, s->frontier);
  effective_->setContext(s->runs, plot_->drawnRunList());
}

void MainWindow::selectRunInTable(qint64 runId) {
  const QModelIndex source = model_->indexOfRun(runId);
  const QModelIndex index = proxy_->mapFromSource(source);
  if (!index.isValid()) return;
  syncingSelection_ = true;
  tree_->setCurrentIndex(index);
  tree_->scrollTo(index);
  syncingSelection_ = false;
}

void MainWindow::onTableSelection() {
  if (syncingSelection_) return;
  const qint64 id = tree_->currentIndex().data(RunTreeModel::RunIdRole).toLongLong();
  if (id > 0) plot_->selectRun(id);
}

bool MainWindow::trialsRunning() const { return trials_->running(); }

QString MainWindow::trialStatus() const { return trials_->status(); }

void MainWindow::cancelTrials() { trials_->cancel(); }

bool MainWindow::startTrials(trials::TrialOptions options) {
  std::set<std::string> shown;
  for (const Run& r : *session_->state()->runs) shown.insert(r.key);
  return trials_->start(std::move(options), currentFile(), std::move(shown));
}

void MainWindow::addTrialRun(const Run& run, const QString& writeError) {
  session_->addRun(run);
  // Last, so nothing overwrites it: the run is on the plot but not stored.
  if (!writeError.isEmpty()) status_->setText(QStringLiteral("Not stored in the database: %1").arg(writeError));
  afterViews([this, key = QString::fromStdString(run.key)] { Q_EMIT trialRunAdded(key); });
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
  const QList<QUrl> urls = event->mimeData()->urls();
  if (urls.isEmpty() || !urls.first().isLocalFile()) return;
  event->acceptProposedAction();
  // A folder is a set of results to import; a file is opened to look at.
  if (QFileInfo(urls.first().toLocalFile()).isDir()) {
    QStringList paths;
    for (const QUrl& u : urls)
      if (u.isLocalFile()) paths << u.toLocalFile();
    showImport(paths);
    return;
  }
  openFile(urls.first().toLocalFile());
}

void MainWindow::showImport(const QStringList& paths) {
  const bool database = !currentFile().isEmpty() && ExperimentStore::isStore(currentFile().toStdString());
  auto* dialog = new ImportDialog(paths, database ? currentFile() : QString(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ImportDialog::imported, this, [this](const QString& db, const QString& summary) {
    openFile(db);
    statusBar()->showMessage(summary, 10000);
  });
  dialog->open();
}


}  // namespace rs::ui
