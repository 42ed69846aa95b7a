// The run browser's tree (ui/run_tree_model): family > model > method > runs
// with their columns, group counts, and the filter proxy's "(k of n)" and
// numeric sorting. QAbstractItemModelTester checks the model's contract.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "ui/run_tree_model.h"

using namespace rs;
using namespace rs::ui;

namespace {
Run run(std::int64_t id, const std::string& model, const std::string& method, std::optional<double> ratio, std::optional<double> bits,
        double loss, std::optional<double> stderr_ = {}) {
  Run r;
  r.id = id;
  r.family = "llama";
  r.model = model;
  r.method = method;
  r.params = 7e9;
  r.ratio = ratio;
  r.bits = bits;
  r.seed = 1;
  r.key = model + "/" + method + "/" + std::to_string(id);
  r.metrics.push_back(Metric("loss", loss, stderr_));
  return r;
}
QString display(const QAbstractItemModel& m, const QModelIndex& i, int column = 0) {
  return m.data(m.index(i.row(), column, i.parent()), Qt::DisplayRole).toString();
}
}  // namespace

class TestRunTreeModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void buildsFamilyModelMethodRuns() {
    auto runs = std::make_shared<const std::vector<Run>>(std::vector<Run>{
        run(1, "llama-7b", "dense", std::nullopt, std::nullopt, 2.0, 0.01), run(2, "llama-7b", "rtn", 0.75, 4, 2.5),
        run(3, "llama-7b", "rtn", 0.8125, 3, 3.25), run(4, "llama-13b", "dense", std::nullopt, std::nullopt, 1.9)});
    RunTreeModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setRuns(runs);
    m.setMetric(QStringLiteral("loss"));
    QCOMPARE(m.rowCount(), 1);
    const QModelIndex family = m.index(0, 0);
    QCOMPARE(display(m, family), QStringLiteral("llama  (4)"));
    QCOMPARE(m.rowCount(family), 2);
    const QModelIndex sevenB = m.index(0, 0, family);
    QCOMPARE(display(m, sevenB), QStringLiteral("llama-7b  (3)"));
    const QModelIndex rtn = m.index(1, 0, sevenB);
    QCOMPARE(display(m, rtn), QStringLiteral("rtn  (2)"));
    QCOMPARE(m.data(rtn, RunTreeModel::RunIdRole).toLongLong(), 0);  // a group row
    const QModelIndex fourBit = m.index(0, 0, rtn);
    QCOMPARE(display(m, fourBit), QStringLiteral("r = 0.750 · 4 bit · seed 1"));
    QCOMPARE(display(m, fourBit, RunTreeModel::Ratio), QStringLiteral("0.75"));
    QCOMPARE(display(m, fourBit, RunTreeModel::Bits), QStringLiteral("4"));
    QCOMPARE(display(m, fourBit, RunTreeModel::MetricValue), QStringLiteral("2.5"));
    QCOMPARE(m.data(fourBit, RunTreeModel::RunIdRole).toLongLong(), 2);
    const QModelIndex dense = m.index(0, 0, m.index(0, 0, sevenB));
    QCOMPARE(display(m, dense), QStringLiteral("dense · seed 1"));
    QCOMPARE(display(m, dense, RunTreeModel::MetricValue), QStringLiteral("2 ± 0.01"));
    QCOMPARE(m.headerData(RunTreeModel::MetricValue, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("loss"));
    // indexOfRun and runAt agree.
    QCOMPARE(m.runAt(m.indexOfRun(3))->id, 3);
    QVERIFY(!m.indexOfRun(99).isValid());
    // Another metric: runs without it show nothing, not 0.
    m.setMetric(QStringLiteral("arc_easy"));
    QCOMPARE(display(m, fourBit, RunTreeModel::MetricValue), QString());
  }
  void proxyFiltersCountsAndSortsByNumber() {
    std::vector<Run> list;
    for (int i = 0; i < 11; ++i) list.push_back(run(i + 1, "m", "rtn", 0.05 * i, 16 - i, 1.0 + i));
    RunTreeModel m;
    m.setRuns(std::make_shared<const std::vector<Run>>(list));
    RunFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunFilter filter;
    QCOMPARE(filter.parse(QStringLiteral("bits<=8")), QString());  // bits 16..6: 8, 7, 6 pass
    proxy.setFilter(filter);
    const QModelIndex method = proxy.index(0, 0, proxy.index(0, 0, proxy.index(0, 0)));
    QCOMPARE(proxy.data(method, Qt::DisplayRole).toString(), QStringLiteral("rtn  (3 of 11)"));
    QCOMPARE(proxy.rowCount(method), 3);
    // Numeric columns sort by value: bits 6, 7, 8 (as text "6" < "7" < "8"
    // too), and with every run shown 10 after 9 (as text "10" < "9").
    proxy.setFilter(RunFilter());
    proxy.sort(RunTreeModel::Bits, Qt::AscendingOrder);
    const QModelIndex all = proxy.index(0, 0, proxy.index(0, 0, proxy.index(0, 0)));
    QStringList bits;
    for (int row = 0; row < proxy.rowCount(all); ++row) bits << proxy.index(row, RunTreeModel::Bits, all).data().toString();
    QCOMPARE(bits, QStringList({"6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"}));
  }
};

QTEST_MAIN(TestRunTreeModel)
#include "test_run_tree_model.moc"
