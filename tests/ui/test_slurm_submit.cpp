// Trials › Submit to Slurm: the dialog's options become a sweep plan that
// the real CLI accepts, and the button is offered exactly where sbatch is.
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "ui/slurm_submit.h"
#include "ui/trial_dialog.h"

using namespace rs;

class TestSlurmSubmit : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void planArgumentsAreAcceptedByTheCli() {
    trials::TrialOptions o;
    o.model = "tf-small";
    o.baselines = {"tf-nano", "tf-micro"};
    o.methods = {"magnitude", "rtn"};
    o.ratios = {0, 0.5};
    o.bits = {4};
    o.seeds = {1, 2};
    o.tokens_per_param = 20;
    o.rft_steps = 50;
    o.distill = true;
    o.learning_rate = 0.008;
    QTemporaryDir dir;
    const QString manifest = dir.filePath(QStringLiteral("sweep.json"));
    const QStringList args = ui::sweepPlanArguments(o, dir.filePath(QStringLiteral("lab.sqlite")), dir.path(), manifest);
    QProcess p;
    p.start(QStringLiteral(RS_CLI), args);
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QFile f(manifest);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject m = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(m[QStringLiteral("entries")].toArray().size(), 5);  // tf-small, two baselines, two methods
    QStringList trialArgs;
    for (const QJsonValue& v : m[QStringLiteral("trial_args")].toArray()) trialArgs << v.toString();
    for (const char* expected : {"--tokens-per-param", "--rft-steps", "--distill", "--seeds"}) QVERIFY2(trialArgs.contains(QLatin1String(expected)), expected);
    QCOMPARE(trialArgs[trialArgs.indexOf(QStringLiteral("--seeds")) + 1], QStringLiteral("1,2"));
    QCOMPARE(trialArgs[trialArgs.indexOf(QStringLiteral("--lr")) + 1], QStringLiteral("0.008"));
    QCOMPARE(trialArgs[trialArgs.indexOf(QStringLiteral("--ratios")) + 1], QStringLiteral("0,0.5"));
  }
  void offersSlurmWhereSbatchIs() {
    ui::TrialDialog dialog;
    const bool offered = dialog.findChild<QPushButton*>(QStringLiteral("submitToSlurm")) != nullptr;
    QCOMPARE(offered, !QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty());
  }
};

QTEST_MAIN(TestSlurmSubmit)
#include "test_slurm_submit.moc"
