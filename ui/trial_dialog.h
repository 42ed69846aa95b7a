#pragma once
// Trials ▸ Run compression trials: gathers a sweep's options (model,
// native baselines, methods, ratios, bits, recovery, seeds, device). Running is MainWindow's.

#include <QDialog>

#include "core/trials/trials.h"

class QCheckBox;
class QComboBox;
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

 private:
  QComboBox* model_;
  QLineEdit* baselines_;
  std::vector<QCheckBox*> methods_;
  QLineEdit* ratios_;
  QLineEdit* bits_;
  QLineEdit* seeds_;
  QSpinBox* steps_;
  QSpinBox* rft_;
  QCheckBox* distill_;
  QComboBox* device_;
  bool slurm_ = false;
};

}  // namespace rs::ui
