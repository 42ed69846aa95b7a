#include "ui/table_copy.h"

#include "core/model/provenance_json.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QToolButton>

#include "ui/figure/figure_provenance.h"

namespace rs::ui {

TableCopier::TableCopier(QAbstractItemView* view, Producer producer, QObject* parent)
    : QObject(parent), view_(view), producer_(std::move(producer)) {
  button_ = new QToolButton;
  button_->setObjectName(QStringLiteral("copyTableButton"));
  button_->setText(QStringLiteral("Copy table"));
  button_->setToolTip(QStringLiteral("Copy or export the table as LaTeX (booktabs), CSV or Markdown; Ctrl+C on the table copies it as LaTeX"));
  button_->setPopupMode(QToolButton::InstantPopup);
  auto* menu = new QMenu(button_);
  for (const auto& [label, format] : {std::pair{"Copy as LaTeX", TableFormat::Latex}, {"Copy as CSV", TableFormat::Csv},
                                      {"Copy as Markdown", TableFormat::Markdown}})
    menu->addAction(QLatin1String(label), this, [this, format = format] { copy(format); })
        ->setObjectName(QStringLiteral("copyAs_") + QLatin1String(tableFormatId(format)));
  menu->addSeparator();
  menu->addAction(QStringLiteral("Export table…"), this, &TableCopier::exportWithDialog)->setObjectName(QStringLiteral("exportTable"));
  button_->setMenu(menu);
  view_->installEventFilter(this);
}

bool TableCopier::copy(TableFormat format) {
  const std::string text = producer_(format);
  if (text.empty()) return false;
  QApplication::clipboard()->setText(QString::fromStdString(text));
  return true;
}

bool TableCopier::exportTo(const QString& path, QString* error, QString* note) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  const std::optional<TableFormat> format = suffix == QLatin1String("tex")  ? std::optional(TableFormat::Latex)
                                            : suffix == QLatin1String("csv") ? std::optional(TableFormat::Csv)
                                            : suffix == QLatin1String("md")  ? std::optional(TableFormat::Markdown)
                                                                             : std::nullopt;
  const auto failWith = [&](const QString& why) {
    if (error) *error = why;
    return false;
  };
  if (!format) return failWith(QStringLiteral("%1: the name must end in .tex, .csv or .md (the table's format)").arg(path));
  const std::string text = producer_(*format);
  if (text.empty()) return failWith(QStringLiteral("There is no table to export."));
  QSaveFile file(path);  // all or nothing: a failed write leaves any old file as it was
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit())
    return failWith(QStringLiteral("%1: %2").arg(path, file.errorString()));
  const TableProvenance made = provenance_ ? provenance_() : TableProvenance();
  if (const QJsonObject record = made.command.empty() ? QJsonObject() : provenanceToJson(made); !record.isEmpty()) {
    QString said;
    const QJsonObject output{{QStringLiteral("file"), QFileInfo(path).fileName()}, {QStringLiteral("format"), QLatin1String(tableFormatId(*format))}};
    if (const QString why = writeSidecar(path, record, output, said); !why.isEmpty()) return failWith(why);
    if (note) *note = said;
  }
  return true;
}

void TableCopier::exportWithDialog() {
  const QString path = QFileDialog::getSaveFileName(view_, QStringLiteral("Export table"), QString(),
                                                    QStringLiteral("LaTeX (*.tex);;CSV (*.csv);;Markdown (*.md)"));
  if (path.isEmpty()) return;
  QString why, note;
  if (!exportTo(path, &why, &note)) QMessageBox::warning(view_, QStringLiteral("Export table"), why);
  else if (!note.isEmpty()) QMessageBox::information(view_, QStringLiteral("Export table"), note);
}

bool TableCopier::eventFilter(QObject* watched, QEvent* event) {
  // Claim Ctrl+C before the view does (it would copy the current cell).
  if (watched == view_ && (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) &&
      static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
    event->accept();
    if (event->type() == QEvent::KeyPress) copy(TableFormat::Latex);
    return true;
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace rs::ui
