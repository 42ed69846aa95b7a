#include "ui/trial_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include "core/model/run_fields.h"
#include "ui/slurm_submit.h"

namespace rs::ui {
namespace {
const QString kGroup = QStringLiteral("trials/");
}
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
  bits_->setObjectName(QStringLiteral("bits"));
  seeds_ = new QLineEdit(QStringLiteral("1"));
  seeds_->setObjectName(QStringLiteral("seeds"));
  steps_ = new QSpinBox;
  steps_->setRange(10, 100000);
  steps_->setValue(600);
  steps_->setObjectName(QStringLiteral("steps"));
  tokensPerParam_ = new QDoubleSpinBox;
  tokensPerParam_->setObjectName(QStringLiteral("tokensPerParam"));
  tokensPerParam_->setRange(0, 100000);
  tokensPerParam_->setDecimals(1);
  tokensPerParam_->setSpecialValueText(QStringLiteral("use the steps"));
  tokensPerParam_->setToolTip(QStringLiteral("Each model's training in tokens per parameter (compute-optimal is about 20) instead of a fixed number of steps."));
  learningRate_ = new QDoubleSpinBox;
  learningRate_->setObjectName(QStringLiteral("learningRate"));
  learningRate_->setRange(trials::kModelsLearningRate, 1);
  learningRate_->setDecimals(5);
  learningRate_->setSingleStep(1e-3);
  learningRate_->setSpecialValueText(QStringLiteral("each model's own"));
  learningRate_->setValue(trials::kModelsLearningRate);
  learningRate_->setToolTip(
      QStringLiteral("Peak learning rate of training, for every model of the sweep. \"Each model's own\" trains each size at the rate measured best for it "
                     "(ratioscope-cli trial --list; datasets/README.md)."));
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
  form->addRow(QStringLiteral("or tokens per parameter"), tokensPerParam_);
  form->addRow(QStringLiteral("Learning rate"), learningRate_);
  form->addRow(QStringLiteral("Recovery steps"), rft_);
  form->addRow(QString(), distill_);
  form->addRow(QStringLiteral("Seeds"), seeds_);
  form->addRow(QStringLiteral("Device"), device_);
  destination_ = new QLabel;
  destination_->setObjectName(QStringLiteral("destination"));
  destination_->setWordWrap(true);
  destination_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  form->addRow(QStringLiteral("Written to"), destination_);
  setDestination(QString());
  auto* error = new QLabel;
  error->setObjectName(QStringLiteral("error"));
  error->setStyleSheet(QStringLiteral("color: #b00;"));
  form->addRow(error);
  // A message about a field goes once that field is edited again.
  for (QLineEdit* edit : {baselines_, ratios_, bits_, seeds_}) connect(edit, &QLineEdit::textChanged, error, &QLabel::clear);
  connect(rft_, &QSpinBox::valueChanged, error, &QLabel::clear);
  connect(distill_, &QCheckBox::toggled, error, &QLabel::clear);
  connect(tokensPerParam_, &QDoubleSpinBox::valueChanged, steps_, [this](double v) { steps_->setEnabled(v == 0); });
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("run"));
  buttons->button(QDialogButtonBox::Ok)->setText(QStringLiteral("Run"));
  connect(buttons, &QDialogButtonBox::accepted, this, [this, error] {
    trials::TrialOptions o;
    QString why;
    if (!options(o, why)) return error->setText(why);
    saveSettings();
    accept();
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
      saveSettings();
      accept();
    });
  }
  form->addRow(buttons);
  restoreSettings();
}

void TrialDialog::setDestination(const QString& storePath) {
  const std::string cache = trials::checkpointCacheDirectory("");
  const QString checkpoints = cache.empty() ? QStringLiteral("not cached")
                                            : QStringLiteral("cached in %1").arg(QDir::toNativeSeparators(QString::fromStdString(cache)));
  destination_->setText(storePath.isEmpty()
                            ? QStringLiteral("No experiment database is open: the runs are shown but not stored (open or create one with "
                                             "File ▸ Open first). Trained models are %1.").arg(checkpoints)
                            : QStringLiteral("Runs: into %1, each as it lands. Trained models are %2.")
                                  .arg(QDir::toNativeSeparators(storePath), checkpoints));
}

// The last options that were run, field by field; a model or method this
// version does not have (an older catalogue) is left at its default.
void TrialDialog::restoreSettings() {
  QSettings s;
  if (const int i = model_->findData(s.value(kGroup + QStringLiteral("model"))); i >= 0) model_->setCurrentIndex(i);
  if (s.contains(kGroup + QStringLiteral("methods"))) {
    const QStringList chosen = s.value(kGroup + QStringLiteral("methods")).toStringList();
    for (QCheckBox* box : methods_) box->setChecked(chosen.contains(box->text()));
  }
  for (auto [edit, key] : {std::pair{baselines_, "baselines"}, {ratios_, "ratios"}, {bits_, "bits"}, {seeds_, "seeds"}})
    if (s.contains(kGroup + QLatin1String(key))) edit->setText(s.value(kGroup + QLatin1String(key)).toString());
  steps_->setValue(s.value(kGroup + QStringLiteral("steps"), steps_->value()).toInt());
  tokensPerParam_->setValue(s.value(kGroup + QStringLiteral("tokensPerParam"), 0.0).toDouble());
  steps_->setEnabled(tokensPerParam_->value() == 0);
  learningRate_->setValue(s.value(kGroup + QStringLiteral("learningRateOverride"), trials::kModelsLearningRate).toDouble());
  rft_->setValue(s.value(kGroup + QStringLiteral("rftSteps"), 0).toInt());
  distill_->setChecked(s.value(kGroup + QStringLiteral("distill"), false).toBool());
  if (const int i = device_->findText(s.value(kGroup + QStringLiteral("device")).toString()); i >= 0) device_->setCurrentIndex(i);
}

void TrialDialog::saveSettings() const {
  QSettings s;
  s.setValue(kGroup + QStringLiteral("model"), model_->currentData());
  QStringList chosen;
  for (QCheckBox* box : methods_)
    if (box->isChecked()) chosen << box->text();
  s.setValue(kGroup + QStringLiteral("methods"), chosen);
  for (auto [edit, key] : {std::pair{baselines_, "baselines"}, {ratios_, "ratios"}, {bits_, "bits"}, {seeds_, "seeds"}})
    s.setValue(kGroup + QLatin1String(key), edit->text());
  s.setValue(kGroup + QStringLiteral("steps"), steps_->value());
  s.setValue(kGroup + QStringLiteral("tokensPerParam"), tokensPerParam_->value());
  s.setValue(kGroup + QStringLiteral("learningRateOverride"), learningRate_->value());
  s.setValue(kGroup + QStringLiteral("rftSteps"), rft_->value());
  s.setValue(kGroup + QStringLiteral("distill"), distill_->isChecked());
  s.setValue(kGroup + QStringLiteral("device"), device_->currentText());
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
  o.tokens_per_param = tokensPerParam_->value();
  o.learning_rate = learningRate_->value();
  o.rft_steps = rft_->value();
  o.distill = distill_->isChecked();
  if (o.distill && o.rft_steps == 0) { why = QStringLiteral("Distillation needs recovery steps."); return false; }
  o.device = device_->currentText().toStdString();
  return true;
}

}  // namespace rs::ui
