// fit's choice for a generic shape given no axis (core/fit/dense_scope.h):
// all-dense runs that differ in size are fitted along params, on the
// training budget with the most sizes; anything else is left alone.
#include <QtTest>

#include "core/fit/dense_scope.h"
#include "tests/support/fit_test_support.h"

using namespace rs;
using rs::testing::makeRun;

namespace {

// Dense runs of the given sizes at `tpp` tokens per parameter, ids from `id`.
void add(std::vector<Run>& runs, std::vector<double> sizes, double tpp, std::int64_t id) {
  for (double n : sizes) runs.push_back(makeRun(id++, "m" + std::to_string(static_cast<long long>(n)), n, tpp * n));
}

bool mentions(const fit::DenseScope& s, const char* text) {
  for (const std::string& n : s.notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

class TestDenseScope : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void oneBudgetIsFittedAlongParams() {
    std::vector<Run> runs;
    add(runs, {1e6, 2e6, 4e6}, 20, 1);
    const fit::DenseScope s = fit::denseScope(runs);
    QVERIFY(s.applies);
    QCOMPARE(s.runs.size(), std::size_t(3));
    QVERIFY(!s.tokens_per_param);
    QCOMPARE(s.notes.size(), std::size_t(1));
    QVERIFY(mentions(s, "every selected run is dense (ratio 0) and they differ in size: fitting along params (-x params)"));
  }

  void mixedBudgetsTakeTheOneWithTheMostSizes() {
    // 7 sizes at 20 (the trials runner's 20.0013 rounding), 5 at 10, 2 at 40.
    std::vector<Run> runs;
    add(runs, {1e5, 2e5, 3e5, 4e5, 5e5}, 10, 1);
    add(runs, {1e5, 2e5, 3e5, 4e5, 5e5, 6e5, 7e5}, 20.0013, 100);
    add(runs, {4e5, 5e5}, 40, 200);
    const fit::DenseScope s = fit::denseScope(runs);
    QVERIFY(s.applies);
    QCOMPARE(s.runs.size(), std::size_t(7));
    QVERIFY(std::fabs(*s.tokens_per_param - 20.0013) < 1e-9);
    for (const Run& r : s.runs) QVERIFY(r.id >= 100 && r.id < 200);
    QVERIFY2(mentions(s, "the runs mix 3 training budgets and a law in N alone describes one: fitting the 7 runs at 20 tokens per parameter "
                         "(7 sizes, the most of any budget); --where tokens_per_param=T takes another, and chinchilla fits them all in N and D"),
             s.notes.back().c_str());
  }

  void aTieGoesToTheBudgetNearestTwenty() {
    std::vector<Run> runs;
    add(runs, {1e5, 2e5, 4e5}, 80, 1);
    add(runs, {1e5, 2e5, 4e5}, 10, 10);
    const fit::DenseScope s = fit::denseScope(runs);
    QVERIFY(std::fabs(*s.tokens_per_param - 10) < 1e-9);  // |log(10/20)| < |log(80/20)|
  }

  void leavesOtherSelectionsAlone() {
    std::vector<Run> compressed;
    add(compressed, {1e6, 2e6}, 20, 1);
    compressed.push_back(makeRun(9, "m1000000", 1e6, 2e7, "magnitude", 0.5));
    QVERIFY(!fit::denseScope(compressed).applies);  // a compressed run: the ratio axis means something
    std::vector<Run> oneSize;
    add(oneSize, {1e6}, 20, 1);
    add(oneSize, {1e6}, 40, 2);
    QVERIFY(!fit::denseScope(oneSize).applies);  // nothing differs in size
  }

  void saysWhenBudgetsCannotBeToldApart() {
    std::vector<Run> runs;
    add(runs, {1e6, 2e6}, 20, 1);
    runs.push_back(makeRun(5, "m4000000", 4e6, 0));
    runs.back().tokens.reset();
    const fit::DenseScope s = fit::denseScope(runs);
    QVERIFY(s.applies);
    QCOMPARE(s.runs.size(), std::size_t(3));
    QVERIFY(mentions(s, "some runs record no pretraining tokens, so whether they share one training budget is not known: fitting them all"));
    // Every budget a single size: nothing to take, and the note says what is mixed.
    std::vector<Run> single;
    add(single, {1e6}, 20, 1);
    add(single, {2e6}, 40, 2);
    const fit::DenseScope t = fit::denseScope(single);
    QCOMPARE(t.runs.size(), std::size_t(2));
    QVERIFY(mentions(t, "the runs mix 2 training budgets and none holds two sizes"));
  }
};

QTEST_APPLESS_MAIN(TestDenseScope)
#include "test_dense_scope.moc"
