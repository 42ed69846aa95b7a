// The window's document (ui/session/session): every change makes a new
// immutable snapshot announced with what changed; a snapshot held by a view
// never changes; bad filters, task overrides and sources leave the state as
// it was and say why; a newer open supersedes an older one.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/io/dataset_source.h"
#include "tests/support/dropout_runs.h"
#include "ui/figure/analysis_overlay.h"
#include "ui/session/session.h"

using namespace rs;
using namespace rs::ui;

Q_DECLARE_METATYPE(rs::ui::SessionSnapshot)
Q_DECLARE_METATYPE(rs::ui::SessionChanges)

namespace {
const QString kExample = QStringLiteral(RS_EXAMPLE_CSV);

// The flags of the i-th changed() signal a spy saw.
SessionChanges changesAt(const QSignalSpy& spy, int i) { return spy.at(i).at(1).value<SessionChanges>(); }

void openAndWait(Session& s, const QString& source) {
  QSignalSpy loaded(&s, &Session::loaded);
  s.open(source);
  QVERIFY(loaded.wait(20000));
}
}  // namespace

class TestSession : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    qRegisterMetaType<SessionSnapshot>();
    qRegisterMetaType<SessionChanges>();
  }

  void openPublishesTheRunsThenTheFrontier() {
    Session s;
    QSignalSpy changed(&s, &Session::changed);
    QSignalSpy frontier(&s, &Session::frontierReady);
    openAndWait(s, kExample);
    const LoadedRuns direct = loadRuns(kExample.toStdString());
    QCOMPARE(s.state()->runs->size(), direct.runs.size());
    QCOMPARE(s.state()->runs->size(), std::size_t(70));
    QCOMPARE(s.state()->source, kExample);
    QVERIFY(s.state()->frontier_pending);
    QCOMPARE(changed.count(), 1);
    const SessionChanges first = changesAt(changed, 0);
    for (SessionChange c : {SessionChange::Source, SessionChange::Runs, SessionChange::Tasks, SessionChange::Filter})
      QVERIFY(first.testFlag(c));
    QVERIFY(!first.testFlag(SessionChange::Figure));
    QVERIFY(frontier.wait(30000));
    QVERIFY(!s.state()->frontier_pending);
    QVERIFY(s.state()->frontier != nullptr);
    QCOMPARE(changesAt(changed, changed.count() - 1), SessionChanges(SessionChange::Frontier));
  }

  void aHeldSnapshotNeverChanges() {
    Session s;
    openAndWait(s, kExample);
    const SessionSnapshot before = s.state();
    QCOMPARE(s.setFilter(QStringLiteral("bits<=4")), QString());
    // The filter keeps the runs with at most 4 bits, counted here by hand.
    std::set<qint64> expected;
    for (const Run& r : *before->runs)
      if (r.bits && *r.bits <= 4) expected.insert(r.id);
    QVERIFY(!expected.empty() && expected.size() < before->runs->size());
    QCOMPARE(s.state()->visible.value(), expected);
    QCOMPARE(s.state()->visibleCount(), expected.size());
    QCOMPARE(s.state()->runs, before->runs);  // the runs are shared, not copied
    QVERIFY(!before->visible.has_value());
    QCOMPARE(before->filter_text, QString());
    QVERIFY(s.state() != before);
  }

  void aBadFilterSaysWhyAndKeepsTheLastOne() {
    Session s;
    openAndWait(s, kExample);
    QCOMPARE(s.setFilter(QStringLiteral("seed=1")), QString());
    const SessionSnapshot good = s.state();
    QSignalSpy changed(&s, &Session::changed);
    const QString why = s.setFilter(QStringLiteral("seed=1 bits<="));
    QVERIFY2(why.contains(QStringLiteral("bits")), qPrintable(why));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(s.state(), good);
    // The same filter again changes nothing either.
    QCOMPARE(s.setFilter(QStringLiteral("seed=1")), QString());
    QCOMPARE(changed.count(), 0);
  }

  void taskOverridesApplyOrSayWhy() {
    Session s;
    openAndWait(s, kExample);
    QSignalSpy changed(&s, &Session::changed);
    const QString why = s.setTaskOverrides(QStringLiteral("/nonexistent/tasks.json"));
    QVERIFY2(why.contains(QStringLiteral("cannot open")), qPrintable(why));
    QCOMPARE(changed.count(), 0);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("tasks.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"tasks": {"arc_easy": {"chance": 0.3}}})");
    f.close();
    QCOMPARE(s.setTaskOverrides(path), QString());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::Tasks));
    QCOMPARE(s.state()->tasks.lookup("arc_easy").chance.value_or(-1), 0.3);
    QCOMPARE(s.state()->task_overrides, path);
    // Kept for the next source, and "" goes back to the built-in tasks.
    openAndWait(s, kExample);
    QCOMPARE(s.state()->tasks.lookup("arc_easy").chance.value_or(-1), 0.3);
    QCOMPARE(s.setTaskOverrides(QString()), QString());
    QCOMPARE(s.state()->tasks.lookup("arc_easy").chance.value_or(-1), 0.25);
  }

  void aTrialRunGetsTheNextId() {
    Session s;
    openAndWait(s, kExample);
    qint64 top = 0;
    for (const Run& r : *s.state()->runs) top = std::max<qint64>(top, r.id);
    QSignalSpy changed(&s, &Session::changed);
    Run r = s.state()->runs->front();
    r.key = "trial/new";
    s.addRun(r);
    QCOMPARE(s.state()->runs->size(), std::size_t(71));
    QCOMPARE(s.state()->runs->back().id, top + 1);
    QCOMPARE(s.state()->runs->back().key, std::string("trial/new"));
    QVERIFY(changesAt(changed, 0).testFlag(SessionChange::Runs));
    QVERIFY(!changesAt(changed, 0).testFlag(SessionChange::Source));
  }

  void arrivalsReplaceByIdAndAddTheRest() {
    Session s;
    openAndWait(s, kExample);
    QSignalSpy arrived(&s, &Session::runsArrived);
    Run changedRun = s.state()->runs->at(3);
    changedRun.metrics.push_back(Metric("new_task", 0.5));
    Run newRun = s.state()->runs->at(4);
    newRun.id = 10000;
    newRun.key = "arrived/new";
    s.mergeArrived({changedRun, newRun});
    QCOMPARE(arrived.count(), 1);
    QCOMPARE(arrived.at(0).at(0).toInt(), 1);  // added
    QCOMPARE(arrived.at(0).at(1).toInt(), 1);  // updated
    QCOMPARE(s.state()->runs->size(), std::size_t(71));
    QVERIFY(s.state()->runs->at(3).metric("new_task") != nullptr);
  }

  void exclusionsFitAndFigureAnnounceOnlyRealChanges() {
    Session s;
    QSignalSpy changed(&s, &Session::changed);
    s.setExcluded({});
    QCOMPARE(changed.count(), 0);
    s.setExcluded({3, 5});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::Exclusions));
    QCOMPARE(s.state()->excluded, (std::set<qint64>{3, 5}));
    FigureSettings f;
    f.metric = "loss";
    f.log_y = true;
    s.setFigure(f);
    s.setFigure(f);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changesAt(changed, 1), SessionChanges(SessionChange::Figure));
    SessionFit fit;
    fit.outcome = std::make_shared<const FitOutcome>();
    fit.metric = "loss";
    s.setFit(fit);
    s.setFit(fit);
    QCOMPARE(changed.count(), 3);
    QVERIFY(s.state()->fit.drawsOn("loss", Axis::Ratio));
    QVERIFY(!s.state()->fit.drawsOn("arc_easy", Axis::Ratio));
  }

  void aSourceThatFailsSaysWhyAndKeepsTheData() {
    Session s;
    QSignalSpy frontier(&s, &Session::frontierReady);
    openAndWait(s, kExample);
    QVERIFY(frontier.wait(30000));  // the last change the open makes
    const SessionSnapshot before = s.state();
    QSignalSpy failed(&s, &Session::loadFailed);
    s.open(QStringLiteral("/nonexistent/runs.csv"));
    QVERIFY(failed.wait(20000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("/nonexistent/runs.csv")), qPrintable(failed.at(0).at(0).toString()));
    QCOMPARE(s.state(), before);
  }

  void aNewerOpenSupersedesAnOlderOne() {
    Session s;
    QSignalSpy loaded(&s, &Session::loaded);
    QSignalSpy failed(&s, &Session::loadFailed);
    s.open(QStringLiteral("/nonexistent/first.csv"));
    s.open(kExample);
    QVERIFY(loaded.wait(20000));
    QTest::qWait(200);
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(failed.count(), 0);  // the first open's failure is dropped with it
    QCOMPARE(s.state()->source, kExample);
  }

  void aFitChoiceIsPublishedOnlyWhenItChanges() {
    Session s;
    QSignalSpy changed(&s, &Session::changed);
    FitChoice c;
    c.law = QStringLiteral("logistic");
    c.per_series = false;
    c.options.bootstrap = 20;
    s.setFitChoice(c);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::FitChoice));
    QCOMPARE(s.state()->fit_choice.law, QStringLiteral("logistic"));
    QVERIFY(!s.state()->fit_choice.per_series);
    QCOMPARE(s.state()->fit_choice.options.bootstrap, 20);
    s.setFitChoice(c);  // the same law, scope and options: nothing to say
    QCOMPARE(changed.count(), 1);
    c.options.bootstrap = 40;
    s.setFitChoice(c);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(s.state()->fit_choice.options.bootstrap, 40);
  }

  void thePlotsDropoutsAndKneesArePublished() {
    // One series, m · wanda, whose arc_challenge accuracy (chance 0.25)
    // falls from 0.60 to chance between ratios 0.4 and 0.6.
    Session s;
    for (const Run& r : testing::wandaDropoutRuns()) s.addRun(r);
    QTRY_VERIFY_WITH_TIMEOUT(!s.state()->frontier_pending, 20000);  // its own announcement comes first
    QSignalSpy changed(&s, &Session::changed);
    PlotAnalysisRequest request{"arc_challenge\x1em · wanda", s.state()->runs, {"m · wanda"}, "arc_challenge", s.state()->tasks, true};
    s.analysePlot(request);
    QCOMPARE(changed.count(), 0);  // nothing is published on request
    QVERIFY(changed.wait(20000));
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::Analysis));
    const auto a = s.state()->plot_analysis;
    QVERIFY(a);
    QCOMPARE(a->key, request.key);
    QCOMPARE(a->runs, request.runs);
    QCOMPARE(a->series.size(), std::size_t(1));
    QCOMPARE(a->series[0].series, std::string("m · wanda"));
    QVERIFY(a->series[0].dropout);
    QCOMPARE(a->series[0].dropout->status, analysis::Dropout::Status::Dropped);
    QVERIFY2(a->series[0].dropout->ratio > 0.4 && a->series[0].dropout->ratio <= 0.6, qPrintable(QString::number(a->series[0].dropout->ratio)));
    // What the plot would compute itself, off the session.
    const auto direct = analyseSeries(request.labels, *request.runs, request.metric, request.tasks, true);
    QCOMPARE(a->series[0].dropout->ratio, direct[0].dropout->ratio);
    QCOMPARE(a->series[0].knees.size(), direct[0].knees.size());
    QCOMPARE(a->dropouts.count("m · wanda"), std::size_t(1));
    // The analysis held is not asked for again.
    s.analysePlot(request);
    QVERIFY(!changed.wait(300));
    QCOMPARE(changed.count(), 1);
  }

  void aNewerPlotAnalysisSupersedesAnOlderOne() {
    Session s;
    openAndWait(s, kExample);
    QTRY_VERIFY_WITH_TIMEOUT(!s.state()->frontier_pending, 20000);
    QSignalSpy changed(&s, &Session::changed);
    const RunList runs = s.state()->runs;
    s.analysePlot({"older", runs, {"synth-llama-7b · magnitude"}, "mmlu", s.state()->tasks, true});
    s.analysePlot({"newer", runs, {"synth-llama-7b · rtn"}, "mmlu", s.state()->tasks, false});
    QVERIFY(changed.wait(20000));
    QVERIFY(!changed.wait(500));
    QCOMPARE(changed.count(), 1);  // only the newer one's result
    QCOMPARE(s.state()->plot_analysis->key, std::string("newer"));
    // No analysis wanted: a running one is dropped, the one held stays (its key says what it is of).
    s.analysePlot({"third", runs, {"synth-llama-7b · magnitude"}, "mmlu", s.state()->tasks, true});
    s.analysePlot({});
    QVERIFY(!changed.wait(1000));
    QCOMPARE(s.state()->plot_analysis->key, std::string("newer"));
  }

  void fairnessAndEffectiveParametersArePublished() {
    Session s;
    openAndWait(s, kExample);
    QTRY_VERIFY_WITH_TIMEOUT(!s.state()->frontier_pending, 20000);
    const SessionSnapshot at = s.state();
    QSignalSpy changed(&s, &Session::changed);
    analysis::AnalysisOptions options;
    // Two requests in a row: only the newer one's checks arrive.
    s.checkFairness({"first", at->runs, at->runs, at->tasks, at->frontier, options, 400});
    s.checkFairness({"second", at->runs, at->runs, at->tasks, at->frontier, options, 400});
    QVERIFY(changed.wait(30000));
    QVERIFY(!changed.wait(300));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::Fairness));
    const auto checked = s.state()->fairness;
    QCOMPARE(checked->key, std::string("second"));
    QVERIFY(checked->listed);
    // The same comparisons as the analysis report makes (`analyze`).
    const auto direct = analysis::fairnessChecks(*at->runs, *at->runs, at->tasks, at->frontier.get(), options);
    QCOMPARE(checked->comparisons.size(), direct.size());
    QVERIFY(!direct.empty());
    for (std::size_t i = 0; i < direct.size(); ++i) QCOMPARE(checked->comparisons[i].baseline_label, direct[i].baseline_label);
    // Over the limit: counted, not checked.
    s.checkFairness({"limited", at->runs, at->runs, at->tasks, at->frontier, options, 1});
    QVERIFY(changed.wait(30000));
    QVERIFY(!s.state()->fairness->listed && s.state()->fairness->comparisons.empty() && s.state()->fairness->compressed > 1);
    changed.clear();
    s.fitEffective({"eff", at->runs, "kaplan-nd"});
    QVERIFY(changed.wait(60000));
    QCOMPARE(changesAt(changed, 0), SessionChanges(SessionChange::Effective));
    QCOMPARE(s.state()->effective->key, std::string("eff"));
    QCOMPARE(s.state()->effective->families.size(), analysis::effectiveParams(*at->runs, [] {
                                                      analysis::AnalysisOptions o;
                                                      o.dense_law = "kaplan-nd";
                                                      return o;
                                                    }()).size());
  }

  void visibleRunsIsNulloptForNoFilter() {
    std::vector<Run> runs(3);
    for (int i = 0; i < 3; ++i) runs[static_cast<std::size_t>(i)].id = i + 1;
    QVERIFY(!visibleRuns(runs, RunFilter()).has_value());
  }
};

QTEST_MAIN(TestSession)
#include "test_session.moc"
