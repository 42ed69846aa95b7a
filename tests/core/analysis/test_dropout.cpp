// Dropout points (core/analysis/dropout.h) and their ranking by category on
// curves with known answers.
#include <QTest>
#include <cmath>
#include <functional>

#include "core/analysis/dropout.h"

using namespace rs;
using namespace rs::analysis;

namespace {
std::vector<double> linspace(double a, double b, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(a + (b - a) * i / (n - 1));
  return v;
}
Curve curve(const std::function<double(double)>& f, double se, const std::string& metric = "mmlu") {
  Curve c;
  c.series = "m · magnitude";
  c.metric = metric;
  for (double r : linspace(0, 0.9, 10)) c.points.push_back({r, f(r), se, 1});
  return c;
}
double logisticAcc(double r) { return 0.25 + 0.45 / (1 + std::exp((r - 0.5) / 0.05)); }
}  // namespace

class TestDropout : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void dropoutAtChance() {
    // Lower 95% bound reaches chance where 0.45/(1 + e^z) = 1.96·0.01:
    // z = ln(0.45/0.0196 − 1) → r = 0.5 + 0.05 z ≈ 0.6545, between 0.6 and 0.7.
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    const Dropout d = findDropout(curve(logisticAcc, 0.01), mmlu, {});
    QVERIFY(d.status == Dropout::Status::Dropped);
    QCOMPARE(d.ci_low, 0.6);
    QCOMPARE(d.ci_high, 0.7);
    QVERIFY(d.ratio > 0.6 && d.ratio < 0.7);
    QCOMPARE(d.criterion, std::string("chance"));
    QVERIFY(QString::fromStdString(d.explanation).contains(QStringLiteral("chance (0.25)")));
  }

  void dropoutByHeadroom() {
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    DropoutCriterion half{DropoutCriterion::Kind::Headroom, 0, 0.5};
    const Dropout d = findDropout(curve(logisticAcc, 0.01), mmlu, half);
    QVERIFY(d.status == Dropout::Status::Dropped);
    QVERIFY2(std::fabs(d.ratio - 0.5) < 0.005, qPrintable(QString::number(d.ratio)));  // the logistic's midpoint
    QCOMPARE(d.criterion, std::string("headroom:0.5"));
    // A margin above chance drops earlier, and the explanation names the threshold used.
    DropoutCriterion margin;
    margin.margin = 0.05;
    const Dropout m = findDropout(curve(logisticAcc, 0.01), mmlu, margin);
    QVERIFY(m.status == Dropout::Status::Dropped);
    QVERIFY(m.ratio < findDropout(curve(logisticAcc, 0.01), mmlu, {}).ratio);
    QVERIFY2(QString::fromStdString(m.explanation).contains(QStringLiteral("chance + 0.05 (0.25 + 0.05 = 0.3)")), m.explanation.c_str());
  }

  void dropoutEdgeCases() {
    TaskInfo piqa{"piqa", 0.5, TaskCategory::Commonsense, false};
    const Dropout never = findDropout(curve([](double r) { return 0.8 - 0.1 * r; }, 0.01, "piqa"), piqa, {});
    QVERIFY(never.status == Dropout::Status::Never);
    QVERIFY(QString::fromStdString(never.explanation).contains(QStringLiteral("largest measured ratio")));
    const Dropout start = findDropout(curve([](double) { return 0.5; }, 0.01, "piqa"), piqa, {});
    QVERIFY(start.status == Dropout::Status::AtChanceFromStart);
    Curve noSe = curve([](double r) { return 0.8 - 0.3 * r; }, 0, "piqa");
    for (auto& p : noSe.points) p.se.reset();
    QVERIFY(findDropout(noSe, piqa, {}).status == Dropout::Status::NoUncertainty);
    // Categories rank by mean dropout ratio.
    TaskInfo mmlu{"mmlu", 0.25, TaskCategory::Knowledge, false};
    const auto ranked = rankCategories({findDropout(curve(logisticAcc, 0.01), mmlu, {}), never});
    QCOMPARE(ranked.size(), std::size_t(2));
    QVERIFY(ranked[0].category == TaskCategory::Knowledge && ranked[0].dropped == 1);
    QVERIFY(ranked[1].category == TaskCategory::Commonsense && ranked[1].never == 1);
  }
};

QTEST_APPLESS_MAIN(TestDropout)
#include "test_dropout.moc"
