// `ratioscope-cli fit --format` and `analyze --format` end to end: the real
// executable's LaTeX, CSV and Markdown tables, their caption lines, --json as
// the alias of --format json, and an unknown format refused.
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "support/run_program.h"

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

// One quick fit of the example: magnitude pruning of one model.
QStringList fitArgs(const QStringList& format) {
  return QStringList{QStringLiteral("fit"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--law"),
                     QStringLiteral("compression-quadratic"), QStringLiteral("--where"), QStringLiteral("model=synth-llama-7b"),
                     QStringLiteral("--where"), QStringLiteral("method=magnitude")} +
         format;
}

QStringList analyzeArgs(const QStringList& format) {
  return QStringList{QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_EXAMPLE_CSV), QStringLiteral("--where"),
                     QStringLiteral("model=synth-llama-7b")} +
         format;
}

QString caption(const char* command) {
  return QStringLiteral("ratioscope-cli %1 --input %2").arg(QLatin1String(command), QStringLiteral(RS_EXAMPLE_CSV));
}

// The caption line naming the input with the SHA-256 of its bytes.
QString inputLine() {
  QFile f(QStringLiteral(RS_EXAMPLE_CSV));
  f.open(QIODevice::ReadOnly);
  return QStringLiteral("input %1 sha256 %2").arg(QStringLiteral(RS_EXAMPLE_CSV),
                                                   QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex()));
}

QJsonObject withoutTime(QJsonObject o) {
  o.remove(QStringLiteral("seconds"));  // the one field that differs between two runs
  return o;
}

}  // namespace

