#include "ui/main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDir>
#include <QDragEnterEvent>
#include <QFutureWatcher>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <unordered_map>
#include <QtConcurrent/QtConcurrentRun>

#include "core/io/store/experiment_store.h"
#include "core/io/task_overrides.h"
#include "core/model/provenance.h"
#include "ui/export_dialog.h"
#include "ui/import_dialog.h"
#include "ui/live_view.h"
#include "ui/trial_controller.h"
#include "ui/effective_panel.h"
#include "ui/fairness_panel.h"
#include "ui/fit_panel.h"
#include "ui/plot_view.h"

// The resources live in a static library, whose initialiser the linker may
// drop; registering them explicitly keeps the icon.
static void initResources() { Q_INIT_RESOURCE(ratioscope); }

namespace rs::ui {
namespace {
constexpr int kMaxRecent = 8;
const QString kRecentKey = QStringLiteral("recentFiles");
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  initResources();
  setWindowTitle(QStringLiteral("Ratioscope"));
  setWindowIcon(QIcon(QStringLiteral(":/ratioscope/ratioscope.svg")));
  setAcceptDrops(true);
  live_ = new LiveView(this);
  connect(live_, &LiveView::runsChanged, this, &MainWindow::mergeArrivedRuns);
  connect(live_, &LiveView::failed, this, [this](const QString& message) { statusBar()->showMessage(message, 10000); });
  resize(1400, 860);

  plot_ = new PlotView;
  setCentralWidget(plot_);
  undo_ = new QUndoStack(this);
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
  tabifyDockWidget(fairnessDock, dock(QStringLiteral("Effective params"), QStringLiteral("effectiveDock"), effective_));
  fitDock->raise();
  plot_->setFitSource([this] { return FigureFit{fit_->drawableFit(), fit_->excluded()}; });
  connect(plot_, &PlotView::drawn, fit_, [this] { fit_->rememberColours(plot_->figure()); });

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

  status_ = new QLabel(QStringLiteral("Open an experiment database or CSV file (File ▸ Open, or drop it here)."));
  status_->setObjectName(QStringLiteral("statusLine"));
  statusBar()->addWidget(status_, 1);
  trials_ = new TrialController(statusBar(), this);
  connect(trials_, &TrialController::runLanded, this, &MainWindow::addTrialRun);
  connect(trials_, &TrialController::finished, this, &MainWindow::trialsFinished);

  buildMenus();
  connect(&loader_, &QFutureWatcher<LoadedRuns>::finished, this, &MainWindow::onLoaded);
  connect(filter_, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
  connect(plot_, &PlotView::runClicked, this, &MainWindow::onRunClicked);
  connect(plot_, &PlotView::contextChanged, this, &MainWindow::updateFitContext);
  connect(fit_, &FitPanel::overlayChanged, plot_, &PlotView::redraw);
  connect(plot_, &PlotView::metricChanged, model_, &RunTreeModel::setMetric);
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTableSelection);
}

void MainWindow::openFile(const QString& path) {
  pendingFile_ = path;
  const int generation = ++loadGeneration_;
  status_->setText(QStringLiteral("Loading %1…").arg(QFileInfo(path).fileName()));
  // Runs off the GUI thread; if another file is opened meanwhile, this
  // result is dropped in onLoaded() (the newer request wins).
  loader_.setProperty("generation", generation);
  loader_.setFuture(QtConcurrent::run([p = path.toStdString()] { return loadRuns(p); }));
}

void MainWindow::mergeArrivedRuns(const std::vector<Run>& arrived) {
  if (!runs_) return;
  // Store ids are stable: a run seen again (an import added metrics to it)
  // replaces its old copy; the others are new.
  std::vector<Run> next = *runs_;
  std::unordered_map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < next.size(); ++i) index.emplace(next[i].id, i);
  int added = 0;
  for (const Run& r : arrived) {
    if (auto it = index.find(r.id); it != index.end()) next[it->second] = r;
    else next.push_back(r), ++added;
  }
  showRuns(std::make_shared<const std::vector<Run>>(std::move(next)));
  applyFilter();
  statusBar()->showMessage(QStringLiteral("%1 runs arrived in %2 (%3 updated)").arg(added).arg(currentFile_).arg(arrived.size() - added), 10000);
  Q_EMIT runsArrived(static_cast<int>(arrived.size()));
}

