// The main window's menus (File, Edit, View, Trials, Help), what the File
// menu keeps (recent files) and does (export), and what the Trials menu
// starts: a sweep here, or one submitted to Slurm.
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/model/provenance.h"
#include "ui/export_dialog.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"
#include "ui/slurm_submit.h"
#include "ui/trial_dialog.h"

namespace rs::ui {
namespace {
constexpr int kMaxRecent = 8;
const QString kRecentKey = QStringLiteral("recentFiles");
}  // namespace

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
  QAction* open = file->addAction(QStringLiteral("&Open…"), this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Open runs"), QFileInfo(currentFile()).absolutePath(),
                                                   QString::fromStdString(importFileFilter()));
    if (!p.isEmpty()) openFile(p);
  });
  open->setShortcut(QKeySequence::Open);
  file->addAction(QStringLiteral("&Import…"), this, [this] {
    const QStringList p = QFileDialog::getOpenFileNames(this, QStringLiteral("Import results"), QFileInfo(currentFile()).absolutePath(),
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
    const QString p = QFileDialog::getExistingDirectory(this, QStringLiteral("Open a folder of results files"), QFileInfo(currentFile()).absolutePath());
    if (!p.isEmpty()) openFile(p);
  });
  file->addAction(QStringLiteral("Open &Project…"), this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Open project"), QFileInfo(currentFile()).absolutePath(),
                                                   QStringLiteral("Ratioscope projects (*.ratioscope)"));
    if (!p.isEmpty()) openProject(p);
  });
  QAction* save = file->addAction(QStringLiteral("&Save Project…"), this, [this] {
    QString p = QFileDialog::getSaveFileName(this, QStringLiteral("Save project"), QFileInfo(currentFile()).absoluteDir().filePath(QStringLiteral("figure.ratioscope")),
                                             QStringLiteral("Ratioscope projects (*.ratioscope)"));
    if (p.isEmpty()) return;
    if (!p.endsWith(QStringLiteral(".ratioscope"))) p += QStringLiteral(".ratioscope");
    if (const QString why = saveProject(p); !why.isEmpty()) QMessageBox::warning(this, QStringLiteral("Save project"), why);
  });
  save->setShortcut(QKeySequence::Save);
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
  file->addAction(QStringLiteral("Load &Task Overrides…"), this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Task overrides (chance levels, categories, floors)"),
                                                   QFileInfo(currentFile()).absolutePath(), QStringLiteral("JSON (*.json)"));
    if (p.isEmpty()) return;
    if (const QString why = loadTaskOverrides(p); !why.isEmpty()) QMessageBox::warning(this, QStringLiteral("Task overrides"), why);
  });
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
    // Trial runs are stored only into an open experiment store (TrialController::start).
    dialog.setDestination(!currentFile().isEmpty() && ExperimentStore::isStore(currentFile().toStdString()) ? currentFile() : QString());
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
  if (currentFile().isEmpty() || !ExperimentStore::isStore(currentFile().toStdString())) {
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
  watcher->setFuture(QtConcurrent::run([o, store = currentFile(), cache, manifest] {
    QString error;
    const QString jobs = submitToSlurm(o, store, cache, manifest, error);
    return QPair<QString, QString>(jobs, error);
  }));
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
  if (!currentFile().isEmpty()) origin.inputs.push_back(currentFile().toStdString());
  std::string warning;  // what the figure's sidecar stopped listing
  const QString error = QString::fromStdString(plot_->exportTo(path, options, origin, &warning));
  status_->setText(!error.isEmpty() ? error
                   : warning.empty() ? QStringLiteral("Exported %1").arg(path)
                                     : QStringLiteral("Exported %1 · %2").arg(path, QString::fromStdString(warning)));
  return error;
}

void MainWindow::showExportDialog() {
  const QString suggestion = QFileInfo(currentFile()).absoluteDir().filePath(
      QStringLiteral("%1-vs-%2.pdf").arg(plot_->metricBox()->currentText(), plot_->axisBox()->currentData().toString()));
  ExportDialog dialog(suggestion, this);
  dialog.setPreview([this](const ExportOptions& o, int dpi) { return plot_->exportPreview(o, dpi); });
  if (dialog.exec() != QDialog::Accepted) return;
  const QString error = exportFigureTo(dialog.path(), dialog.options());
  if (!error.isEmpty()) QMessageBox::warning(this, QStringLiteral("Export failed"), error);
}

}  // namespace rs::ui
