// File › Export Figure's dialog shows the figure as it will print: the
// preview is the exported figure at the chosen size, redrawn when the size
// changes, and says so when there is nothing to export.
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QTest>
#include <qcustomplot.h>

#include "core/io/csv/csv_importer.h"
#include "ui/export_dialog.h"
#include "ui/figure/figure_composer.h"

using namespace rs;
using namespace rs::ui;

class TestExportDialog : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void previewsTheFigureAtPrintSize() {
    const std::vector<Run> runs = importCsvFile(RS_EXAMPLE_CSV).batch.runs;
    std::vector<ExportOptions> asked;
    ExportDialog dialog(QStringLiteral("/tmp/f.pdf"));
    dialog.setPreview([&](const ExportOptions& o, int dpi) {
      asked.push_back(o);
      QCustomPlot plot;
      FigureRequest r;
      r.runs = &runs;
      r.spec.metric = "arc_challenge";
      composeFigure(plot, r);
      return renderFigure(plot, o, dpi);
    });
    QCOMPARE(asked.size(), std::size_t(1));
    QCOMPARE(asked.back().width_mm, 85.0);  // the default preset
    const QSize single = rasterSize({85, 60, dialog.previewDpi()});
    QCOMPARE(dialog.previewLabel()->pixmap().size(), single);
    // The double-column preset: the same figure, 178 mm wide.
    auto* preset = dialog.findChild<QComboBox*>();
    preset->setCurrentIndex(2);
    dialog.updatePreview();
    QCOMPARE(asked.back().width_mm, 178.0);
    QCOMPARE(dialog.previewLabel()->pixmap().size(), rasterSize({178, 178 * 0.7, dialog.previewDpi()}));
  }

  void saysWhenThereIsNothingToExport() {
    ExportDialog dialog(QStringLiteral("/tmp/f.pdf"));
    dialog.setPreview([](const ExportOptions&, int) { return QImage(); });
    QCOMPARE(dialog.previewLabel()->text(), QStringLiteral("Nothing to export"));
  }
};

QTEST_MAIN(TestExportDialog)
#include "test_export_dialog.moc"
