// Run fields: parsing and validation rules shared by every importer.
#include <QTest>

#include "core/model/axes.h"
#include "core/model/compact_number.h"
#include "core/model/run_fields.h"
#include "core/model/selection.h"

using namespace rs;

class TestRunFields : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void parsesStrictNumbers() {
    QCOMPARE(parseFiniteNumber(" 1e9 ").value(), 1e9);
    QCOMPARE(parseFiniteNumber("+0.25").value(), 0.25);
    for (const char* bad : {"", "nan", "inf", "-inf", "1,5", "7B", "0x10", "1.2.3"})
      QVERIFY2(!parseFiniteNumber(bad), bad);
  }
  void writesCompactNumbers() {
    QCOMPARE(compactNumber(88500), std::string("88.5k"));
    QCOMPARE(compactNumber(7e9), std::string("7B"));
    QCOMPARE(compactNumber(1.4e12), std::string("1.4T"));
    QCOMPARE(compactNumber(512), std::string("512"));
    QCOMPARE(compactNumber(0.25), std::string("0.25"));
    QCOMPARE(compactNumber(-2.5e6), std::string("-2.5M"));
    // Values that round up at three digits move to the next unit.
    QCOMPARE(compactNumber(999.7), std::string("1k"));
    QCOMPARE(compactNumber(999600), std::string("1M"));
    QCOMPARE(compactNumber(999400), std::string("999k"));
  }
  void validatesRanges() {
    Run r;
    QCOMPARE(setRunField(r, "ratio", "0.5"), std::string());
    QCOMPARE(*r.ratio, 0.5);
    QVERIFY(setRunField(r, "ratio", "1").find("out of range") != std::string::npos);
    QVERIFY(setRunField(r, "size_bytes", "-3").find("out of range") != std::string::npos);
    QVERIFY(setRunField(r, "params", "0").find("> 0") != std::string::npos);
    QVERIFY(setRunField(r, "seed", "1.5").find("not an integer") != std::string::npos);
    QVERIFY(setRunField(r, "structured", "maybe").find("true/false") != std::string::npos);
    QCOMPARE(setRunField(r, "method", "None"), std::string());
    QVERIFY(r.isDense());
  }
  void derivesAxes() {
    Run r;
    r.method = "magnitude";
    r.params = 1e9;
    r.ratio = 0.75;
    r.sparsity = 0.8;
    r.size_bytes = 5e8;
    QCOMPARE(*axisValue(r, Axis::Fold), 4.0);
    QCOMPARE(*axisValue(r, Axis::Params), 2e8);
    QCOMPARE(*axisValue(r, Axis::Bits), 4.0);  // 8 * 5e8 bytes / 1e9 params
    r.bits = 16;
    QCOMPARE(*axisValue(r, Axis::Bits), 16.0);  // the format's own bits win
    Run lowRank;
    lowRank.method = "lowrank";
    lowRank.params = 1e9;
    lowRank.rank = 64;
    QVERIFY(!axisValue(lowRank, Axis::Params));  // unknown, not guessed
    QVERIFY(!axisValue(lowRank, Axis::Ratio));
    Run dense;
    QCOMPARE(*axisValue(dense, Axis::Ratio), 0.0);
  }
  void selectsRuns() {
    Condition c;
    QCOMPARE(parseCondition("ratio<=0.5", c), std::string());
    QCOMPARE(c.field, std::string("ratio"));
    QVERIFY(c.op == Condition::Op::LessEqual);
    Run r;
    r.method = "rtn";
    r.ratio = 0.5;
    QVERIFY(c.matches(r));
    QCOMPARE(parseCondition("method=rtn", c), std::string());
    QVERIFY(c.matches(r));
    QCOMPARE(parseCondition("ratio=0.50", c), std::string());
    QVERIFY(c.matches(r));  // numbers compare by value
    QVERIFY(parseCondition("colour=red", c).find("unknown field 'colour'") != std::string::npos);
    QVERIFY(parseCondition("colour=red", c).find("tokens_per_param") != std::string::npos);  // named among the known fields
    QVERIFY(parseCondition("ratio>abc", c).find("not a number") != std::string::npos);
    QVERIFY(parseCondition("ratio", c).find("KEY=VALUE") != std::string::npos);
  }
  // tokens_per_param is derived (tokens / params) and equal within 1%: the
  // trials runner's 20-token budget of tf-base is 3,242,240 / 162,103 = 20.0013.
  void selectsByTokensPerParameter() {
    Run base, tenth, unrecorded;
    base.params = 162103;
    base.tokens = 3242240;
    tenth.params = 162103;
    tenth.tokens = 1621030;  // 10 per parameter
    unrecorded.params = 162103;
    auto holds = [](const char* text, const Run& r) {
      Condition c;
      if (!parseCondition(text, c).empty()) qFatal("%s does not parse", text);
      return c.matches(r);
    };
    QVERIFY(holds("tokens_per_param=20", base));
    QVERIFY(holds("tokens_per_param=19.9", base));  // within 1%
    QVERIFY(!holds("tokens_per_param=19.7", base));
    QVERIFY(!holds("tokens_per_param=20", tenth));
    QVERIFY(holds("tokens_per_param!=20", tenth));
    QVERIFY(!holds("tokens_per_param!=20", base));
    QVERIFY(holds("tokens_per_param<20", tenth));
    QVERIFY(!holds("tokens_per_param<20", base));   // 20.0013 is 20 here, not above it
    QVERIFY(!holds("tokens_per_param>20", base));
    QVERIFY(holds("tokens_per_param>=20", base));
    QVERIFY(holds("tokens_per_param<=20", base));
    QVERIFY(holds("tokens_per_param=", unrecorded));  // no tokens: no budget
    QVERIFY(!holds("tokens_per_param=20", unrecorded));
    QVERIFY(holds("tokens_per_param!=20", unrecorded));
    QVERIFY(!holds("tokens_per_param<100", unrecorded));
    Condition c;
    QVERIFY(parseCondition("tokens_per_param>many", c).find("not a number") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestRunFields)
#include "test_run_fields.moc"
