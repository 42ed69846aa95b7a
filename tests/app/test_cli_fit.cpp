// `ratioscope-cli fit --format json` against the window's fit panel: the
// same runs, law and options (set in the panel's own widgets) give the same
// fit JSON, written by the one writer both use (core/fit/fit_json.h). Only
// "seconds", the fit's wall time, may differ; the CLI's "provenance" (what
// made it) is left out of the comparison explicitly.
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>
#include <QUndoStack>

#include "core/fit/fit_json.h"
#include "core/io/dataset_source.h"
#include "core/model/selection.h"
#include "tests/support/run_program.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_panel.h"

using namespace rs;
using namespace rs::ui;

namespace {
QJsonObject withoutTime(QJsonObject o) {
  o.remove(QStringLiteral("seconds"));
  return o;
}

struct Case {
  QString input, law, where, axis;  // axis: the plot's x (and fit's -x)
  laws::RobustLoss robust;
  int starts, seed, bootstrap;
  std::optional<double> holdout;
};

// The CLI's JSON of the case, and the panel's fit of it serialised.
std::pair<QJsonObject, QJsonObject> bothSides(const Case& c) {
  QStringList args{QStringLiteral("fit"), QStringLiteral("--input"), c.input, QStringLiteral("--law"), c.law, QStringLiteral("--where"), c.where,
                   QStringLiteral("--seed"), QString::number(c.seed), QStringLiteral("--bootstrap"), QString::number(c.bootstrap),
                   QStringLiteral("--format"), QStringLiteral("json")};
  const char* kinds[] = {"none", "huber", "cauchy"};
  args << QStringLiteral("--robust")
       << QString::fromLatin1(kinds[static_cast<int>(c.robust.kind)]) +
              (c.robust.kind == laws::RobustLoss::Kind::None ? QString() : QStringLiteral(":%1").arg(c.robust.delta));
  if (c.starts > 0) args << QStringLiteral("--starts") << QString::number(c.starts);
  if (c.holdout) args << QStringLiteral("--holdout-above") << QString::number(*c.holdout);
  if (c.law == QLatin1String("power")) args << QStringLiteral("-x") << c.axis;
  const auto cli = test::runCli(args);
  if (cli.code != 0) qWarning("%s", cli.err.constData());
  QJsonObject fromCli = QJsonDocument::fromJson(cli.out).object();
  // The CLI's JSON says what made it (the command, the input's hash, the
  // runs, the options: test_cli_tables checks it); the panel's fit result
  // has no command line. The fit itself must be the same: compared without it.
  if (!fromCli.value(QStringLiteral("provenance")).toObject().contains(QStringLiteral("fit_options"))) {
    qWarning("the CLI's JSON has no provenance");
    fromCli = {};  // fails the comparison
  }
  fromCli.remove(QStringLiteral("provenance"));

  // The window's side: the file's runs, the plot showing the --where selection.
  LoadedRuns loaded = loadRuns(c.input.toStdString());
  if (!loaded.ok()) qWarning("%s", loaded.error.c_str());
  const auto all = std::make_shared<const std::vector<Run>>(loaded.runs);
  Condition condition;
  parseCondition(c.where.toStdString(), condition);
  Selection selection;
  selection.conditions.push_back(condition);
  std::vector<Run> visible;
  for (const Run& r : *all)
    if (selection.matches(r)) visible.push_back(r);
  TaskCatalog tasks;
  tasks.learnDirections(*all);
  FigureSpec figure;
  figure.metric = "loss";
  figure.axis = *axisFromId(c.axis.toStdString());
  QUndoStack undo;
  FitPanel panel(&undo);
  panel.show();
  QSignalSpy fitted(panel.runner(), &FitRunner::finished);
  panel.setContext(all, visible, figure, tasks);
  panel.scopeBox()->setCurrentIndex(1);  // all plotted runs together, as the CLI fits them
  FitOptionsWidget* w = panel.optionsWidget();
  const QString robustName[] = {QStringLiteral("None (least squares)"), QStringLiteral("Huber"), QStringLiteral("Cauchy")};
  w->robustBox()->setCurrentIndex(w->robustBox()->findText(robustName[static_cast<int>(c.robust.kind)]));
  w->robustScale()->setValue(c.robust.delta);
  w->startsBox()->setValue(c.starts);
  w->seedBox()->setValue(c.seed);
  w->bootstrapBox()->setValue(c.bootstrap);
  w->holdoutBox()->setChecked(c.holdout.has_value());
  if (c.holdout) w->holdoutAbove()->setValue(*c.holdout);
  panel.lawBox()->setCurrentIndex(panel.lawBox()->findData(c.law));
  if (!fitted.wait(90000)) qWarning("the panel did not fit");
  const SeriesFit* shown = panel.shownFit();
  const QJsonObject fromPanel = shown ? fit::fitToJson(*panel.lastFit()->law, shown->result) : QJsonObject();
  return {withoutTime(fromCli), withoutTime(fromPanel)};
}

void compare(const QJsonObject& cli, const QJsonObject& panel) {
  QVERIFY(!cli.isEmpty());
  QVERIFY(!panel.isEmpty());
  for (auto it = cli.begin(); it != cli.end(); ++it)
    QVERIFY2(panel.value(it.key()) == it.value(),
             qPrintable(it.key() + QStringLiteral(": CLI ") + QJsonDocument(QJsonObject{{it.key(), it.value()}}).toJson(QJsonDocument::Compact) +
                        QStringLiteral(", panel ") +
                        QJsonDocument(QJsonObject{{it.key(), panel.value(it.key())}}).toJson(QJsonDocument::Compact)));
  QCOMPARE(panel.keys(), cli.keys());
}
}  // namespace

class TestCliFit : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    QStandardPaths::setTestModeEnabled(true);  // the panel's remembered options stay the test's own
    QCoreApplication::setOrganizationName(QStringLiteral("RatioscopeTest"));
    QSettings().remove(QStringLiteral("fit"));
  }

  void compressionLawWithRobustBootstrapAndHoldout() {
    // The bundled example's magnitude pruning: 36 points, Huber δ 0.01, 8 random
    // starts, 30 bootstrap resamples, the ratios above 0.5 held out.
    const auto [cli, panel] = bothSides({QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("compression"), QStringLiteral("method=magnitude"),
                                         QStringLiteral("ratio"), {laws::RobustLoss::Kind::Huber, 0.01}, 8, 2, 30, 0.5});
    compare(cli, panel);
    QCOMPARE(cli.value(QStringLiteral("n_points")).toInt(), 36);
    QCOMPARE(cli.value(QStringLiteral("robust")).toString(), QStringLiteral("huber:0.01"));
    QCOMPARE(cli.value(QStringLiteral("bootstrap")).toObject().value(QStringLiteral("resamples")).toInt(), 30);
    QCOMPARE(cli.value(QStringLiteral("holdout")).toObject().value(QStringLiteral("n_test")).toInt(), 16);
  }

  void powerLawOverDenseSizesWithCauchy() {
    // The generic shape along parameters over the dense runs, Cauchy δ 0.1 on the law's grid.
    const auto [cli, panel] = bothSides({QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("power"), QStringLiteral("method=dense"),
                                         QStringLiteral("params"), {laws::RobustLoss::Kind::Cauchy, 0.1}, 0, 1, 0, std::nullopt});
    compare(cli, panel);
    QCOMPARE(cli.value(QStringLiteral("robust")).toString(), QStringLiteral("cauchy:0.1"));
  }
};

QTEST_MAIN(TestCliFit)
#include "test_cli_fit.moc"
