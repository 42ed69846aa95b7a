#pragma once
// The "Dropouts" dock: for every plotted compressed series, the ratio at
// which each accuracy task can no longer be told from chance (or why it has
// none), from the session's plot analysis. It copies and exports as a
// LaTeX, CSV or Markdown table with the record of what made it, the same
// text as `ratioscope-cli analyze --format`'s dropout table.

#include <QWidget>
#include <memory>
#include <string>

#include "core/model/provenance.h"
#include "core/model/text_table.h"
#include "ui/session/session_state.h"

class QLabel;
class QTreeWidget;

namespace rs::ui {

class Session;
class TableCopier;

class DropoutPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DropoutPanel(QWidget* parent = nullptr);
  // Shows the session's plot analysis each time it publishes one.
  void follow(Session* session);
  void showSession(const SessionSnapshot& state);

  QTreeWidget* tree() const { return tree_; }
  TableCopier* tableCopier() const { return copier_; }
  // Every dropout listed, series by series.
  std::vector<analysis::Dropout> dropouts() const;
  std::string tableText(TableFormat format) const;
  TableProvenance tableProvenance() const;

 private:
  QLabel* note_;
  QTreeWidget* tree_;
  TableCopier* copier_;
  std::shared_ptr<const PlotAnalysis> shown_;
};

}  // namespace rs::ui
