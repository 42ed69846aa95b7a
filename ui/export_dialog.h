#pragma once
// File > Export figure: where to, which format (from the suffix), and the
// physical size. Only gathers options; PlotView::exportTo does the work.

#include <QDialog>

#include "ui/figure/figure_export.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace rs::ui {

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ExportDialog(const QString& suggestedPath, QWidget* parent = nullptr);
  QString path() const;
  ExportOptions options() const;

 private:
  QLineEdit* path_;
  QComboBox* preset_;
  QDoubleSpinBox* width_;
  QDoubleSpinBox* height_;
  QSpinBox* dpi_;
};

}  // namespace rs::ui
