#include "ui/main_window.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QFutureWatcher>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
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
#include "core/model/provenance.h"
#include "core/trials/trial_runs.h"
#include "ui/export_dialog.h"
#include "ui/import_dialog.h"
#include "ui/live_view.h"
#include "ui/slurm_submit.h"
#include "ui/trial_dialog.h"
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
  trialLabel_ = new QLabel;
  trialProgress_ = new QProgressBar;
  trialProgress_->setMaximumWidth(220);
  trialCancelButton_ = new QPushButton(QStringLiteral("Cancel trials"));
  for (QWidget* w : {static_cast<QWidget*>(trialLabel_), static_cast<QWidget*>(trialProgress_), static_cast<QWidget*>(trialCancelButton_)}) {
    statusBar()->addPermanentWidget(w);
    w->setVisible(false);
  }
  connect(trialCancelButton_, &QPushButton::clicked, this, &MainWindow::cancelTrials);
  connect(&trialWatcher_, &QFutureWatcher<std::string>::finished, this, &MainWindow::onTrialsFinished);

  buildMenus();
  connect(&loader_, &QFutureWatcher<LoadedRuns>::finished, this, &MainWindow::onLoaded);
  connect(filter_, &QLineEdit::textChanged, this, &MainWindow::applyFilter);
  connect(plot_, &PlotView::runClicked, this, &MainWindow::onRunClicked);
  connect(plot_, &PlotView::contextChanged, this, &MainWindow::updateFitContext);
  connect(fit_, &FitPanel::overlayChanged, plot_, &PlotView::redraw);
  connect(plot_, &PlotView::metricChanged, model_, &RunTreeModel::setMetric);
  connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onTableSelection);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
  QAction* open = file->addAction(QStringLiteral("&Open…"), this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Open runs"), QFileInfo(currentFile_).absolutePath(),
                                                   QString::fromStdString(importFileFilter()));
    if (!p.isEmpty()) openFile(p);
  });
  open->setShortcut(QKeySequence::Open);
  file->addAction(QStringLiteral("&Import…"), this, [this] {
    const QStringList p = QFileDialog::getOpenFileNames(this, QStringLiteral("Import results"), QFileInfo(currentFile_).absolutePath(),
                                                        QString::fromStdString(importFileFilter()));
    if (!p.isEmpty()) showImport(p);
  });
  file->addAction(QStringLiteral("Open &Lab Store…"), this, [this] {
    bool ok = false;
    const QString url = QInputDialog::getText(this, QStringLiteral("Open lab store"),
                                              QStringLiteral("PostgreSQL URL (the password comes from PGPASSWORD or ~/.pgpass):"), QLineEdit::Normal,
                                              QStringLiteral("postgresql://user@host:5432/lab"), &ok);
    if (ok && !url.trimmed().isEmpty()) openFile(url.trimmed());
  });
  // A folder of results files (one lm-eval file per model and run).
  file->addAction(QStringLiteral("Open &Folder…"), this, [this] {
    const QString p = QFileDialog::getExistingDirectory(this, QStringLiteral("Open a folder of results files"), QFileInfo(currentFile_).absolutePath());
    if (!p.isEmpty()) openFile(p);
  });
  recentMenu_ = file->addMenu(QStringLiteral("Open &Recent"));
  refreshRecentMenu();
  QMenu* examples = file->addMenu(QStringLiteral("Open E&xample"));
  const QString exampleDir = exampleDirectory();
  for (const auto& [name, label] : {std::pair{"trials-example", "Trials example (measured by the trials runner)"},
                                    std::pair{"compression-example", "Compression example (synthetic LLM-scale data)"}}) {
    const QString path = exampleDir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".sqlite");
    QAction* a = examples->addAction(QLatin1String(label), this, [this, path] { openFile(path); });
    a->setEnabled(!exampleDir.isEmpty() && QFileInfo::exists(path));
  }
  file->addSeparator();
  QAction* exportAction = file->addAction(QStringLiteral("&Export Figure…"), this, &MainWindow::showExportDialog);
  exportAction->setShortcut(QKeySequence(QStringLiteral("Ctrl+E")));
  file->addSeparator();
  QAction* quit = file->addAction(QStringLiteral("&Quit"), qApp, &QApplication::quit);
  quit->setShortcut(QKeySequence::Quit);
  QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
  QAction* undo = undo_->createUndoAction(this, QStringLiteral("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = undo_->createRedoAction(this, QStringLiteral("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  edit->addAction(undo);
  edit->addAction(redo);
  QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
  view->addAction(QStringLiteral("&Reset Zoom"), plot_, &PlotView::resetZoom)->setShortcut(QKeySequence(QStringLiteral("Ctrl+0")));
  QMenu* trialsMenu = menuBar()->addMenu(QStringLiteral("&Trials"));
  trialsMenu->addAction(QStringLiteral("Run &Compression Trials…"), this, [this] {
    TrialDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    trials::TrialOptions o;
    QString why;
    if (!dialog.options(o, why)) return;
    if (dialog.slurmRequested()) submitSweep(o);
    else startTrials(o);
  });
  QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
  help->addAction(QStringLiteral("&About Ratioscope"), this, [this] {
    QMessageBox::about(this, QStringLiteral("About Ratioscope"),
                       QStringLiteral("<b>Ratioscope %1</b><p>Explore how model quality changes under compression.</p>")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::submitSweep(const trials::TrialOptions& o) {
  if (currentFile_.isEmpty() || !ExperimentStore::isStore(currentFile_.toStdString())) {
    QMessageBox::information(this, QStringLiteral("Submit to Slurm"),
                             QStringLiteral("Open the experiment store the jobs should write to first (File › Open Lab Store…, or an .sqlite file on a shared folder)."));
    return;
  }
  const QString cache = QFileDialog::getExistingDirectory(this, QStringLiteral("A folder every node sees, for the trained checkpoints"));
  if (cache.isEmpty()) return;
  const QString manifest = QDir(cache).filePath(QStringLiteral("sweep-%1.json").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
  statusBar()->showMessage(QStringLiteral("Submitting the sweep to Slurm…"));
  auto* watcher = new QFutureWatcher<QPair<QString, QString>>(this);
  connect(watcher, &QFutureWatcher<QPair<QString, QString>>::finished, this, [this, watcher, manifest] {
    const auto [jobs, error] = watcher->result();
    watcher->deleteLater();
    if (jobs.isEmpty()) QMessageBox::warning(this, QStringLiteral("Submit to Slurm"), error);
    else statusBar()->showMessage(QStringLiteral("Submitted %1 as jobs %2; runs appear here as they land").arg(manifest, jobs), 30000);
  });
  watcher->setFuture(QtConcurrent::run([o, store = currentFile_, cache, manifest] {
    QString error;
    const QString jobs = submitToSlurm(o, store, cache, manifest, error);
    return QPair<QString, QString>(jobs, error);
  }));
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
  tasks_ = TaskCatalog();
  tasks_.learnDirections(*runs_);
  // The native-small frontier, fitted once per data set for the fairness
  // panel and the slider readout. Random starts keep the GUI thread quick
  // where a family has a chinchilla grid of 4,500.
  fit::FitOptions options;
  options.random_starts = 256;
  frontier_ = std::make_shared<const analysis::NativeFrontier>(*runs_, "loss", options);
  model_->setRuns(runs_);
  plot_->setRuns(runs_);
  plot_->setNativeFrontier(frontier_);
}

void MainWindow::updateFitContext() {
  fit_->setContext(runs_, plot_->drawnRuns(), plot_->spec(), tasks_);
  fairness_->setContext(runs_, plot_->drawnRuns(), tasks_, frontier_);
  effective_->setContext(runs_, plot_->drawnRuns());
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

MainWindow::~MainWindow() {
  cancelTrials();
  trialWatcher_.waitForFinished();  // the task posts runs to this window
}

bool MainWindow::trialsRunning() const { return trialWatcher_.isRunning(); }

QString MainWindow::trialStatus() const { return trialLabel_->text(); }

bool MainWindow::startTrials(trials::TrialOptions options) {
  if (trialsRunning()) return false;
  trialCancel_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = trialCancel_;
  options.cancelled = [flag] { return flag->load(); };
  QPointer<QLabel> label(trialLabel_);
  options.on_note = [label](const std::string& text) {  // from the worker thread
    QMetaObject::invokeMethod(label.data(), [label, note = QString::fromStdString(text)] {
      if (label) label->setText(note);
    }, Qt::QueuedConnection);
  };
  trialPlanned_ = trials::plannedRuns(options);
  trialDone_ = 0;
  trialClock_.start();
  trialProgress_->setRange(0, trialPlanned_);
  trialProgress_->setValue(0);
  trialLabel_->setText(QStringLiteral("Training %1…").arg(QString::fromStdString(options.model)));
  for (QWidget* w : {static_cast<QWidget*>(trialLabel_), static_cast<QWidget*>(trialProgress_), static_cast<QWidget*>(trialCancelButton_)})
    w->setVisible(true);
  QPointer<MainWindow> self(this);
  trialWatcher_.setFuture(QtConcurrent::run([options, self]() {
    return trials::runTrials(options, [self](const trials::TrialRun& t) {
      Run run = trials::toRun(t);
      QMetaObject::invokeMethod(self.data(), [self, run]() mutable {
        if (self) self->addTrialRun(std::move(run));
      }, Qt::QueuedConnection);
    });
  }));
  return true;
}

void MainWindow::cancelTrials() {
  if (trialCancel_) trialCancel_->store(true);
}

void MainWindow::addTrialRun(Run run) {
  std::vector<Run> next = runs_ ? *runs_ : std::vector<Run>{};
  // A sweep run again (or resumed after a kill) re-measures runs already
  // shown: keep the stored ones rather than conflict on their latency.
  if (std::any_of(next.begin(), next.end(), [&](const Run& r) { return r.key == run.key; })) {
    ++trialDone_;
    return;
  }
  std::int64_t id = 0;
  for (const Run& r : next) id = std::max(id, r.id);
  run.id = id + 1;
  // Into the open database as well: one transaction per run.
  std::string writeError;
  if (!currentFile_.isEmpty() && ExperimentStore::isStore(currentFile_.toStdString())) {
    if (auto store = ExperimentStore::open(currentFile_.toStdString(), writeError)) {
      RunBatch one;
      one.file = "trial " + run.key;
      one.format = "trial";
      one.runs = {run};
      ImportSummary summary;
      if (auto e = store->importRuns(one, summary)) writeError = e->text();
    }
  }
  next.push_back(run);
  showRuns(std::make_shared<const std::vector<Run>>(std::move(next)));
  tree_->expandToDepth(1);
  loadedStatus_ = QStringLiteral("%1 runs from %2").arg(runs_->size()).arg(currentFile_.isEmpty() ? QStringLiteral("trials") : QDir::toNativeSeparators(currentFile_));
  status_->setText(loadedStatus_);
  applyFilter();
  // Last, so nothing overwrites it: the run is on the plot but not stored.
  if (!writeError.empty()) status_->setText(QStringLiteral("Not stored in the database: %1").arg(QString::fromStdString(writeError)));
  ++trialDone_;
  trialProgress_->setValue(trialDone_);
  const double perRun = trialClock_.elapsed() / 1000.0 / trialDone_;
  trialLabel_->setText(QStringLiteral("%1 %2 r=%3 · %4/%5 · ETA %6 s")
                           .arg(QString::fromStdString(run.model), QString::fromStdString(run.method))
                           .arg(run.ratio.value_or(0), 0, 'f', 2)
                           .arg(trialDone_)
                           .arg(trialPlanned_)
                           .arg(std::max(0.0, perRun * (trialPlanned_ - trialDone_)), 0, 'f', 0));
  Q_EMIT trialRunAdded(QString::fromStdString(run.key));
}

void MainWindow::onTrialsFinished() {
  const std::string why = trialWatcher_.result();
  const bool cancelled = trialCancel_ && trialCancel_->load();
  for (QWidget* w : {static_cast<QWidget*>(trialProgress_), static_cast<QWidget*>(trialCancelButton_)}) w->setVisible(false);
  trialLabel_->setText(!why.empty() ? QString::fromStdString(why)
                       : cancelled  ? QStringLiteral("Trials cancelled after %1 runs").arg(trialDone_)
                                    : QStringLiteral("Trials done: %1 runs").arg(trialDone_));
  Q_EMIT trialsFinished(trialDone_, cancelled, QString::fromStdString(why));
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
