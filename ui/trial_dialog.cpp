#include "ui/trial_dialog.h"

#include "core/model/run_fields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>

#include "ui/slurm_submit.h"
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace rs::ui {
TrialDialog::TrialDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(QStringLiteral("Run compression trials"));
  model_ = new QComboBox;
  model_->setObjectName(QStringLiteral("model"));
  for (const auto& m : trials::modelCatalogue()) model_->addItem(QString::fromStdString(m.name + " — " + m.description), QString::fromStdString(m.name));
  model_->setCurrentIndex(1);
  baselines_ = new QLineEdit;
  baselines_->setObjectName(QStringLiteral("baselines"));
  baselines_->setPlaceholderText(QStringLiteral("smaller models of the same family, e.g. tf-nano, tf-micro"));
  baselines_->setToolTip(QStringLiteral("Trained dense only: the native baselines that fairness checks pair compressed runs with."));
  auto* methodGrid = new QGridLayout;
  for (const std::string& m : trials::methodCatalogue()) {
    auto* box = new QCheckBox(QString::fromStdString(m));
    box->setObjectName(QStringLiteral("method:") + QString::fromStdString(m));
    // IMP retrains once per ratio and heads needs a transformer: opt in.
    box->setChecked(m != "imp" && m != "heads");
    const int i = static_cast<int>(methods_.size());
    methodGrid->addWidget(box, i / 4, i % 4);
    methods_.push_back(box);
  }
  ratios_ = new QLineEdit(QStringLiteral("0, 0.25, 0.5, 0.75, 0.9"));
  ratios_->setObjectName(QStringLiteral("ratios"));
  bits_ = new QLineEdit(QStringLiteral("8, 4, 3, 2"));
  seeds_ = new QLineEdit(QStringLiteral("1"));
  steps_ = new QSpinBox;
  steps_->setRange(10, 100000);
  steps_->setValue(600);
  rft_ = new QSpinBox;
  rft_->setObjectName(QStringLiteral("rftSteps"));
  rft_->setRange(0, 100000);
  rft_->setSpecialValueText(QStringLiteral("none"));
  distill_ = new QCheckBox(QStringLiteral("distil from the dense teacher"));
  distill_->setObjectName(QStringLiteral("distill"));
  device_ = new QComboBox;
  device_->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
  auto* form = new QFormLayout(this);
  form->addRow(QStringLiteral("Model"), model_);
  form->addRow(QStringLiteral("Native baselines"), baselines_);
  form->addRow(QStringLiteral("Methods"), methodGrid);
  form->addRow(QStringLiteral("Ratios (pruning, low-rank, IMP)"), ratios_);
  form->addRow(QStringLiteral("Bits (RTN)"), bits_);
  form->addRow(QStringLiteral("Training steps"), steps_);
  form->addRow(QStringLiteral("Recovery steps"), rft_);
  form->addRow(QString(), distill_);
  form->addRow(QStringLiteral("Seeds"), seeds_);
  form->addRow(QStringLiteral("Device"), device_);
  auto* error = new QLabel;
  error->setObjectName(QStringLiteral("error"));
  error->setStyleSheet(QStringLiteral("color: #b00;"));
  form->addRow(error);
  // A message about a field goes once that field is edited again.
  for (QLineEdit* edit : {baselines_, ratios_, bits_, seeds_}) connect(edit, &QLineEdit::textChanged, error, &QLabel::clear);
  connect(rft_, &QSpinBox::valueChanged, error, &QLabel::clear);
  connect(distill_, &QCheckBox::toggled, error, &QLabel::clear);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("run"));
  buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Run"));
  connect(buttons, &QDialogButtonBox::accepted, this, [this, error] {
    trials::TrialOptions o;
    QString why;
    if (options(o, why)) accept();
    else error->setText(why);
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  if (slurmAvailable()) {  // a login node: the same sweep as job arrays
    QPushButton* slurm = buttons->addButton(QStringLiteral("Submit to Slurm…"), QDialogButtonBox::ActionRole);
    slurm->setObjectName(QStringLiteral("submitToSlurm"));
    slurm->setToolTip(QStringLiteral("Run the sweep as Slurm job arrays, writing into the open experiment store"));
    connect(slurm, &QPushButton::clicked, this, [this, error] {
      trials::TrialOptions o;
      QString why;
      if (!options(o, why)) { error->setText(why); return; }
      slurm_ = true;
      accept();
    });
  }
  form->addRow(buttons);
}

bool TrialDialog::options(trials::TrialOptions& o, QString& why) const {
  o.model = model_->currentData().toString().toStdString();
  o.baselines.clear();
  for (const QString& b : baselines_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) o.baselines.push_back(b.trimmed().toStdString());
  o.methods.clear();
  for (QCheckBox* box : methods_)
    if (box->isChecked()) o.methods.push_back(box->text().toStdString());
  if (!parseNumberList(ratios_->text().toStdString(), o.ratios)) { why = QStringLiteral("Ratios: numbers separated by commas."); return false; }
  for (double r : o.ratios)
    if (!(r >= 0 && r < 1)) { why = QStringLiteral("Ratios must lie in [0, 1)."); return false; }
  if (!parseNumberList(bits_->text().toStdString(), o.bits)) { why = QStringLiteral("Bits: whole numbers separated by commas."); return false; }
  if (!parseNumberList(seeds_->text().toStdString(), o.seeds)) { why = QStringLiteral("Seeds: whole numbers separated by commas."); return false; }
  o.train_steps = steps_->value();
  o.rft_steps = rft_->value();
  o.distill = distill_->isChecked();
  if (o.distill && o.rft_steps == 0) { why = QStringLiteral("Distillation needs recovery steps."); return false; }
  o.device = device_->currentText().toStdString();
  return true;
}

}  // namespace rs::ui
