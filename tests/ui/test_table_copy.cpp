// The panels' tables copied and exported as a user would (real widgets,
// offscreen): Ctrl+C on the fit panel's table puts the whole table on the
// clipboard as LaTeX, the Copy table menu gives CSV and Markdown, Export
// writes the format its file name says; the fairness panel does the same.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include "core/fit/fit_table.h"
#include "core/model/provenance.h"
#include "tests/support/fit_settings.h"
#include "tests/support/fit_test_support.h"
#include "ui/fairness_panel.h"
#include "ui/fit_panel.h"
#include "ui/session/session.h"
#include "ui/table_copy.h"

using namespace rs;
using namespace rs::ui;

namespace {
const std::string kSweepHash(64, 'c');  // as its reader would have recorded it

// A run of sweep.csv on the compute-optimal line (20 tokens a parameter), seed 1, pruned to `ratio`.
Run make(std::int64_t id, const std::string& model, double params, const std::string& method, double ratio) {
  Run r = testing::makeRun(id, model, params, 20 * params, method, ratio);
  r.seed = 1;
  r.source.file = "sweep.csv";
  r.source.sha256 = kSweepHash;
  if (method != "dense") r.sparsity = ratio;
  return r;
}

// One model pruned at four ratios: a loss growing with the ratio.
std::vector<Run> sweep() {
  std::vector<Run> out;
  Run d = make(1, "a", 1e9, "dense", 0);
  d.metrics = {{"loss", 2.0, {}, {}}};
  out.push_back(d);
  std::int64_t id = 2;
  int i = 0;
  for (double r : {0.2, 0.4, 0.6, 0.8}) {
    Run c = make(id++, "a", 1e9, "wanda", r);
    c.metrics = {{"loss", 2.0 * (1 + 0.1 * r + 0.6 * r * r) * (1 + 0.01 * ((i++ % 2) ? 1 : -1)), {}, {}}};
    out.push_back(c);
  }
  return out;
}

QAction* menuAction(TableCopier* copier, const char* name) {
  return copier->button()->menu()->findChild<QAction*>(QLatin1String(name));
}

QString clipboard() { return QApplication::clipboard()->text(); }
}  // namespace

