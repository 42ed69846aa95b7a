#pragma once
// Trials ▸ Run compression trials: gathers a sweep's options (model,
// native baselines, methods, ratios, bits, training budget, recovery, seeds,
// device), remembers them for next time (QSettings, "trials/…"), and says
// where the runs and the trained checkpoints will be written. Running is
// MainWindow's.

#include <QDialog>

#include "core/trials/trials.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace rs::ui {

class TrialDialog : public QDialog {
  Q_OBJECT
 public:
  explicit TrialDialog(QWidget* parent = nullptr);
  // The options, or the reason they are invalid (shown under the form).
  bool options(trials::TrialOptions& out, QString& why) const;
  // True when the user chose Submit to Slurm rather than Run.
  bool slurmRequested() const { return slurm_; }
  // The open experiment database the runs go into, or "" when none is open
  // (the runs are then shown but not stored): said under the form.
  void setDestination(const QString& storePath);

 private:
  QComboBox* model_;
  QLineEdit* baselines_;
  std::vector<QCheckBox*> methods_;
  QLineEdit* ratios_;
  QLineEdit* bits_;
  QLineEdit* seeds_;
  QSpinBox* steps_;
  QDoubleSpinBox* tokensPerParam_;
  QDoubleSpinBox* learningRate_;
  QSpinBox* rft_;
  QCheckBox* distill_;
  QComboBox* device_;
  QLabel* destination_;
  bool slurm_ = false;

  void restoreSettings();
  void saveSettings() const;
};

}  // namespace rs::ui
