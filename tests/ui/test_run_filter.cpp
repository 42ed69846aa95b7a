// The run browser's filter (ui/run_filter): words and --where conditions
// together, as "7b rtn bits<=4" reads in the window.
#include <QtTest>

#include "ui/run_filter.h"

using namespace rs;
using namespace rs::ui;

namespace {
Run run(const std::string& family, const std::string& model, const std::string& method, std::optional<double> bits = {}) {
  Run r;
  r.family = family;
  r.model = model;
  r.method = method;
  r.key = family + "/" + model + "/" + method;
  r.bits = bits;
  return r;
}
}  // namespace

class TestRunFilter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void wordsMatchNamesIgnoringCaseAndAllMustMatch() {
    RunFilter f;
    QCOMPARE(f.parse(QStringLiteral("  LLaMA   rtn ")), QString());
    QVERIFY(!f.isEmpty());
    QVERIFY(!f.hasConditions());
    QVERIFY(f.acceptsRun(run("llama", "llama-7b", "rtn")));
    QVERIFY(!f.acceptsRun(run("llama", "llama-7b", "gptq")));   // every word must match
    QVERIFY(!f.acceptsRun(run("pythia", "pythia-1b", "rtn")));
    QVERIFY(f.acceptsRun(run("opt", "llama-distilled", "rtn"))); // a word may match any name
  }
  void conditionsAreTheCliWhere() {
    RunFilter f;
    QCOMPARE(f.parse(QStringLiteral("7b bits<=4")), QString());
    QVERIFY(f.hasConditions());
    QVERIFY(f.acceptsRun(run("llama", "llama-7b", "rtn", 4)));
    QVERIFY(!f.acceptsRun(run("llama", "llama-7b", "rtn", 8)));
    QVERIFY(!f.acceptsRun(run("llama", "llama-7b", "dense")));   // no bits: fails an order test
    QVERIFY(!f.acceptsRun(run("llama", "llama-13b", "rtn", 4)));
  }
  void derivedTokensPerParameter() {
    RunFilter f;
    QCOMPARE(f.parse(QStringLiteral("tokens_per_param=20")), QString());
    Run r = run("suite", "tf-base", "dense");
    r.params = 162103;
    r.tokens = 3242240;
    QVERIFY(f.acceptsRun(r));
    r.tokens = 1621030;
    QVERIFY(!f.acceptsRun(r));
  }
  void emptyFilterAcceptsEverything() {
    RunFilter f;
    QCOMPARE(f.parse(QStringLiteral("   ")), QString());
    QVERIFY(f.isEmpty());
    QVERIFY(f.acceptsRun(run("a", "b", "c")));
    QVERIFY(!f.acceptsGroupName(QStringLiteral("anything")));  // nothing to match by name
  }
  void badConditionsSayWhy() {
    RunFilter f;
    QVERIFY(f.parse(QStringLiteral("rtn colour=red")).contains(QStringLiteral("unknown field 'colour'")));
    QVERIFY(f.parse(QStringLiteral("bits<four")).contains(QStringLiteral("not a number")));
    QVERIFY(f.parse(QStringLiteral("=4")).contains(QStringLiteral("KEY=VALUE")));
  }
  void groupRowsMatchByNameOnlyForWords() {
    RunFilter f;
    QCOMPARE(f.parse(QStringLiteral("llama 7B")), QString());
    QVERIFY(f.acceptsGroupName(QStringLiteral("Llama-7b")));
    QVERIFY(!f.acceptsGroupName(QStringLiteral("llama-13b")));
    QCOMPARE(f.parse(QStringLiteral("llama bits<=4")), QString());
    QVERIFY(!f.acceptsGroupName(QStringLiteral("llama")));  // a condition needs the runs themselves
  }
};

QTEST_APPLESS_MAIN(TestRunFilter)
#include "test_run_filter.moc"
