#pragma once
// The fairness panel: every plotted compressed run against the native model
// of closest budget, each check as a pass / warn / fail / unknown badge with
// its explanation and evidence on hover. The checks copy and export as a
// LaTeX, CSV or Markdown table (table_copy.h), the same text as
// `ratioscope-cli analyze --format`.

#include <QWidget>
#include <memory>
#include <vector>

#include "core/analysis/analysis_report.h"
#include "core/analysis/fairness.h"
#include "core/analysis/native_frontier.h"
#include "core/model/provenance.h"
#include "core/model/task_catalog.h"
#include "core/model/text_table.h"
#include "ui/session/session_state.h"

class QComboBox;
class QTreeWidget;

namespace rs::ui {

class Session;
class TableCopier;

class FairnessPanel : public QWidget {
  Q_OBJECT
 public:
  explicit FairnessPanel(QWidget* parent = nullptr);
  // `frontier` predicts native baselines where no measured one is near (may be null).
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible, const TaskCatalog& tasks,
                  std::shared_ptr<const analysis::NativeFrontier> frontier = nullptr);
  // The same without a copy of the plotted runs (the plot shares its list).
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible, const TaskCatalog& tasks,
                  std::shared_ptr<const analysis::NativeFrontier> frontier = nullptr);
  QTreeWidget* tree() const { return tree_; }
  QComboBox* budgetBox() const { return budget_; }
  // Asks `session` for the checks and shows them when it publishes them.
  void follow(Session* session);
  // The session's checks, when they are the ones asked for last.
  void showSession(const SessionSnapshot& state);
  const std::vector<analysis::Comparison>& comparisons() const;
  TableCopier* tableCopier() const { return copier_; }
  // True while the checks are computed in the background.
  bool pending() const { return pending_; }
  // The checks as a table with its caption (fairness_table.h); empty when
  // there are none.
  std::string tableText(TableFormat format) const;
  // What made the table: the panel, the runs' files with their hashes, the
  // analysis options and the plotted runs checked.
  TableProvenance tableProvenance() const;

 Q_SIGNALS:
  void ready();  // the checks of the plotted runs are in
  void checksWanted(const rs::ui::FairnessRequest& request);  // for the session ("" key: none)

 private:
  // More compressed runs than this are not listed (a tree of thousands helps no one).
  static constexpr int kMaxComparisons = 400;
  void refresh();
  void showChecks(std::size_t compressed);
  QComboBox* budget_;
  QTreeWidget* tree_;
  TableCopier* copier_;
  std::shared_ptr<const std::vector<Run>> all_;
  std::shared_ptr<const std::vector<Run>> visible_ = std::make_shared<const std::vector<Run>>();
  TaskCatalog tasks_;
  std::shared_ptr<const FairnessResult> shown_;  // the session's, as asked for last
  std::string wantedKey_;
  int requests_ = 0;
  std::shared_ptr<const analysis::NativeFrontier> frontier_;
  bool pending_ = false;
};

}  // namespace rs::ui
