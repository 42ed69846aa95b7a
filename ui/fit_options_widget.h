#pragma once
// The fit options the CLI's `fit` takes (--robust, --starts, --seed,
// --bootstrap, --holdout-above), as widgets behind an "Options…" expander in
// the fit panel: the same fit::FitOptions, so a fit made in the window can
// be made again from a script. Remembered between sessions (QSettings,
// "fit/…"); any change emits changed(), and the panel refits.

#include <QWidget>

#include "core/fit/fitter.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QSpinBox;
class QToolButton;

namespace rs::ui {

class FitOptionsWidget : public QWidget {
  Q_OBJECT
 public:
  explicit FitOptionsWidget(QWidget* parent = nullptr);

  // The options the widgets say; unset fields keep FitOptions' defaults
  // (the law's own robust loss, its starting grid, no bootstrap, no holdout).
  fit::FitOptions options() const;
  void setOptions(const fit::FitOptions& options);  // emits changed() once

  QToolButton* expander() const { return expander_; }
  QComboBox* robustBox() const { return robust_; }
  QDoubleSpinBox* robustScale() const { return delta_; }
  QSpinBox* startsBox() const { return starts_; }
  QSpinBox* seedBox() const { return seed_; }
  QSpinBox* bootstrapBox() const { return bootstrap_; }
  QCheckBox* holdoutBox() const { return holdout_; }
  QDoubleSpinBox* holdoutAbove() const { return holdoutAbove_; }

  // The options in the CLI's words, for the fit table and its caption:
  // "robust huber:0.001, 64 random starts (seed 1), bootstrap 200, holdout above 0.5",
  // or "the law's defaults".
  static std::string describe(const fit::FitOptions& options);

 Q_SIGNALS:
  void changed();

 private:
  void restoreSettings();
  void saveSettings() const;
  void edited();  // enable the scale and split with their switches; save; emit

  QToolButton* expander_;
  QGroupBox* box_;
  QComboBox* robust_;
  QDoubleSpinBox* delta_;
  QSpinBox* starts_;
  QSpinBox* seed_;
  QSpinBox* bootstrap_;
  QCheckBox* holdout_;
  QDoubleSpinBox* holdoutAbove_;
  bool restoring_ = false;
};

}  // namespace rs::ui