class TestTableCopy : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { test::startFitsFromTheLawDefaults(); }
  void fitPanelCopiesItsTable() {
    auto all = std::make_shared<const std::vector<Run>>(sweep());
    QUndoStack undo;
    FitPanel panel(&undo);
    panel.show();
    QSignalSpy fitted(panel.runner(), &FitRunner::finished);
    FigureSpec spec;
    spec.metric = "loss";
    spec.axis = Axis::Ratio;
    panel.setContext(all, *all, spec, TaskCatalog());
    panel.lawBox()->setCurrentIndex(panel.lawBox()->findData(QStringLiteral("compression-quadratic")));
    QVERIFY(fitted.wait(30000));
    QVERIFY(panel.shownFit() && panel.shownFit()->result.ok);
    // What made it (issue #15): the panel and what it showed, the runs'
    // file with its hash, the options and every run fitted.
    const std::vector<std::string> caption = {
        producedBy("Ratioscope fit panel: law compression-quadratic, loss against " + std::string(axisInfo(Axis::Ratio).label) + ", series " +
                   panel.shownFit()->label),
        "source sweep.csv sha256 " + kSweepHash, "fit options: the law's defaults",
        "runs (4): 2 3 4 5"};  // the fit's points (run_ids); the dense run gives Y0
    const auto expected = [&](TableFormat f) {
      return QString::fromStdString(fit::fitTableText(*panel.lastFit()->law, panel.shownFit()->result, f, caption));
    };

    // Ctrl+C on the table: the whole table as LaTeX, not the current cell.
    QApplication::clipboard()->clear();
    panel.parameterTable()->setFocus();
    panel.parameterTable()->setCurrentCell(0, 1);
    QTest::keyClick(panel.parameterTable(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboard().split(QLatin1Char('\n')), expected(TableFormat::Latex).split(QLatin1Char('\n')));  // line by line: a difference shows
    QVERIFY(clipboard().startsWith(QStringLiteral("% Ratioscope fit panel: law compression-quadratic, loss against ")));
    QVERIFY(clipboard().contains(QStringLiteral("\\toprule\nParameter & Estimate & 95\\% interval \\\\\n\\midrule\n")));

    menuAction(panel.tableCopier(), "copyAs_csv")->trigger();
    QCOMPARE(clipboard(), expected(TableFormat::Csv));
    QVERIFY(clipboard().contains(QStringLiteral("parameter,value,stderr,ci_low,ci_high,at_bound,intercept\n")));
    menuAction(panel.tableCopier(), "copyAs_markdown")->trigger();
    QCOMPARE(clipboard(), expected(TableFormat::Markdown));
    menuAction(panel.tableCopier(), "copyAs_latex")->trigger();
    QCOMPARE(clipboard(), expected(TableFormat::Latex));

    // Export: the format from the file's suffix; an unknown suffix is refused.
    QTemporaryDir dir;
    for (const auto& [name, format] : {std::pair{"fit.tex", TableFormat::Latex}, {"fit.csv", TableFormat::Csv}, {"fit.md", TableFormat::Markdown}}) {
      const QString path = dir.filePath(QLatin1String(name));
      QString why;
      QVERIFY2(panel.tableCopier()->exportTo(path, &why), qPrintable(why));
      QFile file(path);
      QVERIFY(file.open(QIODevice::ReadOnly));
      QCOMPARE(QString::fromUtf8(file.readAll()), expected(format));
    }
    // Beside them fit.json, the record a CSV cannot carry: the three files
    // with their bytes' hashes, the runs' file, the options and the runs.
    QFile sidecar(dir.filePath(QStringLiteral("fit.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    const QJsonObject record = QJsonDocument::fromJson(sidecar.readAll()).object();
    QCOMPARE(record[QStringLiteral("command")].toString(), QString::fromStdString(caption[0]));
    QCOMPARE(record[QStringLiteral("fit_options")].toString(), QStringLiteral("the law's defaults"));
    QCOMPARE(record[QStringLiteral("sources")].toArray().first().toObject()[QStringLiteral("sha256")].toString(), QString::fromStdString(kSweepHash));
    QCOMPARE(record[QStringLiteral("runs")].toArray().size(), 4);
    QStringList files;
    for (const QJsonValue& v : record[QStringLiteral("outputs")].toArray()) {
      files << v.toObject()[QStringLiteral("file")].toString();
      QFile out(dir.filePath(files.last()));
      QVERIFY(out.open(QIODevice::ReadOnly));
      QCOMPARE(v.toObject()[QStringLiteral("sha256")].toString(),
               QString::fromLatin1(QCryptographicHash::hash(out.readAll(), QCryptographicHash::Sha256).toHex()));
    }
    QCOMPARE(files, (QStringList{QStringLiteral("fit.csv"), QStringLiteral("fit.md"), QStringLiteral("fit.tex")}));
    QString why;
    QVERIFY(!panel.tableCopier()->exportTo(dir.filePath(QStringLiteral("fit.xlsx")), &why));
    QVERIFY2(why.contains(QStringLiteral("must end in .tex, .csv or .md")), qPrintable(why));
  }

  void noFitNothingToCopy() {
    QUndoStack undo;
    FitPanel panel(&undo);
    QApplication::clipboard()->setText(QStringLiteral("kept"));
    QVERIFY(!panel.tableCopier()->copy(TableFormat::Latex));
    QCOMPARE(clipboard(), QStringLiteral("kept"));
  }

  void fairnessPanelCopiesItsChecks() {
    // A 7B pruned to half its weights against a native 3.5B model.
    Run c = make(1, "big", 7e9, "magnitude", 0.5);
    Run parent = make(2, "big", 7e9, "dense", 0);
    Run b = make(3, "small", 3.5e9, "dense", 0);
    for (Run* r : {&c, &parent, &b}) r->metrics = {{"arc_easy", 0.7, 0.01, 2000}, {"piqa", 0.75, 0.01, 2000}};
    auto all = std::make_shared<const std::vector<Run>>(std::vector<Run>{c, parent, b});
    Session session;
    FairnessPanel panel;
    panel.follow(&session);  // the session checks them in the background
    panel.show();
    panel.setContext(all, {c}, TaskCatalog());
    QTRY_VERIFY(!panel.pending());
    QCOMPARE(session.state()->fairness->comparisons.size(), panel.comparisons().size());
    QVERIFY(!panel.comparisons().empty());
    panel.tree()->setFocus();
    QTest::keyClick(panel.tree(), Qt::Key_C, Qt::ControlModifier);
    QVERIFY2(clipboard().startsWith(QStringLiteral("% Ratioscope fairness panel: 1 comparisons of the plotted runs (Ratioscope ")), qPrintable(clipboard()));
    QVERIFY2(clipboard().contains(QStringLiteral("\n% source sweep.csv sha256 %1\n"
                                                 "% analysis options: dropout chance, budget params, dense law auto, loss metric loss, knee sensitivity 1\n"
                                                 "% runs (1): 1\n").arg(QString::fromStdString(kSweepHash))),
             qPrintable(clipboard()));
    QVERIFY(clipboard().contains(QStringLiteral("Compressed & Baseline & Check & Verdict & Evidence \\\\\n\\midrule\n")));
    QVERIFY(clipboard().contains(QStringLiteral(" & budget-match & pass & ")));
    menuAction(panel.tableCopier(), "copyAs_csv")->trigger();
    QCOMPARE(clipboard(), QString::fromStdString(panel.tableText(TableFormat::Csv)));
    QVERIFY(clipboard().contains(QStringLiteral("\n1,")) && clipboard().contains(QStringLiteral(",3,")));
    menuAction(panel.tableCopier(), "copyAs_markdown")->trigger();
    QVERIFY(clipboard().contains(QStringLiteral("| Compressed | Baseline | Check | Verdict | Evidence | Explanation |\n")));
  }
};

QTEST_MAIN(TestTableCopy)
#include "test_table_copy.moc"
