#include "ui/import_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/model/run_fields.h"

namespace rs::ui {
namespace {

// The preview's columns: the run fields a results file most often lacks are
// editable; the rest say what will be stored.
struct Column {
  const char* title;
  const char* field;  // run field edited in this column, or null
};
constexpr Column kColumns[] = {{"File", nullptr},          {"Model", "model"},     {"Family", "family"}, {"Method", "method"},
                               {"Sparsity", "sparsity"},   {"Bits", "bits"},       {"Ratio", nullptr},   {"Params", "params"},
                               {"Metrics", nullptr},       {"Warnings", nullptr}};
constexpr int kColumnCount = static_cast<int>(std::size(kColumns));

QString q(const std::string& s) { return QString::fromStdString(s); }

// A file as the user knows it: relative to the folder it was found in
// ("llama-7b-wanda-50/results_….json"), which tells the runs apart.
QString shownName(const QStringList& roots, const QString& file) {
  for (const QString& root : roots)
    if (QFileInfo(root).isDir() && file.startsWith(root)) return QDir(root).relativeFilePath(file);
  return QFileInfo(file).fileName();
}

// A warning without the file path it starts with (the row names the file).
QString shownWarning(const std::string& warning, const std::string& file) {
  const QString w = q(warning);
  return warning.rfind(file, 0) == 0 ? w.mid(static_cast<qsizetype>(file.size())).remove(0, 1) : w;
}

}  // namespace

ImportDialog::ImportDialog(QStringList paths, QString database, QWidget* parent)
    : QDialog(parent), paths_(std::move(paths)) {
  setWindowTitle(QStringLiteral("Import results"));
  setObjectName(QStringLiteral("importDialog"));
  auto* layout = new QVBoxLayout(this);
  auto* what = new QLabel(QStringLiteral("Reading: %1").arg(paths_.join(QStringLiteral(", "))));
  what->setWordWrap(true);
  layout->addWidget(what);

  auto* form = new QFormLayout;
  sets_ = new QLineEdit;
  sets_->setObjectName(QStringLiteral("importSets"));
  sets_->setPlaceholderText(QStringLiteral("family=llama, method=wanda, sparsity=0.5"));
  sets_->setToolTip(QStringLiteral("Run fields for every run read (ratioscope-cli import --set KEY=VALUE)"));
  form->addRow(QStringLiteral("Set for every run:"), sets_);
  auto* mapRow = new QHBoxLayout;
  map_ = new QLineEdit;
  map_->setObjectName(QStringLiteral("importMap"));
  map_->setPlaceholderText(QStringLiteral("CSV: pattern,family,model,method,sparsity,…"));
  auto* browse = new QPushButton(QStringLiteral("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString p = QFileDialog::getOpenFileName(this, QStringLiteral("Mapping file"), QString(), QStringLiteral("CSV (*.csv);;All files (*)"));
    if (!p.isEmpty()) { map_->setText(p); reread(); }
  });
  mapRow->addWidget(map_);
  mapRow->addWidget(browse);
  form->addRow(QStringLiteral("Mapping file:"), mapRow);
  auto* again = new QPushButton(QStringLiteral("Read again"));
  connect(again, &QPushButton::clicked, this, &ImportDialog::reread);
  connect(sets_, &QLineEdit::returnPressed, this, &ImportDialog::reread);
  connect(map_, &QLineEdit::returnPressed, this, &ImportDialog::reread);
  form->addRow(QString(), again);
  layout->addLayout(form);

  table_ = new QTableWidget(0, kColumnCount);
  table_->setObjectName(QStringLiteral("importPreview"));
  QStringList titles;
  for (const Column& c : kColumns) titles << QLatin1String(c.title);
  table_->setHorizontalHeaderLabels(titles);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->verticalHeader()->hide();
  connect(table_, &QTableWidget::itemChanged, this, &ImportDialog::onCellEdited);
  layout->addWidget(table_, 1);

  status_ = new QLabel;
  status_->setObjectName(QStringLiteral("importStatus"));
  status_->setWordWrap(true);
  layout->addWidget(status_);
  auto* targetRow = new QHBoxLayout;
  target_ = new QLabel;
  auto* choose = new QPushButton(QStringLiteral("Choose database…"));
  connect(choose, &QPushButton::clicked, this, [this] {
    const QString p = QFileDialog::getSaveFileName(this, QStringLiteral("Experiment database"), database_, QStringLiteral("Experiment databases (*.sqlite)"),
                                                   nullptr, QFileDialog::DontConfirmOverwrite);
    if (!p.isEmpty()) setDatabase(p);
  });
  targetRow->addWidget(target_, 1);
  targetRow->addWidget(choose);
  layout->addLayout(targetRow);
  progress_ = new QProgressBar;
  progress_->setVisible(false);
  layout->addWidget(progress_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  import_ = buttons->addButton(QStringLiteral("Import"), QDialogButtonBox::AcceptRole);
  import_->setObjectName(QStringLiteral("importButton"));
  connect(import_, &QPushButton::clicked, this, &ImportDialog::startImport);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(900, 480);

  setDatabase(database);
  reread();
}

QString ImportDialog::message() const { return status_->text(); }

void ImportDialog::setDatabase(const QString& path) {
  database_ = path;
  target_->setText(path.isEmpty() ? QStringLiteral("Into: no database open; choose one (a new file is created)")
                                  : QStringLiteral("Into: %1%2").arg(path, QFileInfo::exists(path) ? QString() : QStringLiteral(" (new)")));
  import_->setEnabled(plan_.ok() && !plan_.files.empty() && !path.isEmpty());
}

void ImportDialog::setPlacement(const QString& sets, const QString& mapFile) {
  sets_->setText(sets);
  map_->setText(mapFile);
}

void ImportDialog::reread() {
  ImportOptions options;
  for (const QString& part : sets_->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
    if (std::string why = addSetOption(options.placement, part.trimmed().toStdString()); !why.empty()) {
      status_->setText(q(why));
      return;
    }
  if (!map_->text().trimmed().isEmpty())
    if (auto e = loadRunMap(map_->text().trimmed().toStdString(), options.placement)) {
      status_->setText(q(e->text()));
      return;
    }
  std::vector<std::string> paths;
  for (const QString& p : paths_) paths.push_back(p.toStdString());
  setBusy(true);
  status_->setText(QStringLiteral("Reading…"));
  reader_.run([paths, options](const LatestJob<ImportPlan>::Cancelled&) { return planImport(paths, options); },
              [this](ImportPlan plan) {
                plan_ = std::move(plan);
                setBusy(false);
                showPlan();
              });
}

void ImportDialog::showPlan() {
  filling_ = true;
  table_->setRowCount(0);
  if (!plan_.ok()) {
    status_->setText(q(plan_.error));
    filling_ = false;
    setDatabase(database_);
    Q_EMIT previewReady(0);
    return;
  }
  std::size_t warnings = 0;
  QStringList notes;
  for (std::size_t f = 0; f < plan_.files.size(); ++f) {
    const RunBatch& batch = plan_.files[f].batch;
    warnings += batch.warnings.size();
    for (const std::string& n : batch.notes) notes << q(n);
    for (std::size_t r = 0; r < batch.runs.size(); ++r) {
      const Run& run = batch.runs[r];
      const int row = table_->rowCount();
      table_->insertRow(row);
      for (int c = 0; c < kColumnCount; ++c) {
        QString text;
        const Column& col = kColumns[c];
        if (col.field) text = q(runFieldText(run, col.field).value_or(""));
        else if (c == 0) text = shownName(paths_, q(batch.file));
        else if (c == 6) text = run.ratio ? q(formatNumber(*run.ratio)) : QString();
        else if (c == 8) text = QString::number(run.metrics.size());
        else if (c == 9 && !batch.warnings.empty())
          text = shownWarning(batch.warnings.front(), batch.file) +
                 (batch.warnings.size() > 1 ? QStringLiteral(" (+%1 more)").arg(batch.warnings.size() - 1) : QString());
        auto* item = new QTableWidgetItem(text);
        if (!col.field) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
        if (c == 0) {
          item->setData(Qt::UserRole, static_cast<qulonglong>(f));
          item->setData(Qt::UserRole + 1, static_cast<qulonglong>(r));
          item->setToolTip(q(batch.file));
        }
        if (c == 9 && !batch.warnings.empty()) {
          QStringList all;
          for (const std::string& w : batch.warnings) all << q(w);
          item->setToolTip(all.join(QLatin1Char('\n')));
        }
        table_->setItem(row, c, item);
      }
    }
  }
  table_->resizeColumnsToContents();
  filling_ = false;
  status_->setText(QStringLiteral("%1 runs from %2 files%3%4. Edit a cell to correct a run field.")
                       .arg(plan_.runCount())
                       .arg(plan_.files.size())
                       .arg(warnings ? QStringLiteral(", %1 warnings").arg(warnings) : QString())
                       .arg(notes.isEmpty() ? QString() : QStringLiteral("; ") + notes.join(QStringLiteral("; "))));
  setDatabase(database_);
  Q_EMIT previewReady(static_cast<int>(plan_.runCount()));
}

void ImportDialog::onCellEdited(QTableWidgetItem* item) {
  if (filling_ || !kColumns[item->column()].field) return;
  const QTableWidgetItem* key = table_->item(item->row(), 0);
  const auto f = key->data(Qt::UserRole).toULongLong(), r = key->data(Qt::UserRole + 1).toULongLong();
  const char* field = kColumns[item->column()].field;
  const std::string why = editPlannedRun(plan_, f, r, field, item->text().toStdString());
  if (!why.empty()) status_->setText(QStringLiteral("%1: %2").arg(QLatin1String(field), q(why)));
  // Show what is now planned (the value as read back, the re-derived ratio),
  // or the old value when the edit was refused.
  const Run& run = plan_.files[f].batch.runs[r];
  filling_ = true;
  item->setText(q(runFieldText(run, field).value_or("")));
  table_->item(item->row(), 6)->setText(run.ratio ? q(formatNumber(*run.ratio)) : QString());
  table_->resizeColumnToContents(6);
  filling_ = false;
}

void ImportDialog::setBusy(bool busy) {
  progress_->setVisible(busy);
  if (busy) progress_->setRange(0, 0);
  import_->setEnabled(!busy && plan_.ok() && !plan_.files.empty() && !database_.isEmpty());
  table_->setEnabled(!busy);
}

void ImportDialog::startImport() {
  if (database_.isEmpty() || !plan_.ok() || plan_.files.empty()) return;
  setBusy(true);
  progress_->setRange(0, static_cast<int>(plan_.files.size()));
  status_->setText(QStringLiteral("Importing into %1…").arg(database_));
  // The store opens in the worker: a connection belongs to the thread that opened it.
  writer_.run(
      [plan = plan_, db = database_.toStdString()](const LatestJob<QString>::Cancelled&, const LatestJob<QString>::Progress& report) -> QString {
        std::string error;
        auto store = ExperimentStore::open(db, error);
        if (!store) return QLatin1Char('!') + q(error);
        ImportSummary total;
        const auto e = executeImport(plan, *store, total, nullptr, [&](int done, int) { report(done); });
        if (e) return QLatin1Char('!') + q(e->text());
        return QStringLiteral("%1 runs added (%2 already stored), %3 metrics added")
            .arg(total.runs_added)
            .arg(total.runs_existing)
            .arg(total.metrics_added);
      },
      [this](const QString& result) {
        setBusy(false);
        if (result.startsWith(QLatin1Char('!'))) {
          status_->setText(result.mid(1));
          Q_EMIT failed(result.mid(1));
          return;
        }
        status_->setText(result);
        Q_EMIT imported(database_, result);
        accept();
      },
      [this](int done) { progress_->setValue(done); });
}

void ImportDialog::reject() {
  // Half an import is never left behind: the write finishes (its one
  // transaction per file), then the dialog can close.
  if (writer_.busy()) {
    status_->setText(QStringLiteral("Importing into %1… (the dialog closes when it is done)").arg(database_));
    return;
  }
  QDialog::reject();
}

}  // namespace rs::ui
