// The trial dialog remembers the options last run (and only those: a
// cancelled or refused dialog changes nothing), ignores remembered names this
// version does not know, and says where the runs and checkpoints go.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

#include "ui/trial_dialog.h"

using rs::ui::TrialDialog;

namespace {
template <class W>
W* child(const TrialDialog& d, const char* name) {
  W* w = d.findChild<W*>(QString::fromLatin1(name));
  if (!w) qFatal("no widget %s", name);
  return w;
}
void click(QCheckBox* box) { QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(6, box->height() / 2)); }
rs::trials::TrialOptions optionsOf(const TrialDialog& d) {
  rs::trials::TrialOptions o;
  QString why;
  if (!d.options(o, why)) qFatal("%s", qPrintable(why));
  return o;
}
}  // namespace

class TestTrialDialog : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // a settings file of the tests' own
    QCoreApplication::setOrganizationName(QStringLiteral("RatioscopeTest"));
  }
  void init() { QSettings().remove(QStringLiteral("trials")); }

  void remembersTheOptionsLastRun() {
    {
      TrialDialog d;
      d.show();  // laid out, so clicks land on the check boxes
      QVERIFY(QTest::qWaitForWindowExposed(&d));
      QCOMPARE(optionsOf(d).model, std::string("mlp-small"));  // the defaults, nothing remembered yet
      auto* model = child<QComboBox>(d, "model");
      model->setCurrentIndex(model->findData(QStringLiteral("tf-small")));
      QTest::keyClicks(child<QLineEdit>(d, "baselines"), QStringLiteral("tf-nano, tf-micro"));
      click(child<QCheckBox>(d, "method:rtn"));
      click(child<QCheckBox>(d, "method:heads"));
      child<QLineEdit>(d, "ratios")->setText(QStringLiteral("0, 0.5, 0.75"));
      child<QLineEdit>(d, "seeds")->setText(QStringLiteral("1, 2"));
      child<QDoubleSpinBox>(d, "tokensPerParam")->setValue(20);
      QVERIFY(!child<QSpinBox>(d, "steps")->isEnabled());  // the budget is in tokens now
      QCOMPARE(child<QDoubleSpinBox>(d, "learningRate")->value(), 0.0);  // each model's own rate
      QCOMPARE(child<QDoubleSpinBox>(d, "learningRate")->text(), QStringLiteral("each model's own"));
      child<QDoubleSpinBox>(d, "learningRate")->setValue(0.016);
      child<QSpinBox>(d, "rftSteps")->setValue(50);
      click(child<QCheckBox>(d, "distill"));
      QTest::mouseClick(child<QPushButton>(d, "run"), Qt::LeftButton);
      QCOMPARE(d.result(), int(QDialog::Accepted));
    }
    TrialDialog again;
    const auto o = optionsOf(again);
    QCOMPARE(o.model, std::string("tf-small"));
    QCOMPARE(o.baselines, (std::vector<std::string>{"tf-nano", "tf-micro"}));
    QCOMPARE(o.methods, (std::vector<std::string>{"magnitude", "magnitude-layer", "structured", "heads", "nm24", "lowrank"}));
    QCOMPARE(o.ratios, (std::vector<double>{0, 0.5, 0.75}));
    QCOMPARE(o.seeds, (std::vector<std::int64_t>{1, 2}));
    QCOMPARE(o.tokens_per_param, 20.0);
    QVERIFY(!child<QSpinBox>(again, "steps")->isEnabled());
    QCOMPARE(o.learning_rate, 0.016);
    QCOMPARE(o.rft_steps, 50);
    QVERIFY(o.distill);
  }

  void forgetsNothingWhenCancelledOrRefused() {
    {
      TrialDialog d;
      child<QLineEdit>(d, "ratios")->setText(QStringLiteral("0, 1.5"));  // refused: Run keeps the dialog open
      QTest::mouseClick(child<QPushButton>(d, "run"), Qt::LeftButton);
      QCOMPARE(child<QLabel>(d, "error")->text(), QStringLiteral("Ratios must lie in [0, 1)."));
      child<QLineEdit>(d, "ratios")->setText(QStringLiteral("0.3"));
      d.reject();  // then cancelled
    }
    QVERIFY(!QSettings().contains(QStringLiteral("trials/ratios")));
    QCOMPARE(optionsOf(TrialDialog()).ratios, (std::vector<double>{0, 0.25, 0.5, 0.75, 0.9}));
  }

  void ignoresRememberedNamesItDoesNotKnow() {
    // Settings from another version: a model and a method since renamed.
    QSettings s;
    s.setValue(QStringLiteral("trials/model"), QStringLiteral("tf-giant"));
    s.setValue(QStringLiteral("trials/methods"), QStringList{QStringLiteral("magnitude"), QStringLiteral("sparsegpt")});
    s.setValue(QStringLiteral("trials/device"), QStringLiteral("tpu"));
    const auto o = optionsOf(TrialDialog());
    QCOMPARE(o.model, std::string("mlp-small"));
    QCOMPARE(o.methods, (std::vector<std::string>{"magnitude"}));
    QCOMPARE(o.device, std::string("auto"));
  }

  void saysWhereTheRunsGo() {
    TrialDialog d;
    auto* where = child<QLabel>(d, "destination");
    QVERIFY(where->text().startsWith(QStringLiteral("No experiment database is open: the runs are shown but not stored")));
    d.setDestination(QStringLiteral("/data/lab.sqlite"));
    QVERIFY(where->text().startsWith(QStringLiteral("Runs: into /data/lab.sqlite, each as it lands.")));
    const QString cache = QString::fromStdString(rs::trials::checkpointCacheDirectory(""));
    QVERIFY(cache.endsWith(QStringLiteral("ratioscope/checkpoints")));
    QVERIFY2(where->text().contains(QStringLiteral("Trained models are cached in ") + cache), qPrintable(where->text()));
  }
};

QTEST_MAIN(TestTrialDialog)
#include "test_trial_dialog.moc"
