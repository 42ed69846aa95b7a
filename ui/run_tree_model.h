#pragma once
// The run browser's model: family > model > method > runs, with each run's
// ratio, bits, kept parameters, seed and the value of the plotted metric.
// Read-only over an immutable snapshot of runs; a filter proxy sits on top.

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>
#include <memory>
#include <vector>

#include "core/model/run.h"
#include "ui/run_filter.h"

namespace rs::ui {

using RunList = std::shared_ptr<const std::vector<Run>>;

class RunTreeModel : public QAbstractItemModel {
  Q_OBJECT
 public:
  enum Column { Name, Ratio, Bits, KeptParams, Seed, MetricValue, ColumnCount };
  static constexpr int RunIdRole = Qt::UserRole + 1;  // qint64 run id, 0 on group rows
  static constexpr int SortRole = Qt::UserRole + 2;   // a double for numeric columns, the name otherwise

  explicit RunTreeModel(QObject* parent = nullptr);
  ~RunTreeModel() override;
  void setRuns(RunList runs);
  void setMetric(const QString& metric);  // fills the MetricValue column
  const Run* runAt(const QModelIndex& index) const;
  QModelIndex indexOfRun(qint64 runId) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation o, int role) const override;

 private:
  struct Node;
  Node* node(const QModelIndex& index) const;
  QVariant sortValue(int column, const Node* n) const;
  RunList runs_;
  std::unique_ptr<Node> root_;
  QString metric_;
};

// Applies a RunFilter to the tree: runs by RunFilter::acceptsRun, groups by
// name; a group whose name matches shows all its runs.
class RunFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  explicit RunFilterProxy(QObject* parent = nullptr);
  void setFilter(const RunFilter& filter);
  const RunFilter& filter() const { return filter_; }
  // Group rows read "magnitude  (6 of 12)" while the filter hides some of their runs.
  QVariant data(const QModelIndex& index, int role) const override;

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  RunFilter filter_;
};

}  // namespace rs::ui
