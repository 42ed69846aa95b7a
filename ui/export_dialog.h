#pragma once
// File > Export figure: where to, which format (from the suffix), the
// physical size, and a preview of the figure as it will print at that size
// (so a cut label or a crowded legend shows before the file is written).
// Only gathers options; PlotView::exportTo does the work.

#include <QDialog>
#include <QImage>
#include <functional>

#include "ui/figure/figure_export.h"

class QComboBox;
class QLabel;
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
  // Draws the figure at the options' size and a dpi: the preview's source.
  using Preview = std::function<QImage(const ExportOptions&, int dpi)>;
  void setPreview(Preview preview);
  // Renders the preview now (the dialog does so when the size changes).
  void updatePreview();
  QLabel* previewLabel() const { return preview_; }
  // The preview's resolution: the screen's, so it shows the print size.
  int previewDpi() const;

 private:
  QLineEdit* path_;
  QComboBox* preset_;
  QDoubleSpinBox* width_;
  QDoubleSpinBox* height_;
  QSpinBox* dpi_;
  QLabel* preview_;
  Preview render_;
};

}  // namespace rs::ui
