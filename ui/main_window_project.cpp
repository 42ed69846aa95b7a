// File › Save Project / Open Project: the window's view written to a
// .ratioscope file (ui/project/project_file.h) and restored from one. A
// source that moved or changed since is reported, with the choice to
// locate it, continue with it as it is, or cancel.
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QComboBox>
#include <QUndoStack>

#include "core/fit/fit_json.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_panel.h"
#include "ui/main_window.h"
#include "ui/plot_view.h"

namespace rs::ui {
namespace {
bool interactive(const QWidget* w) { return w->isVisible() && !QApplication::platformName().contains(QLatin1String("offscreen")); }
}  // namespace

QString MainWindow::saveProject(const QString& path) {
  const SessionSnapshot s = session_->state();
  if (s->source.isEmpty()) return status(QStringLiteral("Nothing to save: open a data source first"));
  Project p;
  p.source = describeInput(s->source);
  if (!s->task_overrides.isEmpty()) p.task_overrides = describeInput(s->task_overrides);
  p.filter = s->filter_text;
  p.figure = plot_->settings();
  for (const Run& r : *s->runs)
    if (s->excluded.count(r.id)) p.excluded_keys.insert(r.key);
  p.fit.law = s->fit_choice.law;
  p.fit.per_series = s->fit_choice.per_series;
  p.fit.options = s->fit_choice.options;
  // The fitted parameters when saved, for a reader to check a re-render against.
  if (const auto& last = fit_->lastFit(); last && last->law && !p.fit.law.isEmpty())
    for (const SeriesFit& f : last->fits)
      if (f.result.ok) p.fit.result[QString::fromStdString(f.label)] = fit::fitToJson(*last->law, f.result);
  p.window_geometry = saveGeometry();
  p.window_state = saveState();
  if (const QString why = ui::saveProject(p, path); !why.isEmpty()) return status(why);
  status_->setText(QStringLiteral("Saved the project %1").arg(QDir::toNativeSeparators(path)));
  return {};
}

QString MainWindow::status(const QString& message) {
  status_->setText(message);
  return message;
}

bool MainWindow::confirmInput(ProjectInput& input, const QString& what, QString& note) {
  // Found through its place relative to the project (a copied project
  // folder): said in the status line, and checked by its hash as ever.
  const QString moved = inputMoved(input);
  const QString changed = inputChanged(input);
  if (changed.isEmpty()) {
    note = moved;
    return true;
  }
  note = moved.isEmpty() ? changed : moved + QStringLiteral("; ") + changed;
  if (!interactive(this)) return !changed.contains(QStringLiteral("not found"));  // headless: continue with what is there
  QMessageBox box(QMessageBox::Warning, QStringLiteral("Open project"), QStringLiteral("The project's %1:\n%2").arg(what, changed), QMessageBox::Cancel, this);
  QPushButton* locate = box.addButton(QStringLiteral("Locate…"), QMessageBox::ActionRole);
  QPushButton* carryOn = changed.contains(QStringLiteral("not found")) ? nullptr : box.addButton(QStringLiteral("Continue"), QMessageBox::AcceptRole);
  box.exec();
  if (carryOn && box.clickedButton() == carryOn) return true;
  if (box.clickedButton() != locate) return false;
  const QString found = QFileDialog::getOpenFileName(this, QStringLiteral("Locate %1").arg(what), QFileInfo(input.location).absolutePath());
  if (found.isEmpty()) return false;
  input.location = found;
  note = QStringLiteral("%1 located at %2").arg(what, found);
  return true;
}

QString MainWindow::openProject(const QString& path) {
  QString error;
  auto project = loadProject(path, error);
  if (!project) return status(error);
  QString note;
  if (!confirmInput(project->source, QStringLiteral("data source"), note)) return status(note.isEmpty() ? QStringLiteral("Cancelled") : note);
  QString overridesNote;
  if (project->task_overrides && !confirmInput(*project->task_overrides, QStringLiteral("task overrides"), overridesNote))
    return status(overridesNote.isEmpty() ? QStringLiteral("Cancelled") : overridesNote);
  if (const QString why = loadTaskOverrides(project->task_overrides ? project->task_overrides->location : QString()); !why.isEmpty())
    return why;
  projectNote_ = QStringList{note, overridesNote}.join(QLatin1Char(' ')).trimmed();
  pendingProject_ = std::move(*project);
  pendingProjectPath_ = path;
  openFile(pendingProject_->source.location);
  return {};
}

void MainWindow::applyPendingProject() {
  if (!pendingProject_) return;
  const Project p = std::move(*pendingProject_);
  pendingProject_.reset();
  // The view as saved: layout, filter, figure, exclusions, then the fit
  // (its law last, so one fit starts with everything else in place).
  if (!p.window_geometry.isEmpty()) restoreGeometry(p.window_geometry);
  if (!p.window_state.isEmpty()) restoreState(p.window_state);
  filter_->setText(p.filter);
  plot_->applySettings(p.figure);
  std::set<qint64> excluded;
  for (const Run& r : *session_->state()->runs)
    if (p.excluded_keys.count(r.key)) excluded.insert(r.id);
  undo_->clear();
  fit_->setExcluded(excluded);
  session_->setFitChoice(FitChoice{p.fit.law, p.fit.per_series, p.fit.options});  // the fit panel follows
  setWindowTitle(QStringLiteral("%1 — Ratioscope").arg(QFileInfo(pendingProjectPath_).fileName()));
  // Said once the views show the project (its filter redraws them in the
  // turns after this one, and their status line would cover this one).
  afterViews([this, path = pendingProjectPath_, note = projectNote_] {
    status_->setText(QStringLiteral("Opened the project %1%2").arg(QDir::toNativeSeparators(path), note.isEmpty() ? QString() : QStringLiteral(" · ") + note));
    Q_EMIT projectOpened(path);
  });
}

}  // namespace rs::ui
