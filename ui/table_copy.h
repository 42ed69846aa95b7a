#pragma once
// Copying and exporting a panel's table as LaTeX, CSV or Markdown: a
// "Copy table" button with a menu (Copy as LaTeX / CSV / Markdown, Export…),
// and Ctrl+C on the table's view copying the whole table as LaTeX (not the
// one cell Qt's views copy). The text itself comes from the core's table
// functions (fit_table.h, fairness_table.h), the same as the CLI prints.

#include <QJsonObject>
#include <QObject>
#include <functional>
#include <string>

#include "core/model/provenance.h"
#include "core/model/text_table.h"

class QAbstractItemView;
class QToolButton;

namespace rs::ui {

class TableCopier : public QObject {
  Q_OBJECT
 public:
  // The table in a format, with its caption; empty when there is none.
  using Producer = std::function<std::string(TableFormat)>;
  TableCopier(QAbstractItemView* view, Producer producer, QObject* parent = nullptr);

  QToolButton* button() const { return button_; }
  // The record of what made the table (core/model/provenance.h), for the
  // sidecar an export writes beside the file; one without a command: none.
  using ProvenanceProducer = std::function<TableProvenance()>;
  void setProvenance(ProvenanceProducer provenance) { provenance_ = std::move(provenance); }

  // Puts the table on the clipboard; false when there is no table.
  bool copy(TableFormat format);
  // Writes the table to `path` in the format its suffix names (.tex, .csv,
  // .md), and beside it the record of what made it (TABLE.json, listing
  // each format written, as a figure's sidecar does: a CSV has no comments
  // to carry it); on failure returns false with the reason in `error`.
  // `note`, when given, says what the sidecar stopped listing.
  bool exportTo(const QString& path, QString* error = nullptr, QString* note = nullptr);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void exportWithDialog();
  QAbstractItemView* view_;
  Producer producer_;
  ProvenanceProducer provenance_;
  QToolButton* button_;
};

}  // namespace rs::ui
