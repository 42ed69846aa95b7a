#include "ui/run_tree_model.h"

#include <functional>
#include <map>

#include "core/model/axes.h"
#include "core/model/run_fields.h"

namespace rs::ui {

struct RunTreeModel::Node {
  QString name;
  Node* parent = nullptr;
  int row = 0;
  const Run* run = nullptr;  // set on leaves
  std::vector<std::unique_ptr<Node>> children;

  Node* child(const QString& childName) {
    for (auto& c : children)
      if (!c->run && c->name == childName) return c.get();
    return add(childName, nullptr);
  }
  Node* add(const QString& childName, const Run* r) {
    auto n = std::make_unique<Node>();
    n->name = childName;
    n->parent = this;
    n->row = static_cast<int>(children.size());
    n->run = r;
    children.push_back(std::move(n));
    return children.back().get();
  }
  int runs = 0;  // under this node, counted once the tree is built
  int countRuns() {
    if (run) return runs = 1;
    runs = 0;
    for (const auto& c : children) runs += c->countRuns();
    return runs;
  }
};

namespace {
QString text(const std::optional<double>& v, int precision = 4) {
  return v ? QString::number(*v, 'g', precision) : QString();
}
QString runLabel(const Run& r) {
  if (r.isDense()) return QStringLiteral("dense") + (r.seed ? QStringLiteral(" · seed %1").arg(*r.seed) : QString());
  QString label = QStringLiteral("r = %1").arg(axisValue(r, Axis::Ratio).value_or(0), 0, 'f', 3);
  if (r.bits && *r.bits < 16) label += QStringLiteral(" · %1 bit").arg(*r.bits);
  if (r.seed) label += QStringLiteral(" · seed %1").arg(*r.seed);
  return label;
}
}  // namespace

RunTreeModel::RunTreeModel(QObject* parent) : QAbstractItemModel(parent), root_(std::make_unique<Node>()) {}
RunTreeModel::~RunTreeModel() = default;

void RunTreeModel::setRuns(RunList runs) {
  beginResetModel();
  runs_ = std::move(runs);
  root_ = std::make_unique<Node>();
  if (runs_) {
    for (const Run& r : *runs_) {
      Node* family = root_->child(r.family.empty() ? QStringLiteral("(no family)") : QString::fromStdString(r.family));
      Node* model = family->child(QString::fromStdString(r.model));
      Node* method = model->child(QString::fromStdString(r.method));
      method->add(runLabel(r), &r);
    }
  }
  root_->countRuns();
  endResetModel();
}

void RunTreeModel::setMetric(const QString& metric) {
  if (metric == metric_) return;
  metric_ = metric;
  Q_EMIT headerDataChanged(Qt::Horizontal, MetricValue, MetricValue);
  // Only the metric column's values change: say so level by level, which
  // keeps selection, expansion and the filter proxy's mapping intact.
  std::function<void(const QModelIndex&)> refresh = [&](const QModelIndex& parent) {
    const int rows = rowCount(parent);
    if (rows == 0) return;
    Q_EMIT dataChanged(index(0, MetricValue, parent), index(rows - 1, MetricValue, parent), {Qt::DisplayRole, SortRole});
    for (int r = 0; r < rows; ++r) refresh(index(r, 0, parent));
  };
  refresh({});
}

RunTreeModel::Node* RunTreeModel::node(const QModelIndex& index) const {
  return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

const Run* RunTreeModel::runAt(const QModelIndex& index) const { return index.isValid() ? node(index)->run : nullptr; }

QModelIndex RunTreeModel::indexOfRun(qint64 runId) const {
  for (const auto& f : root_->children)
    for (const auto& m : f->children)
      for (const auto& me : m->children)
        for (const auto& leaf : me->children)
          if (leaf->run && leaf->run->id == runId) return createIndex(leaf->row, 0, leaf.get());
  return {};
}

QModelIndex RunTreeModel::index(int row, int column, const QModelIndex& parent) const {
  Node* p = node(parent);
  if (row < 0 || row >= static_cast<int>(p->children.size()) || column < 0 || column >= ColumnCount) return {};
  return createIndex(row, column, p->children[static_cast<std::size_t>(row)].get());
}

QModelIndex RunTreeModel::parent(const QModelIndex& child) const {
  if (!child.isValid()) return {};
  Node* p = node(child)->parent;
  if (!p || p == root_.get()) return {};
  return createIndex(p->row, 0, p);
}

int RunTreeModel::rowCount(const QModelIndex& parent) const {
  if (parent.isValid() && parent.column() != 0) return 0;
  return static_cast<int>(node(parent)->children.size());
}

int RunTreeModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant RunTreeModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const Node* n = node(index);
  const Run* r = n->run;
  if (role == RunIdRole) return r ? QVariant(static_cast<qint64>(r->id)) : QVariant(qint64(0));
  if (role == Qt::ToolTipRole && r)
    return QStringLiteral("%1\nfrom %2").arg(QString::fromStdString(r->key), QString::fromStdString(r->source.text()));
  if (role == Qt::TextAlignmentRole && index.column() != Name) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == SortRole) return sortValue(index.column(), n);
  if (role != Qt::DisplayRole) return {};
  if (!r) {
    if (index.column() == Name) return QStringLiteral("%1  (%2)").arg(n->name).arg(n->runs);
    return {};
  }
  switch (index.column()) {
    case Name: return n->name;
    case Ratio: return text(axisValue(*r, Axis::Ratio), 3);
    case Bits: return text(axisValue(*r, Axis::Bits), 3);
    case KeptParams: return text(axisValue(*r, Axis::Params), 3);
    case Seed: return r->seed ? QVariant(static_cast<qlonglong>(*r->seed)) : QVariant();
    case MetricValue: {
      const Metric* m = r->metric(metric_.toStdString());
      if (!m) return {};
      QString s = QString::number(m->value, 'g', 4);
      if (m->std_error) s += QStringLiteral(" ± ") + QString::number(*m->std_error, 'g', 2);
      return s;
    }
  }
  return {};
}

