// The dropout list (ui/dropout_panel): the session's plot analysis shown
// series by series, and copied as the same table `analyze --format` prints,
// with the record of what made it.
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

#include "tests/support/dropout_runs.h"
#include "ui/dropout_panel.h"
#include "ui/session/session.h"
#include "ui/table_copy.h"

using namespace rs;
using namespace rs::ui;

class TestDropoutPanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void listsAndCopiesThePlottedSeriesDropouts() {
    // m · wanda: arc_challenge (chance 0.25) falls to chance between the
    // ratios 0.4 and 0.6; piqa (chance 0.5) stays well above it.
    Session session;
    for (const Run& r : testing::wandaDropoutRuns()) session.addRun(r);
    DropoutPanel panel;
    panel.follow(&session);
    QSignalSpy changed(&session, &Session::changed);
    session.analysePlot({"k", session.state()->runs, {"m · wanda"}, "arc_challenge", session.state()->tasks, false});
    QTRY_VERIFY_WITH_TIMEOUT(session.state()->plot_analysis != nullptr, 20000);
    const std::vector<analysis::Dropout> listed = panel.dropouts();
    QCOMPARE(listed.size(), std::size_t(2));  // two tasks of one series
    QCOMPARE(panel.tree()->topLevelItemCount(), 1);
    QTreeWidgetItem* series = panel.tree()->topLevelItem(0);
    QCOMPARE(series->text(0), QStringLiteral("m · wanda"));
    QCOMPARE(series->childCount(), 2);
    for (int i = 0; i < 2; ++i) {
      QTreeWidgetItem* task = series->child(i);
      if (task->text(0) == QLatin1String("arc_challenge")) {
        // Dropped between the measured 0.4 and 0.6, with that interval.
        const double ratio = task->text(1).section(QLatin1Char(' '), 0, 0).toDouble();
        QVERIFY2(ratio > 0.4 && ratio <= 0.6, qPrintable(task->text(1)));
        QVERIFY2(task->text(1).contains(QStringLiteral("[0.4, 0.6]")), qPrintable(task->text(1)));
      } else {
        QCOMPARE(task->text(0), QStringLiteral("piqa"));
        QCOMPARE(task->text(1), QStringLiteral("never"));
      }
    }
    QVERIFY2(panel.findChild<QLabel*>()->text().startsWith(QStringLiteral("1 of 2 tasks drop to chance")), qPrintable(panel.findChild<QLabel*>()->text()));
    // Copied as CSV: the analyze table, its record in the sidecar (a CSV
    // has no comments), so the clipboard holds the rows alone.
    QVERIFY(panel.tableCopier()->copy(TableFormat::Csv));
    const QString csv = QApplication::clipboard()->text();
    QVERIFY2(csv.startsWith(QStringLiteral("series,task,category,status,ratio,ci_low,ci_high,criterion,explanation\n")), qPrintable(csv));
    QVERIFY2(csv.contains(QStringLiteral("m · wanda,arc_challenge,")), qPrintable(csv));
    QVERIFY2(csv.contains(QStringLiteral(",dropped,")) && csv.contains(QStringLiteral(",never,")), qPrintable(csv));
    // LaTeX carries the record as comments: the panel and the runs behind it.
    QVERIFY(panel.tableCopier()->copy(TableFormat::Latex));
    const QString tex = QApplication::clipboard()->text();
    QVERIFY2(tex.startsWith(QStringLiteral("% Ratioscope dropout list: 1 plotted series (Ratioscope ")), qPrintable(tex));
    QVERIFY2(tex.contains(QStringLiteral("% runs (5): 1 2 3 4 5\n")), qPrintable(tex));
  }

  void saysWhenThereIsNothingToList() {
    Session session;
    DropoutPanel panel;
    panel.showSession(session.state());
    QCOMPARE(panel.tree()->topLevelItemCount(), 0);
    QVERIFY(!panel.tableCopier()->copy(TableFormat::Csv));
    QVERIFY2(panel.findChild<QLabel*>()->text().contains(QStringLiteral("No plotted compressed series has an accuracy task")),
             qPrintable(panel.findChild<QLabel*>()->text()));
  }
};

QTEST_MAIN(TestDropoutPanel)
#include "test_dropout_panel.moc"
