#include "ui/trial_controller.h"

#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>

#include "core/io/store/experiment_store.h"
#include "core/io/store/landed_run.h"
#include "core/trials/trial_runs.h"
#include "ui/trial_progress.h"

namespace rs::ui {

TrialController::TrialController(QStatusBar* bar, QObject* parent) : QObject(parent) {
  label_ = new QLabel;
  progress_ = new TrialProgressBar;
  progress_->setMaximumWidth(260);
  cancelButton_ = new QPushButton(QStringLiteral("Cancel trials"));
  for (QWidget* w : {static_cast<QWidget*>(label_), static_cast<QWidget*>(progress_), static_cast<QWidget*>(cancelButton_)}) {
    bar->addPermanentWidget(w);
    w->setVisible(false);
  }
  connect(cancelButton_, &QPushButton::clicked, this, &TrialController::cancel);
}

// The job runner cancels the sweep and waits for it (it posts runs to this object).
TrialController::~TrialController() = default;

QString TrialController::status() const { return label_->text(); }

void TrialController::cancel() {
  if (!running()) return;
  cancelRequested_ = true;
  job_.cancel();
}

bool TrialController::start(trials::TrialOptions options, const QString& store, std::set<std::string> shown) {
  if (running()) return false;
  cancelRequested_ = false;
  QPointer<QLabel> label(label_);
  options.on_note = [label](const std::string& text) {  // from the worker thread
    QMetaObject::invokeMethod(label.data(), [label, note = QString::fromStdString(text)] {
      if (label) label->setText(note);
    }, Qt::QueuedConnection);
  };
  planned_ = trials::plannedRuns(options);
  done_ = 0;
  progress_->start();
  label_->setText(QStringLiteral("Training %1…").arg(QString::fromStdString(options.model)));
  for (QWidget* w : {static_cast<QWidget*>(label_), static_cast<QWidget*>(progress_), static_cast<QWidget*>(cancelButton_)}) w->setVisible(true);
  const std::string storePath = !store.isEmpty() && ExperimentStore::isStore(store.toStdString()) ? store.toStdString() : std::string();
  QPointer<TrialController> self(this);
  job_.run(
      [options, self, storePath, shown = std::move(shown)](const LatestJob<std::string>::Cancelled& cancelled,
                                                           const LatestJob<std::string>::Progress& report) mutable {
        options.cancelled = cancelled;
        // The bar follows the sweep's work (training included), not landed runs.
        options.on_progress = [report](double fraction) { report(static_cast<int>(fraction * 1000.0 + 0.5)); };
        // The store's connection belongs to this thread: opened here, used here.
        std::unique_ptr<ExperimentStore> db;
        std::string openError;
        return trials::runTrials(options, [&](const trials::TrialRun& t) {
          Run run = trials::toRun(t);
          const bool known = shown.count(run.key) > 0;
          std::string writeError;
          if (!known && !storePath.empty()) {
            if (!db) db = ExperimentStore::open(storePath, openError);
            if (!db) writeError = openError;
            else if (bool kept = false; auto e = storeLandedRun(*db, run, "ratioscope", kept))
              writeError = e->text();
          }
          QMetaObject::invokeMethod(self.data(), [self, run, known, error = QString::fromStdString(writeError)] {
            if (self) self->landed(run, error, known);
          }, Qt::QueuedConnection);
        });
      },
      [this](const std::string& why) { onFinished(why); },
      [this](int permille) { progress_->setFraction(permille / 1000.0); });
  return true;
}

void TrialController::landed(const Run& run, const QString& writeError, bool known) {
  ++done_;
  // The ETA is the progress bar's (from the sweep's work, not runs landed).
  label_->setText(QStringLiteral("%1 %2 r=%3 · %4/%5 runs")
                      .arg(QString::fromStdString(run.model), QString::fromStdString(run.method))
                      .arg(run.ratio.value_or(0), 0, 'f', 2)
                      .arg(done_)
                      .arg(planned_));
  if (!known) Q_EMIT runLanded(run, writeError);
}

void TrialController::onFinished(const std::string& why) {
  const bool cancelled = cancelRequested_;
  for (QWidget* w : {static_cast<QWidget*>(progress_), static_cast<QWidget*>(cancelButton_)}) w->setVisible(false);
  label_->setText(!why.empty() ? QString::fromStdString(why)
                  : cancelled  ? QStringLiteral("Trials cancelled after %1 runs").arg(done_)
                               : QStringLiteral("Trials done: %1 runs").arg(done_));
  Q_EMIT finished(done_, cancelled, QString::fromStdString(why));
}

}  // namespace rs::ui
