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
#include "ui/jobs/latest_job.h"
#include "core/analysis/native_frontier.h"
#include "core/model/provenance.h"
#include "core/model/task_catalog.h"
#include "core/model/text_table.h"

class QComboBox;
class QTreeWidget;

namespace rs::ui {

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
  const std::vector<analysis::Comparison>& comparisons() const { return comparisons_; }
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

 private:
  // More compressed runs than this are not listed (a tree of thousands helps no one).
  static constexpr int kMaxComparisons = 400;
  struct Outcome {
    std::size_t compressed = 0;
    std::vector<analysis::Comparison> comparisons;
  };
  void refresh();
  void showChecks(std::size_t compressed);
  QComboBox* budget_;
  QTreeWidget* tree_;
  TableCopier* copier_;
  std::shared_ptr<const std::vector<Run>> all_;
  std::shared_ptr<const std::vector<Run>> visible_ = std::make_shared<const std::vector<Run>>();
  TaskCatalog tasks_;
  std::vector<analysis::Comparison> comparisons_;
  std::shared_ptr<const analysis::NativeFrontier> frontier_;
  LatestJob<Outcome> job_{this};
  bool pending_ = false;
};

}  // namespace rs::ui
