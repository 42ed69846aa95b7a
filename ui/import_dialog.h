#pragma once
// File ▸ Import… (and a folder dropped on the window): reads the chosen
// results files in the background, shows the runs they will create (model,
// run fields, metric count, warnings) with the run fields editable, then
// stores them in the experiment database in the background with progress.
// The reading, editing and storing are core/io/import_plan.h's, as in
// `ratioscope-cli import`; the dialog only gathers options and shows.

#include <QDialog>

#include "ui/jobs/latest_job.h"

#include "core/io/import_plan.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace rs::ui {

class ImportDialog : public QDialog {
  Q_OBJECT
 public:
  // `database`: the experiment database to import into; empty asks for one.
  ImportDialog(QStringList paths, QString database, QWidget* parent = nullptr);

  QTableWidget* preview() const { return table_; }
  QString database() const { return database_; }
  QString message() const;
  void setDatabase(const QString& path);
  void setPlacement(const QString& sets, const QString& mapFile);  // as the form's fields

 public Q_SLOTS:
  void reread();       // reads the files again with the form's --set and --map
  void startImport();  // stores the previewed runs

 Q_SIGNALS:
  void previewReady(int runs);
  void imported(const QString& database, const QString& summary);
  void failed(const QString& message);

 private:
  void showPlan();
  void onCellEdited(QTableWidgetItem* item);
  void setBusy(bool busy);

  QStringList paths_;
  QString database_;
  ImportPlan plan_;
  QLineEdit* sets_;
  QLineEdit* map_;
  QTableWidget* table_;
  QLabel* status_;
  QLabel* target_;
  QProgressBar* progress_;
  QPushButton* import_;
  // On the window's job runner: a newer preview supersedes an older one;
  // the write runs once, and the dialog stays open until it is done.
  LatestJob<ImportPlan> reader_{this};
  LatestJob<QString> writer_{this};
  void reject() override;
  bool filling_ = false;  // the table is being filled, not edited
};

}  // namespace rs::ui