QVariant RunTreeModel::sortValue(int column, const Node* n) const {
  // Numbers sort as numbers ("10" after "9"), without parsing the text shown.
  const Run* r = n->run;
  if (column == Name || !r) return n->name;
  const auto number = [](std::optional<double> v) { return v ? QVariant(*v) : QVariant(); };
  switch (column) {
    case Ratio: return number(axisValue(*r, Axis::Ratio));
    case Bits: return number(axisValue(*r, Axis::Bits));
    case KeptParams: return number(axisValue(*r, Axis::Params));
    case Seed: return r->seed ? QVariant(static_cast<double>(*r->seed)) : QVariant();
    case MetricValue: {
      const Metric* m = r->metric(metric_.toStdString());
      return m ? QVariant(m->value) : QVariant();
    }
  }
  return {};
}

QVariant RunTreeModel::headerData(int section, Qt::Orientation o, int role) const {
  if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Name: return QStringLiteral("Run");
    case Ratio: return QStringLiteral("Ratio");
    case Bits: return QStringLiteral("Bits");
    case KeptParams: return QStringLiteral("Kept params");
    case Seed: return QStringLiteral("Seed");
    case MetricValue: return metric_.isEmpty() ? QStringLiteral("Metric") : metric_;
  }
  return {};
}

RunFilterProxy::RunFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setRecursiveFilteringEnabled(true);
  setAutoAcceptChildRows(true);
  setSortRole(RunTreeModel::SortRole);
}

void RunFilterProxy::setFilter(const RunFilter& filter) {
  filter_ = filter;
  invalidateFilter();
}

bool RunFilterProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
  if (filter_.isEmpty()) return true;
  auto* tree = static_cast<RunTreeModel*>(sourceModel());
  const QModelIndex index = tree->index(row, 0, parent);
  if (const Run* r = tree->runAt(index)) return filter_.acceptsRun(*r);
  QString name = tree->data(index, Qt::DisplayRole).toString();
  name = name.left(name.lastIndexOf(QStringLiteral("  (")));
  return filter_.acceptsGroupName(name);
}

QVariant RunFilterProxy::data(const QModelIndex& index, int role) const {
  const QVariant value = QSortFilterProxyModel::data(index, role);
  auto* tree = static_cast<RunTreeModel*>(sourceModel());
  if (role != Qt::DisplayRole || index.column() != RunTreeModel::Name || filter_.isEmpty() || tree->runAt(mapToSource(index))) return value;
  // Runs under this group that the filter shows.
  std::function<int(const QModelIndex&)> shown = [&](const QModelIndex& parent) {
    int n = 0;
    for (int row = 0; row < rowCount(parent); ++row) {
      const QModelIndex child = this->index(row, 0, parent);
      n += tree->runAt(mapToSource(child)) ? 1 : shown(child);
    }
    return n;
  };
  const QString text = value.toString();
  const int open = text.lastIndexOf(QStringLiteral("  ("));
  if (open < 0 || !text.endsWith(QLatin1Char(')'))) return value;
  const int all = text.mid(open + 3).chopped(1).toInt();
  const int visible = shown(index);
  if (visible == all) return value;
  return text.left(open) + QStringLiteral("  (%1 of %2)").arg(visible).arg(all);
}

bool RunFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  // Numeric columns sort by value (RunTreeModel::SortRole), runs without
  // one last; names as text.
  const QVariant l = left.data(RunTreeModel::SortRole), r = right.data(RunTreeModel::SortRole);
  const bool numL = l.typeId() == QMetaType::Double, numR = r.typeId() == QMetaType::Double;
  if (numL && numR) return l.toDouble() < r.toDouble();
  if (numL != numR) return numL;
  return QSortFilterProxyModel::lessThan(left, right);
}

}  // namespace rs::ui
