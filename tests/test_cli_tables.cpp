// `ratioscope-cli fit --format` and `analyze --format` end to end: the real
// executable's LaTeX, CSV and Markdown tables, their caption lines (what
// made them: command, input hash, options, runs), JSON's provenance object,
// --out with the record beside the file, --json as the alias of --format
// json, and an unknown format refused.
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
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

// The ids of the runs the fit uses, as its JSON lists them: "1 2 3 …".
QString runIds() {
  const Result r = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json")}));
  QStringList ids;
  for (const QJsonValue& v : QJsonDocument::fromJson(r.out).object()[QStringLiteral("run_ids")].toArray()) ids << QString::number(v.toInteger());
  return ids.join(QLatin1Char(' '));
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
    QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("% ") + caption("fit") +
                           QStringLiteral(" --law compression-quadratic --where model=synth-llama-7b --where method=magnitude --format latex (Ratioscope " RS_VERSION ")"));
    // The data behind the table (issue #15): the input with its hash, the
    // fit's options, every run fitted, then the fit.
    QCOMPARE(lines[1], QStringLiteral("% ") + inputLine());
    QCOMPARE(lines[2], QStringLiteral("% fit options: the law's defaults"));
    QCOMPARE(lines[3], QStringLiteral("% runs (27): ") + runIds());
    QVERIFY2(lines[4].startsWith(QStringLiteral("% compression-quadratic: 27 points, ")), qPrintable(lines[4]));
    lines.remove(2, 2);  // the command, input and fit lines and the table below, as before
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
    // No comment lines: a "# …" line is a data row to Python's csv module,
    // pandas and R. Its provenance goes beside a file (--out), and stdout says so.
    const QStringList lines = QString::fromUtf8(csv.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines[0], QStringLiteral("parameter,value,stderr,ci_low,ci_high,at_bound,intercept"));
    QVERIFY2(csv.err.contains("note: a CSV table has no comments to carry what made it; --out FILE.csv writes that beside it, in FILE.json"),
             csv.err.constData());
    QCOMPARE(lines.size() - 1, params.size());
    for (qsizetype i = 1; i < lines.size(); ++i) {
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
    QCOMPARE(lines[2], QStringLiteral("<!-- fit options: the law's defaults -->"));
    QCOMPARE(lines[3], QStringLiteral("<!-- runs (27): ") + runIds() + QStringLiteral(" -->"));
    QCOMPARE(lines[5], QStringLiteral("| Parameter | Estimate | 95% interval |"));
    QCOMPARE(lines[6], QStringLiteral("| --- | ---: | ---: |"));
    QVERIFY2(lines[7].startsWith(QStringLiteral("| ")) && lines[7].contains(QStringLiteral(" ± ")), qPrintable(lines[7]));
  }

  void fitJsonCarriesItsProvenance() {
    const Result r = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--robust"), QStringLiteral("HUBER:0.01")}));
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    const QJsonObject p = o[QStringLiteral("provenance")].toObject();
    QCOMPARE(p[QStringLiteral("ratioscope")].toString(), QStringLiteral(RS_VERSION));
    QCOMPARE(p[QStringLiteral("command")].toString(), caption("fit") + QStringLiteral(" --law compression-quadratic --where model=synth-llama-7b "
                                                                                       "--where method=magnitude --format json --robust HUBER:0.01 "
                                                                                       "(Ratioscope " RS_VERSION ")"));
    QCOMPARE(p[QStringLiteral("fit_options")].toString(), QStringLiteral("robust huber:0.01"));
    const QJsonObject input = p[QStringLiteral("sources")].toArray().first().toObject();
    QCOMPARE(input[QStringLiteral("role")].toString(), QStringLiteral("input"));
    QCOMPARE(QStringLiteral("input %1 sha256 %2").arg(input[QStringLiteral("path")].toString(), input[QStringLiteral("sha256")].toString()), inputLine());
    // The runs behind the numbers are the fit's own.
    QJsonArray ids;
    for (const QJsonValue& run : p[QStringLiteral("runs")].toArray()) ids.append(run.toObject()[QStringLiteral("id")]);
    QCOMPARE(ids, o[QStringLiteral("run_ids")].toArray());
    QVERIFY(!p[QStringLiteral("runs")].toArray().first().toObject()[QStringLiteral("key")].toString().isEmpty());
  }

  void fitOutWritesTheTableAndItsRecordBeside() {
    QTemporaryDir dir;
    const QString tex = dir.filePath(QStringLiteral("table.tex")), csv = dir.filePath(QStringLiteral("table.csv"));
    const Result latex = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("latex"), QStringLiteral("--out"), tex}));
    QVERIFY2(latex.code == 0, latex.err.constData());
    QVERIFY(latex.out.isEmpty());
    QFile texFile(tex);
    QVERIFY(texFile.open(QIODevice::ReadOnly));
    const QByteArray texBytes = texFile.readAll();
    QVERIFY(texBytes.startsWith("% ratioscope-cli fit --input "));
    QVERIFY(texBytes.contains("\\begin{tabular}{lrr}"));
    const Result asCsv = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"), csv}));
    QVERIFY2(asCsv.code == 0, asCsv.err.constData());
    QVERIFY2(!asCsv.err.contains("no comments"), asCsv.err.constData());  // its record is beside it
    // table.tex and table.csv share table.json, which lists both with their bytes' hashes.
    QFile sidecar(dir.filePath(QStringLiteral("table.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    const QJsonObject record = QJsonDocument::fromJson(sidecar.readAll()).object();
    QCOMPARE(record[QStringLiteral("fit_options")].toString(), QStringLiteral("the law's defaults"));
    QCOMPARE(record[QStringLiteral("runs")].toArray().size(), 27);
    const QJsonArray outputs = record[QStringLiteral("outputs")].toArray();
    QCOMPARE(outputs.size(), 2);
    QCOMPARE(outputs[0].toObject()[QStringLiteral("file")].toString(), QStringLiteral("table.csv"));
    QCOMPARE(outputs[0].toObject()[QStringLiteral("format")].toString(), QStringLiteral("csv"));
    QCOMPARE(outputs[1].toObject()[QStringLiteral("file")].toString(), QStringLiteral("table.tex"));
    QCOMPARE(outputs[1].toObject()[QStringLiteral("sha256")].toString(),
             QString::fromLatin1(QCryptographicHash::hash(texBytes, QCryptographicHash::Sha256).toHex()));
    QVERIFY(outputs[0].toObject()[QStringLiteral("command")].toString().contains(QStringLiteral("--format csv --out ")));
    // A table named .json would be overwritten by its own record.
    const Result clash = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("markdown"), QStringLiteral("--out"), dir.filePath(QStringLiteral("t.json"))}));
    QCOMPARE(clash.code, 2);
    QVERIFY2(clash.err.contains("fit: --out " + dir.filePath(QStringLiteral("t.json")).toUtf8() +
                                ": the record of what made it is written beside the file as " + dir.filePath(QStringLiteral("t.json")).toUtf8() +
                                "; name the file .tex, .csv, .md or .txt, or use --format json"),
             clash.err.constData());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("t.json"))));
    // A file that cannot be written is named, and nothing is printed instead.
    const Result nowhere = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("latex"), QStringLiteral("--out"), dir.filePath(QStringLiteral("no/such/t.tex"))}));
    QCOMPARE(nowhere.code, 1);
    QVERIFY2(nowhere.err.contains("fit: " + dir.filePath(QStringLiteral("no/such/t.tex")).toUtf8() + ": cannot write: "), nowhere.err.constData());
    QVERIFY(nowhere.out.isEmpty());
    // JSON holds its own provenance: no sidecar.
    const QString json = dir.filePath(QStringLiteral("fit.json"));
    QCOMPARE(cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--out"), json})).code, 0);
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(jsonFile.readAll()).object()[QStringLiteral("provenance")].isObject());
  }

  void analyzeOutWritesItsTablesAndTheirRecord() {
    QTemporaryDir dir;
    const QString md = dir.filePath(QStringLiteral("checks.md"));
    const Result r = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("markdown"), QStringLiteral("--out"), md}));
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.isEmpty());
    QFile file(md);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("| Series | Task | Category | Status | Dropout ratio | Explanation |\n"));
    QFile sidecar(dir.filePath(QStringLiteral("checks.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    const QJsonObject record = QJsonDocument::fromJson(sidecar.readAll()).object();
    QCOMPARE(record[QStringLiteral("analysis_options")].toString(),
             QStringLiteral("dropout chance, budget params, dense law auto, loss metric loss, knee sensitivity 1"));
    QCOMPARE(record[QStringLiteral("outputs")].toArray().first().toObject()[QStringLiteral("format")].toString(), QStringLiteral("markdown"));
    const Result text = cli(analyzeArgs({QStringLiteral("--out"), dir.filePath(QStringLiteral("report.txt"))}));
    QCOMPARE(text.code, 2);
    QVERIFY2(text.err.contains("analyze: --out writes the tables (--format latex, csv or markdown) or JSON; the text report goes to stdout"),
             text.err.constData());
  }

  void jsonIsAnAliasOfFormatJson() {
    const Result alias = cli(fitArgs({QStringLiteral("--json")}));
    const Result format = cli(fitArgs({QStringLiteral("--format"), QStringLiteral("json")}));
    QVERIFY2(alias.code == 0 && format.code == 0, alias.err.constData());
    QJsonObject a = withoutTime(QJsonDocument::fromJson(alias.out).object()), f = withoutTime(QJsonDocument::fromJson(format.out).object());
    // Their provenance names the command as typed, --json or --format json.
    QVERIFY(a[QStringLiteral("provenance")].toObject()[QStringLiteral("command")].toString().contains(QStringLiteral(" --json ")));
    a.remove(QStringLiteral("provenance"));
    f.remove(QStringLiteral("provenance"));
    QCOMPARE(a, f);
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
    // Two tables: the fairness checks, then the dropouts (in CSV without
    // comment lines; LaTeX and Markdown carry them, below).
    QVERIFY2(out.startsWith(QStringLiteral("compressed_run,compressed,baseline_run,baseline,baseline_predicted,check,verdict,evidence,explanation\n")),
             qPrintable(out.left(400)));
    QVERIFY(out.contains(QStringLiteral("\n\nseries,task,category,status,ratio,ci_low,ci_high,criterion,explanation\n")));
    QVERIFY(out.contains(QStringLiteral(",budget-match,")) && out.contains(QStringLiteral("synth-llama-7b · magnitude,mmlu,")));

    const Result latex = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("latex")}));
    QVERIFY2(latex.code == 0, latex.err.constData());
    QCOMPARE(latex.out.count("\\begin{tabular}"), 2);
    QCOMPARE(latex.out.count("\\toprule"), 2);
    QCOMPARE(latex.out.count("\\bottomrule"), 2);
    QVERIFY(latex.out.contains("Compressed & Baseline & Check & Verdict & Evidence \\\\"));
    QVERIFY(latex.out.contains("Series & Task & Category & Status & Dropout ratio \\\\"));

    // Each table's caption: the command, the input with its hash, the
    // options that decide the verdicts, the runs, and what it shows.
    const QString command = QStringLiteral("% ") + caption("analyze") + QStringLiteral(" --where model=synth-llama-7b --format latex (Ratioscope " RS_VERSION ")\n% ") +
                            inputLine() + QStringLiteral("\n% analysis options: dropout chance, budget params, dense law auto, loss metric loss, knee sensitivity 1\n% runs (");
    const QString tables = QString::fromUtf8(latex.out);
    QVERIFY2(tables.startsWith(command), qPrintable(tables.left(600)));
    QCOMPARE(tables.count(command), 2);
    QVERIFY(tables.contains(QStringLiteral("\n% fairness checks, budget params (")));
    QVERIFY(tables.contains(QStringLiteral("\n% capability dropout, criterion chance (")));

    const Result md = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("markdown")}));
    QVERIFY2(md.code == 0, md.err.constData());
    QVERIFY(md.out.contains("| Compressed | Baseline | Check | Verdict | Evidence | Explanation |\n"));
    QVERIFY(md.out.contains("| Series | Task | Category | Status | Dropout ratio | Explanation |\n"));
    QVERIFY(md.out.startsWith("<!-- ratioscope-cli analyze --input "));

    const Result text = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("text")}));
    QVERIFY(text.code == 0 && text.out.contains("Capability dropout (chance)"));
    const Result json = cli(analyzeArgs({QStringLiteral("--format"), QStringLiteral("json")}));
    QVERIFY(json.code == 0 && QJsonDocument::fromJson(json.out).object().contains(QStringLiteral("fairness")));
    QCOMPARE(QJsonDocument::fromJson(json.out).object()[QStringLiteral("provenance")].toObject()[QStringLiteral("analysis_options")].toString(),
             QStringLiteral("dropout chance, budget params, dense law auto, loss metric loss, knee sensitivity 1"));
  }
};

QTEST_GUILESS_MAIN(TestCliTables)
#include "test_cli_tables.moc"
