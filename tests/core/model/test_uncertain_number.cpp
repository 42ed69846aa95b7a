// The rounding rule of every table (uncertain_number.h): the error keeps two
// significant digits and the value is rounded to the same decimal place;
// no error, no ±.
#include <QTest>
#include <cmath>
#include <limits>

#include "core/model/uncertain_number.h"

using namespace rs;

class TestUncertainNumber : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundsToTheErrorsSecondDigit_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("error");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("latex");
    QTest::newRow("0.36712 ± 0.0213") << 0.36712 << 0.0213 << "0.367 ± 0.021" << "0.367 \\pm 0.021";
    QTest::newRow("406.4 ± 25.1") << 406.4 << 25.1 << "406 ± 25" << "406 \\pm 25";
    QTest::newRow("1.6934 ± 0.0042") << 1.6934 << 0.0042 << "1.6934 ± 0.0042" << "1.6934 \\pm 0.0042";
    QTest::newRow("2143 ± 1293") << 2143.0 << 1293.0 << "2100 ± 1300" << "2100 \\pm 1300";
    // An error that rounds up to the next power of ten keeps two digits of it.
    QTest::newRow("0.2834 ± 0.0996") << 0.2834 << 0.0996 << "0.28 ± 0.10" << "0.28 \\pm 0.10";
    QTest::newRow("negative") << -0.0517 << 0.0123 << "-0.052 ± 0.012" << "-0.052 \\pm 0.012";
    QTest::newRow("rounds to zero") << -0.004 << 0.31 << "0.00 ± 0.31" << "0.00 \\pm 0.31";
    QTest::newRow("trailing zeros kept") << 2.5 << 0.1 << "2.50 ± 0.10" << "2.50 \\pm 0.10";
    // Large and small magnitudes share a power of ten.
    QTest::newRow("Kaplan N_c") << 8.8e13 << 1.23e13 << "(8.8 ± 1.2) × 10^13" << "(8.8 \\pm 1.2) \\times 10^{13}";
    QTest::newRow("small") << 2.3456e-5 << 1.1e-6 << "(2.35 ± 0.11) × 10^-5" << "(2.35 \\pm 0.11) \\times 10^{-5}";
    // No error (NaN, zero, infinite, negative): the value alone, four significant digits.
    QTest::newRow("NaN error") << 1.69342 << std::numeric_limits<double>::quiet_NaN() << "1.693" << "1.693";
    QTest::newRow("zero error") << 406.4 << 0.0 << "406.4" << "406.4";
    QTest::newRow("infinite error") << 0.5 << std::numeric_limits<double>::infinity() << "0.5" << "0.5";
    QTest::newRow("negative error") << 2143.0 << -1.0 << "2143" << "2143";
    QTest::newRow("zero value, no error") << 0.0 << 0.0 << "0" << "0";
    QTest::newRow("large, no error") << 1.234567e11 << 0.0 << "1.235 × 10^11" << "1.235 \\times 10^{11}";
    QTest::newRow("NaN value") << std::numeric_limits<double>::quiet_NaN() << 0.1 << "nan" << "nan";
  }
  void roundsToTheErrorsSecondDigit() {
    QFETCH(double, value);
    QFETCH(double, error);
    QFETCH(QString, text);
    QFETCH(QString, latex);
    const UncertainNumber n = roundToError(value, error);
    QCOMPARE(QString::fromStdString(toText(n)), text);
    QCOMPARE(QString::fromStdString(toLatex(n)), latex);
  }

  void noErrorMeansNoPlusMinus() {
    QVERIFY(roundToError(1.5, std::nan("")).error.empty());
    QVERIFY(roundToError(1.5, 0).error.empty());
    QVERIFY(!roundToError(1.5, 0.1).error.empty());
  }

  void fullPrecisionReadsBack() {
    for (double v : {0.1, 1.6934, 406.4, 8.8e13, -2.345e-5, 1.0 / 3.0}) {
      const std::string s = fullPrecision(v);
      QCOMPARE(std::stod(s), v);
    }
    QCOMPARE(QString::fromStdString(fullPrecision(0.1)), QStringLiteral("0.1"));
    QCOMPARE(QString::fromStdString(fullPrecision(1.0 / 3.0)), QStringLiteral("0.3333333333333333"));
    QVERIFY(fullPrecision(std::nan("")).empty());
  }
};

QTEST_APPLESS_MAIN(TestUncertainNumber)
#include "test_uncertain_number.moc"