void MainWindow::onLoaded() {
  if (loader_.property("generation").toInt() != loadGeneration_) return;
  LoadedRuns result = loader_.result();
  if (!result.ok()) {
    const QString message = QString::fromStdString(result.error);
    status_->setText(message);
    Q_EMIT loadFailed(message);
    if (isVisible() && !QApplication::platformName().contains(QLatin1String("offscreen")))
      QMessageBox::warning(this, QStringLiteral("Cannot open"), message);
    return;
  }
  currentFile_ = pendingFile_;
  undo_->clear();  // exclusions refer to the previous file's runs
  fit_->setExcluded({});
  showRuns(std::make_shared<const std::vector<Run>>(std::move(result.runs)));
  tree_->expandToDepth(1);
  for (int c = 0; c < RunTreeModel::ColumnCount - 1; ++c) tree_->resizeColumnToContents(c);
  rememberRecent(currentFile_);
  setWindowTitle(QStringLiteral("%1 — Ratioscope").arg(QFileInfo(currentFile_).fileName()));
  loadedStatus_ = QStringLiteral("%1 runs from %2%3")
                      .arg(runs_->size())
                      .arg(QDir::toNativeSeparators(currentFile_))
                      .arg(result.warnings.empty() ? QString() : QStringLiteral(" · %1 warnings").arg(result.warnings.size()));
  status_->setText(loadedStatus_);
  applyFilter();  // after the status: a filter in place says how many runs it shows
  // A store others write to is followed: runs that land appear by themselves.
  live_->follow(ExperimentStore::isStore(currentFile_.toStdString()) ? currentFile_ : QString());
  Q_EMIT loaded(currentFile_);
}

void MainWindow::applyFilter() {
  RunFilter filter;
  const QString why = filter.parse(filter_->text());
  filter_->setStyleSheet(why.isEmpty() ? QString() : QStringLiteral("QLineEdit { background: #fde8e8; }"));
  filter_->setToolTip(why);
  if (!why.isEmpty()) return;  // keep the last valid filter while the user types
  proxy_->setFilter(filter);
  if (filter.isEmpty() || !runs_) {
    if (runs_) status_->setText(loadedStatus_);
    plot_->setVisibleRuns(std::nullopt);
  } else {
    std::set<qint64> ids;
    for (const Run& r : *runs_)
      if (filter.acceptsRun(r)) ids.insert(r.id);
    status_->setText(QStringLiteral("%1 of %2 runs match the filter · %3").arg(ids.size()).arg(runs_->size()).arg(QDir::toNativeSeparators(currentFile_)));
    plot_->setVisibleRuns(std::move(ids));
  }
  if (!filter.isEmpty()) {
    tree_->expandAll();
    tree_->resizeColumnToContents(RunTreeModel::Name);  // run labels readable, not "r = 0.100 · se…"
  }
}

void MainWindow::onRunClicked(qint64 runId) {
  if (fit_->excludeMode()) fit_->toggleExcluded(runId);
  selectRunInTable(runId);
}

void MainWindow::showRuns(std::shared_ptr<const std::vector<Run>> runs) {
  runs_ = std::move(runs);
  tasks_ = catalogFor(*runs_);
  plot_->setTaskCatalog(tasks_, false);  // drawn by setRuns below
  // The native-small frontier, fitted once per data set for the fairness
  // panel and the slider readout, in the background with the analysis
  // report's options (the full grid of starts, as `analyze` fits it).
  frontier_.reset();
  frontierJob_.run(
      [runs = runs_](const LatestJob<Frontier>::Cancelled& cancelled) {
        analysis::AnalysisOptions options;
        options.fit.cancelled = cancelled;
        return analysis::nativeFrontier(*runs, options);
      },
      [this](Frontier frontier) {
        frontier_ = std::move(frontier);
        plot_->setNativeFrontier(frontier_);
        updateFitContext();
        Q_EMIT frontierReady();
      });
  model_->setRuns(runs_);
  plot_->setRuns(runs_);
  plot_->setNativeFrontier(frontier_);
}

TaskCatalog MainWindow::catalogFor(const std::vector<Run>& runs) const {
  // As the CLI builds it: the built-in tasks, the overrides file, then the
  // directions the runs' files state (lm-eval's higher_is_better).
  TaskCatalog tasks;
  if (!taskOverrides_.isEmpty()) applyTaskOverrides(taskOverrides_.toStdString(), tasks);
  tasks.learnDirections(runs);
  return tasks;
}

QString MainWindow::loadTaskOverrides(const QString& path) {
  TaskCatalog check;
  if (path.isEmpty()) {  // back to the built-in tasks
    taskOverrides_.clear();
    tasks_ = catalogFor(runs_ ? *runs_ : std::vector<Run>{});
    plot_->setTaskCatalog(tasks_);
    updateFitContext();
    return {};
  }
  if (const std::string why = applyTaskOverrides(path.toStdString(), check); !why.empty()) {
    status_->setText(QString::fromStdString(why));
    return QString::fromStdString(why);
  }
  taskOverrides_ = path;
  tasks_ = catalogFor(runs_ ? *runs_ : std::vector<Run>{});
  plot_->setTaskCatalog(tasks_);
  updateFitContext();
  status_->setText(QStringLiteral("Task overrides from %1").arg(QDir::toNativeSeparators(path)));
  return {};
}

