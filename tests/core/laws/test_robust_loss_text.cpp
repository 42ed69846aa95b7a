// The robust loss as text (core/laws/robust_loss_text.h), the one parser the
// CLI's --robust and a project's fit.options.robust share: any case reads,
// δ reads back to the same double, and every bad text gets the one message.
#include <QtTest>
#include <limits>

#include "core/laws/robust_loss_text.h"

using namespace rs::laws;

class TestRobustLossText : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsEveryKindInAnyCase_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("delta");
    QTest::newRow("none") << "none" << int(RobustLoss::Kind::None) << 1.0;
    QTest::newRow("NONE") << "NONE" << int(RobustLoss::Kind::None) << 1.0;
    QTest::newRow("huber") << "huber:0.01" << int(RobustLoss::Kind::Huber) << 0.01;
    QTest::newRow("HUBER") << "HUBER:0.01" << int(RobustLoss::Kind::Huber) << 0.01;
    QTest::newRow("Cauchy") << "Cauchy:2.5e-3" << int(RobustLoss::Kind::Cauchy) << 0.0025;
  }
  void readsEveryKindInAnyCase() {
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(double, delta);
    RobustLoss loss{RobustLoss::Kind::Cauchy, 9};
    QCOMPARE(QString::fromStdString(parseRobustLoss(text.toStdString(), loss)), QString());
    QCOMPARE(int(loss.kind), kind);
    QCOMPARE(loss.delta, delta);
  }

  void refusesWithOneMessage_data() {
    QTest::addColumn<QString>("text");
    for (const char* bad : {"", "huber", "huber:", "huber:-1", "huber:0", "huber:abc", "huber:0.01x", "huber:inf", "cauchy:nan",
                            "l1", "l1:0.1", "none:1", "huber: 0.01"})
      QTest::newRow(bad) << QString::fromLatin1(bad);
  }
  void refusesWithOneMessage() {
    QFETCH(QString, text);
    RobustLoss loss{RobustLoss::Kind::Huber, 0.5};
    QCOMPARE(QString::fromStdString(parseRobustLoss(text.toStdString(), loss)),
             QStringLiteral("must be none, huber:DELTA or cauchy:DELTA with DELTA > 0, not '%1'").arg(text));
    QCOMPARE(int(loss.kind), int(RobustLoss::Kind::Huber));  // left as it was
    QCOMPARE(loss.delta, 0.5);
  }

  void writesWhatItReads() {
    QCOMPARE(robustLossText({}), std::string("none"));
    QCOMPARE(robustLossText({RobustLoss::Kind::Huber, 0.01}), std::string("huber:0.01"));
    QCOMPARE(robustLossText({RobustLoss::Kind::Cauchy, 1e-3}), std::string("cauchy:0.001"));
    // The shortest digits that read back to the same double, not 17 of them.
    for (double delta : {0.1, 1.0 / 3.0, 123456.789, 5e-324, std::numeric_limits<double>::max()}) {
      const RobustLoss loss{RobustLoss::Kind::Huber, delta};
      RobustLoss back;
      QCOMPARE(QString::fromStdString(parseRobustLoss(robustLossText(loss), back)), QString());
      QCOMPARE(back.delta, delta);
    }
    QCOMPARE(robustLossText({RobustLoss::Kind::Huber, 1.0 / 3.0}), std::string("huber:0.3333333333333333"));
  }
};

QTEST_MAIN(TestRobustLossText)
#include "test_robust_loss_text.moc"