class TestCliTables : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fitAsLatex() {
    const Result r = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("latex")}));
    QVERIFY2(r.code == 0, r.err.constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("% ") + caption("fit") +
                           QStringLiteral(" --law compression-quadratic --where model=synth-llama-7b --where method=magnitude --format latex (Ratioscope " RS_VERSION ")"));
    // The data behind the table: the input with its hash (issue #15).
    QCOMPARE(lines[1], QStringLiteral("% ") + inputLine());
    QVERIFY2(lines[2].startsWith(QStringLiteral("% compression-quadratic: 27 points, ")), qPrintable(lines[2]));
    QCOMPARE(lines[3], QStringLiteral("\\begin{tabular}{lrr}"));
    QCOMPARE(lines[4], QStringLiteral("\\toprule"));
    QCOMPARE(lines[5], QStringLiteral("Parameter & Estimate & 95\\% interval \\\\"));
    QCOMPARE(lines[6], QStringLiteral("\\midrule"));
    QVERIFY2(lines[7].contains(QStringLiteral(" \\pm ")) && lines[7].endsWith(QStringLiteral(" \\\\")), qPrintable(lines[7]));
    QVERIFY(lines.contains(QStringLiteral("\\bottomrule")) && lines.contains(QStringLiteral("\\end{tabular}")));
  }

  // The CSV is the JSON's numbers at full precision, parameter by parameter.
  void fitAsCsvMatchesTheJson() {
    const Result csv = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("csv")}));
    QVERIFY2(csv.code == 0, csv.err.constData());
    const Result json = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json")}));
    QVERIFY2(json.code == 0, json.err.constData());
    const QJsonObject params = QJsonDocument::fromJson(json.out).object()[QStringLiteral("params")].toObject();
    const QStringList lines = QString::fromUtf8(csv.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines[0].startsWith(QStringLiteral("# ") + caption("fit")));
    QCOMPARE(lines[1], QStringLiteral("# ") + inputLine());
    QVERIFY(lines[2].startsWith(QStringLiteral("# compression-quadratic: 27 points")));
    QCOMPARE(lines[3], QStringLiteral("parameter,value,stderr,ci_low,ci_high,at_bound,intercept"));
    QCOMPARE(lines.size() - 4, params.size());
    for (qsizetype i = 4; i < lines.size(); ++i) {
      const QStringList cells = lines[i].split(QLatin1Char(','));
      QCOMPARE(cells.size(), 7);
      const QJsonObject p = params[cells[0]].toObject();
      QVERIFY2(!p.isEmpty(), qPrintable(cells[0]));
      QCOMPARE(cells[1].toDouble(), p[QStringLiteral("value")].toDouble());
      QCOMPARE(cells[2].toDouble(), p[QStringLiteral("stderr")].toDouble());
      QCOMPARE(cells[3].toDouble(), p[QStringLiteral("ci_low")].toDouble());
      QCOMPARE(cells[4].toDouble(), p[QStringLiteral("ci_high")].toDouble());
    }
  }

  void fitAsMarkdown() {
    const Result r = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("markdown")}));
    QVERIFY2(r.code == 0, r.err.constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QVERIFY(lines[0].startsWith(QStringLiteral("<!-- ") + caption("fit")) && lines[0].endsWith(QStringLiteral(" -->")));
    QCOMPARE(lines[1], QStringLiteral("<!-- ") + inputLine() + QStringLiteral(" -->"));
    QCOMPARE(lines[3], QStringLiteral("| Parameter | Estimate | 95% interval |"));
    QCOMPARE(lines[4], QStringLiteral("| --- | ---: | ---: |"));
    QVERIFY2(lines[5].startsWith(QStringLiteral("| ")) && lines[5].contains(QStringLiteral(" ± ")), qPrintable(lines[5]));
  }

  void jsonIsAnAliasOfFormatJson() {
    const Result alias = cli(fitArgs({QStringLiteral("--json")}));
    const Result format = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json")}));
    QVERIFY2(alias.code == 0 && format.code == 0, alias.err.constData());
    QCOMPARE(withoutTime(QJsonDocument::fromJson(alias.out).object()), withoutTime(QJsonDocument::fromJson(format.out).object()));
    const Result text = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("text")}));
    QVERIFY(text.out.contains("errors: "));
  }

  void unknownFormatIsRefused() {
    for (const char* command : {"fit", "analyze"}) {
      const QStringList args = QString::fromLatin1(command) == QLatin1String("fit") ? fitArgs({QStringLiteral("--format"), QStringLiteral("xlsx")})
                                                                                    : analyzeArgs({QStringLiteral("--format"), QStringLiteral("xlsx")});
      const Result r = cli(args);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(QByteArray(command) + ": unknown --format 'xlsx'; formats: text, json, latex, csv, markdown"), r.err.constData());
      QVERIFY(r.out.isEmpty());
    }
    const Result both = cli(fitArgs({QStringLiteral("--json"), QStringLiteral("--format"), QStringLiteral("csv")}));
    QCOMPARE(both.code, 2);
    QVERIFY2(both.err.contains("--json and --format csv contradict each other"), both.err.constData());
  }

  void analyzeAsTables() {
    const Result csv = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("csv")}));
    QVERIFY2(csv.code == 0, csv.err.constData());
    const QString out = QString::fromUtf8(csv.out);
    const QString command = QStringLiteral("# ") + caption("analyze") + QStringLiteral(" --where model=synth-llama-7b --format csv (Ratioscope 0.1.0)\n# ") +
                            inputLine() + QStringLiteral("\n");
    // Two tables, each with its caption: the fairness checks, then the dropouts.
    QVERIFY2(out.startsWith(command + QStringLiteral("# fairness checks, budget params (")), qPrintable(out.left(400)));
    QVERIFY(out.contains(QStringLiteral("compressed_run,compressed,baseline_run,baseline,baseline_predicted,check,verdict,evidence,explanation\n")));
    QVERIFY(out.contains(QStringLiteral("\n\n") + command + QStringLiteral("# capability dropout, criterion chance (")));
    QVERIFY(out.contains(QStringLiteral("series,task,category,status,ratio,ci_low,ci_high,criterion,explanation\n")));
    QVERIFY(out.contains(QStringLiteral(",budget-match,")) && out.contains(QStringLiteral("synth-llama-7b · magnitude,mmlu,")));

    const Result latex = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("latex")}));
    QVERIFY2(latex.code == 0, latex.err.constData());
    QCOMPARE(latex.out.count("\\begin{tabular}"), 2);
    QCOMPARE(latex.out.count("\\toprule"), 2);
    QCOMPARE(latex.out.count("\\bottomrule"), 2);
    QVERIFY(latex.out.contains("Compressed & Baseline & Check & Verdict & Evidence \\\\"));
    QVERIFY(latex.out.contains("Series & Task & Category & Status & Dropout ratio \\\\"));

    const Result md = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("markdown")}));
    QVERIFY2(md.code == 0, md.err.constData());
    QVERIFY(md.out.contains("| Compressed | Baseline | Check | Verdict | Evidence | Explanation |\n"));
    QVERIFY(md.out.contains("| Series | Task | Category | Status | Dropout ratio | Explanation |\n"));
    QVERIFY(md.out.startsWith("<!-- ratioscope-cli analyze --input "));

    const Result text = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("text")}));
    QVERIFY(text.code == 0 && text.out.contains("Capability dropout (chance)"));
    const Result json = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("json")}));
    QVERIFY(json.code == 0 && QJsonDocument::fromJson(json.out).object().contains(QStringLiteral("fairness")));
  }
};

QTEST_GUILESS_MAIN(TestCliTables)
#include "test_cli_tables.moc"