void MainWindow::updateFitContext() {
  fit_->setContext(runs_, plot_->drawnRunList(), plot_->spec(), tasks_);
  fairness_->setContext(runs_, plot_->drawnRunList(), tasks_, frontier_);
  effective_->setContext(runs_, plot_->drawnRunList());
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

QString MainWindow::exampleDirectory() {
  // Next to the build's app/ folder, or where `cmake --install` puts them.
  const QString bin = QCoreApplication::applicationDirPath();
  for (const QString& candidate : {bin + QStringLiteral("/../datasets"), bin + QStringLiteral("/../share/ratioscope/datasets")})
    if (QFileInfo::exists(candidate + QStringLiteral("/trials-example.sqlite"))) return QFileInfo(candidate).canonicalFilePath();
  return {};
}

QStringList MainWindow::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::rememberRecent(const QString& path) {
  QStringList recent = recentFiles();
  // A store URL is kept as typed (its password never: libpq reads that from
  // PGPASSWORD or ~/.pgpass); a file as its absolute path.
  const QString absolute = ExperimentStore::isStoreUrl(path.toStdString())
                               ? QString::fromStdString(ExperimentStore::withoutPassword(path.toStdString()))
                               : QFileInfo(path).absoluteFilePath();
  recent.removeAll(absolute);
  recent.prepend(absolute);
  while (recent.size() > kMaxRecent) recent.removeLast();
  QSettings().setValue(kRecentKey, recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = recentFiles();
  for (const QString& p : recent) recentMenu_->addAction(QFileInfo(p).fileName() + QStringLiteral("  —  ") + p, this, [this, p] { openFile(p); });
  recentMenu_->setEnabled(!recent.isEmpty());
}

QString MainWindow::exportFigureTo(const QString& path, const ExportOptions& options) {
  // The record in the file and its sidecar: this window, what it opened.
  FigureOrigin origin;
  origin.command = producedBy("File › Export Figure in the Ratioscope window");
  if (!currentFile_.isEmpty()) origin.inputs.push_back(currentFile_.toStdString());
  const QString error = QString::fromStdString(plot_->exportTo(path, options, origin));
  status_->setText(error.isEmpty() ? QStringLiteral("Exported %1").arg(path) : error);
  return error;
}

void MainWindow::showExportDialog() {
  const QString suggestion = QFileInfo(currentFile_).absoluteDir().filePath(
      QStringLiteral("%1-vs-%2.pdf").arg(plot_->metricBox()->currentText(), plot_->axisBox()->currentData().toString()));
  ExportDialog dialog(suggestion, this);
  dialog.setPreview([this](const ExportOptions& o, int dpi) { return plot_->exportPreview(o, dpi); });
  if (dialog.exec() != QDialog::Accepted) return;
  const QString error = exportFigureTo(dialog.path(), dialog.options());
  if (!error.isEmpty()) QMessageBox::warning(this, QStringLiteral("Export failed"), error);
}

bool MainWindow::trialsRunning() const { return trials_->running(); }

QString MainWindow::trialStatus() const { return trials_->status(); }

void MainWindow::cancelTrials() { trials_->cancel(); }

bool MainWindow::startTrials(trials::TrialOptions options) {
  std::set<std::string> shown;
  if (runs_)
    for (const Run& r : *runs_) shown.insert(r.key);
  return trials_->start(std::move(options), currentFile_, std::move(shown));
}

void MainWindow::addTrialRun(Run run, const QString& writeError) {
  std::vector<Run> next = runs_ ? *runs_ : std::vector<Run>{};
  std::int64_t id = 0;
  for (const Run& r : next) id = std::max(id, r.id);
  run.id = id + 1;
  next.push_back(run);
  showRuns(std::make_shared<const std::vector<Run>>(std::move(next)));
  tree_->expandToDepth(1);
  loadedStatus_ = QStringLiteral("%1 runs from %2").arg(runs_->size()).arg(currentFile_.isEmpty() ? QStringLiteral("trials") : QDir::toNativeSeparators(currentFile_));
  status_->setText(loadedStatus_);
  applyFilter();
  // Last, so nothing overwrites it: the run is on the plot but not stored.
  if (!writeError.isEmpty()) status_->setText(QStringLiteral("Not stored in the database: %1").arg(writeError));
  Q_EMIT trialRunAdded(QString::fromStdString(run.key));
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
  const bool database = !currentFile_.isEmpty() && ExperimentStore::isStore(currentFile_.toStdString());
  auto* dialog = new ImportDialog(paths, database ? currentFile_ : QString(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ImportDialog::imported, this, [this](const QString& db, const QString& summary) {
    openFile(db);
    statusBar()->showMessage(summary, 10000);
  });
  dialog->open();
}


}  // namespace rs::ui
