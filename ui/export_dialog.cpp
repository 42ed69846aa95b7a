#include "ui/export_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QScreen>
#include <QTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>
#include <cmath>

namespace rs::ui {

ExportDialog::ExportDialog(const QString& suggestedPath, QWidget* parent) : QDialog(parent) {
  setWindowTitle(QStringLiteral("Export figure"));
  path_ = new QLineEdit(suggestedPath);
  auto* browse = new QPushButton(QStringLiteral("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, QStringLiteral("Export figure"), path_->text(),
                                                   QStringLiteral("PDF (*.pdf);;SVG (*.svg);;PNG (*.png)"));
    if (!p.isEmpty()) path_->setText(p);
  });
  auto* pathRow = new QHBoxLayout;
  pathRow->addWidget(path_, 1);
  pathRow->addWidget(browse);

  const ExportOptions defaults;
  preset_ = new QComboBox;
  // Common journal widths (Nature/Science/IEEE/ACM two-column templates).
  preset_->addItem(QStringLiteral("Single column (85 mm)"), 85.0);
  preset_->addItem(QStringLiteral("1.5 columns (120 mm)"), 120.0);
  preset_->addItem(QStringLiteral("Double column (178 mm)"), 178.0);
  preset_->addItem(QStringLiteral("Custom"), 0.0);
  width_ = new QDoubleSpinBox;
  width_->setRange(20, 1000);
  width_->setSuffix(QStringLiteral(" mm"));
  width_->setValue(defaults.width_mm);
  height_ = new QDoubleSpinBox;
  height_->setRange(20, 1000);
  height_->setSuffix(QStringLiteral(" mm"));
  height_->setValue(defaults.height_mm);
  dpi_ = new QSpinBox;
  dpi_->setRange(36, 2400);
  dpi_->setValue(defaults.dpi);
  dpi_->setToolTip(QStringLiteral("Used for PNG only; PDF and SVG are vector."));
  connect(preset_, &QComboBox::currentIndexChanged, this, [this] {
    const double w = preset_->currentData().toDouble();
    if (w > 0) {
      width_->setValue(w);
      height_->setValue(w * 0.7);
    }
  });

  preview_ = new QLabel;
  preview_->setAlignment(Qt::AlignCenter);
  preview_->setFrameShape(QFrame::StyledPanel);
  preview_->setMinimumSize(200, 140);
  preview_->setToolTip(QStringLiteral("The figure at its print size: what the file will show."));
  // One redraw after a burst of spin-box steps, not one per step.
  auto* later = new QTimer(this);
  later->setSingleShot(true);
  later->setInterval(150);
  connect(later, &QTimer::timeout, this, &ExportDialog::updatePreview);
  for (QDoubleSpinBox* box : {width_, height_}) connect(box, &QDoubleSpinBox::valueChanged, later, qOverload<>(&QTimer::start));

  auto* form = new QFormLayout;
  form->addRow(QStringLiteral("File (.pdf, .svg, .png)"), pathRow);
  form->addRow(QStringLiteral("Size"), preset_);
  form->addRow(QStringLiteral("Width"), width_);
  form->addRow(QStringLiteral("Height"), height_);
  form->addRow(QStringLiteral("PNG resolution (dpi)"), dpi_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(QStringLiteral("Preview"), preview_);
  form->addRow(buttons);
  setLayout(form);
}

int ExportDialog::previewDpi() const {
  const QScreen* s = screen();
  return s ? std::clamp(static_cast<int>(std::lround(s->logicalDotsPerInch())), 48, 300) : 96;
}

void ExportDialog::setPreview(Preview preview) {
  render_ = std::move(preview);
  updatePreview();
}

void ExportDialog::updatePreview() {
  if (!render_) return;
  const QImage image = render_(options(), previewDpi());
  if (image.isNull()) {
    preview_->setText(QStringLiteral("Nothing to export"));
    return;
  }
  preview_->setPixmap(QPixmap::fromImage(image));
}

QString ExportDialog::path() const { return path_->text().trimmed(); }

ExportOptions ExportDialog::options() const { return {width_->value(), height_->value(), dpi_->value()}; }

}  // namespace rs::ui
