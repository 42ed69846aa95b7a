#include "ui/fit_options_widget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <cstdio>

#include "core/fit/fit_table.h"

namespace rs::ui {
namespace {

const QString kGroup = QStringLiteral("fit/");

// The robust box's entries: the law's published loss (no --robust), or one chosen.
enum RobustChoice { LawDefault, None, Huber, Cauchy };

}  // namespace

FitOptionsWidget::FitOptionsWidget(QWidget* parent) : QWidget(parent) {
  expander_ = new QToolButton;
  expander_->setObjectName(QStringLiteral("fitOptionsExpander"));
  expander_->setText(QStringLiteral("Options…"));
  expander_->setCheckable(true);
  expander_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  expander_->setArrowType(Qt::RightArrow);
  expander_->setAutoRaise(true);

  robust_ = new QComboBox;
  robust_->setObjectName(QStringLiteral("robustBox"));
  robust_->addItem(QStringLiteral("The law's (its published procedure)"), LawDefault);
  robust_->addItem(QStringLiteral("None (least squares)"), None);
  robust_->addItem(QStringLiteral("Huber"), Huber);
  robust_->addItem(QStringLiteral("Cauchy"), Cauchy);
  delta_ = new QDoubleSpinBox;
  delta_->setObjectName(QStringLiteral("robustScale"));
  delta_->setDecimals(6);
  delta_->setRange(1e-6, 1e6);
  delta_->setValue(1e-3);
  delta_->setToolTip(QStringLiteral("δ, the scale where the robust loss turns from quadratic (--robust huber:δ)"));
  starts_ = new QSpinBox;
  starts_->setObjectName(QStringLiteral("startsBox"));
  starts_->setRange(0, 100000);
  starts_->setSpecialValueText(QStringLiteral("the law's grid"));
  starts_->setToolTip(QStringLiteral("Random starts over the grid's box (--starts N), or the law's starting grid"));
  seed_ = new QSpinBox;
  seed_->setObjectName(QStringLiteral("seedBox"));
  seed_->setRange(0, 1 << 30);
  seed_->setValue(1);
  seed_->setToolTip(QStringLiteral("Seed of the random starts and the bootstrap (--seed)"));
  bootstrap_ = new QSpinBox;
  bootstrap_->setObjectName(QStringLiteral("bootstrapBox"));
  bootstrap_->setRange(0, 100000);
  bootstrap_->setSpecialValueText(QStringLiteral("none"));
  bootstrap_->setToolTip(QStringLiteral("Bootstrap resamples (--bootstrap N): errors, intervals and bands from them"));
  holdout_ = new QCheckBox(QStringLiteral("Hold out above"));
  holdout_->setObjectName(QStringLiteral("holdoutBox"));
  holdoutAbove_ = new QDoubleSpinBox;
  holdoutAbove_->setObjectName(QStringLiteral("holdoutAbove"));
  holdoutAbove_->setDecimals(6);
  holdoutAbove_->setRange(-1e15, 1e15);
  holdoutAbove_->setValue(0.5);
  holdoutAbove_->setToolTip(QStringLiteral("Fit on the law's first variable up to this value and report the error above it (--holdout-above)"));

  auto* robustRow = new QHBoxLayout;
  robustRow->addWidget(robust_, 1);
  robustRow->addWidget(delta_);
  auto* holdoutRow = new QHBoxLayout;
  holdoutRow->addWidget(holdout_);
  holdoutRow->addWidget(holdoutAbove_, 1);
  box_ = new QGroupBox;
  box_->setVisible(false);
  auto* form = new QFormLayout(box_);
  form->addRow(QStringLiteral("Robust loss"), robustRow);
  form->addRow(QStringLiteral("Starts"), starts_);
  form->addRow(QStringLiteral("Seed"), seed_);
  form->addRow(QStringLiteral("Bootstrap"), bootstrap_);
  form->addRow(holdoutRow);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(expander_);
  layout->addWidget(box_);

  connect(expander_, &QToolButton::toggled, this, [this](bool open) {
    box_->setVisible(open);
    expander_->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
  });
  restoreSettings();
  connect(robust_, &QComboBox::currentIndexChanged, this, &FitOptionsWidget::edited);
  connect(holdout_, &QCheckBox::toggled, this, &FitOptionsWidget::edited);
  for (QDoubleSpinBox* box : {delta_, holdoutAbove_}) connect(box, &QDoubleSpinBox::valueChanged, this, &FitOptionsWidget::edited);
  for (QSpinBox* box : {starts_, seed_, bootstrap_}) connect(box, &QSpinBox::valueChanged, this, &FitOptionsWidget::edited);
  delta_->setEnabled(robust_->currentData().toInt() >= Huber);
  holdoutAbove_->setEnabled(holdout_->isChecked());
}

fit::FitOptions FitOptionsWidget::options() const {
  fit::FitOptions o;
  switch (robust_->currentData().toInt()) {
    case None: o.robust = laws::RobustLoss{}; break;
    case Huber: o.robust = laws::RobustLoss{laws::RobustLoss::Kind::Huber, delta_->value()}; break;
    case Cauchy: o.robust = laws::RobustLoss{laws::RobustLoss::Kind::Cauchy, delta_->value()}; break;
    default: break;  // the law's own
  }
  o.random_starts = starts_->value();
  o.seed = static_cast<std::uint64_t>(seed_->value());
  o.bootstrap = bootstrap_->value();
  if (holdout_->isChecked()) o.holdout_above = holdoutAbove_->value();
  return o;
}

void FitOptionsWidget::setOptions(const fit::FitOptions& o) {
  {
    const QSignalBlocker blocks[] = {QSignalBlocker(robust_), QSignalBlocker(delta_), QSignalBlocker(starts_), QSignalBlocker(seed_),
                                     QSignalBlocker(bootstrap_), QSignalBlocker(holdout_), QSignalBlocker(holdoutAbove_)};
    const int robust = !o.robust ? LawDefault
                       : o.robust->kind == laws::RobustLoss::Kind::None ? None
                       : o.robust->kind == laws::RobustLoss::Kind::Huber ? Huber
                                                                          : Cauchy;
    robust_->setCurrentIndex(robust_->findData(robust));
    if (o.robust && o.robust->kind != laws::RobustLoss::Kind::None) delta_->setValue(o.robust->delta);
    starts_->setValue(o.random_starts);
    seed_->setValue(static_cast<int>(o.seed));
    bootstrap_->setValue(o.bootstrap);
    holdout_->setChecked(o.holdout_above.has_value());
    if (o.holdout_above) holdoutAbove_->setValue(*o.holdout_above);
  }
  edited();
}

void FitOptionsWidget::edited() {
  delta_->setEnabled(robust_->currentData().toInt() >= Huber);
  holdoutAbove_->setEnabled(holdout_->isChecked());
  if (restoring_) return;
  saveSettings();
  Q_EMIT changed();
}

std::string FitOptionsWidget::describe(const fit::FitOptions& o) { return fit::describeFitOptions(o); }

void FitOptionsWidget::restoreSettings() {
  restoring_ = true;
  QSettings s;
  if (const int i = robust_->findData(s.value(kGroup + QStringLiteral("robust"), LawDefault).toInt()); i >= 0) robust_->setCurrentIndex(i);
  delta_->setValue(s.value(kGroup + QStringLiteral("robustScale"), delta_->value()).toDouble());
  starts_->setValue(s.value(kGroup + QStringLiteral("starts"), 0).toInt());
  seed_->setValue(s.value(kGroup + QStringLiteral("seed"), 1).toInt());
  bootstrap_->setValue(s.value(kGroup + QStringLiteral("bootstrap"), 0).toInt());
  holdout_->setChecked(s.value(kGroup + QStringLiteral("holdout"), false).toBool());
  holdoutAbove_->setValue(s.value(kGroup + QStringLiteral("holdoutAbove"), holdoutAbove_->value()).toDouble());
  restoring_ = false;
}

void FitOptionsWidget::saveSettings() const {
  QSettings s;
  s.setValue(kGroup + QStringLiteral("robust"), robust_->currentData());
  s.setValue(kGroup + QStringLiteral("robustScale"), delta_->value());
  s.setValue(kGroup + QStringLiteral("starts"), starts_->value());
  s.setValue(kGroup + QStringLiteral("seed"), seed_->value());
  s.setValue(kGroup + QStringLiteral("bootstrap"), bootstrap_->value());
  s.setValue(kGroup + QStringLiteral("holdout"), holdout_->isChecked());
  s.setValue(kGroup + QStringLiteral("holdoutAbove"), holdoutAbove_->value());
}

}  // namespace rs::ui
