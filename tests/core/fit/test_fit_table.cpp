// The tables Ratioscope writes, to the byte, for a small known result: the
// fit's parameters (fit_table.h), the fairness checks (fairness_table.h) and
// the dropouts (dropout_table.h), as LaTeX, CSV and Markdown.
#include <QTest>
#include <cmath>

#include "core/analysis/dropout_table.h"
#include "core/analysis/fairness_table.h"
#include "core/fit/fit_table.h"
#include "core/laws/catalogue.h"
#include "core/model/provenance.h"

using namespace rs;

namespace {

// Chinchilla's published fit (Hoffmann et al. 2022, approach 3) with errors
// of a plausible size, one at a bound and one with no error.
fit::FitResult chinchillaResult() {
  fit::FitResult r;
  r.law = "chinchilla";
  r.ok = true;
  r.n_points = 40;
  r.space = laws::ResidualSpace::Log;
  r.robust = {laws::RobustLoss::Kind::Huber, 1e-3};
  r.error_method = fit::ErrorMethod::Wald;
  r.r2 = 0.99812;
  const auto param = [](const char* name, const char* display, double v, double se, double lo, double hi) {
    fit::ParamEstimate p;
    p.name = name;
    p.display = display;
    p.value = v;
    p.std_error = se;
    p.ci_low = lo;
    p.ci_high = hi;
    return p;
  };
  r.params = {param("A", "A", 406.4, 25.1, 357.2, 455.6), param("B", "B", 2143, 1293, 0.5, 4677.3), param("E", "E", 1.6934, 0.0042, 1.68517, 1.70163),
              param("alpha", "α", 0.36712, 0.0213, 0.325372, 0.408868), param("beta", "β", 0.2834, std::nan(""), std::nan(""), std::nan(""))};
  r.params[1].at_bound = true;
  return r;
}

const std::vector<std::string> kCaption = {"ratioscope-cli fit --input lab.csv --law chinchilla (Ratioscope 0.1.0)"};

QString text(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestFitTable : public QObject {
  Q_OBJECT
  std::shared_ptr<const laws::Law> law_ = laws::findLaw("chinchilla");

 private Q_SLOTS:
  void fitAsLatex() {
    QCOMPARE(text(fit::fitTableText(*law_, chinchillaResult(), TableFormat::Latex, kCaption)),
             QStringLiteral("% ratioscope-cli fit --input lab.csv --law chinchilla (Ratioscope 0.1.0)\n"
                            "% chinchilla: 40 points, log residuals, Huber δ=0.001, errors wald, R² 0.9981\n"
                            "\\begin{tabular}{lrr}\n"
                            "\\toprule\n"
                            "Parameter & Estimate & 95\\% interval \\\\\n"
                            "\\midrule\n"
                            "$A$ & $406 \\pm 25$ & [$357$, $456$] \\\\\n"
                            "$B$ & $2100 \\pm 1300$ & [$0$, $4700$] (at bound) \\\\\n"
                            "$E$ & $1.6934 \\pm 0.0042$ & [$1.6852$, $1.7016$] \\\\\n"
                            "$\\alpha$ & $0.367 \\pm 0.021$ & [$0.325$, $0.409$] \\\\\n"
                            "$\\beta$ & $0.2834$ &  \\\\\n"
                            "\\bottomrule\n"
                            "\\end{tabular}\n"));
  }

  void fitAsCsv() {
    QCOMPARE(text(fit::fitTableText(*law_, chinchillaResult(), TableFormat::Csv, kCaption)),
             // No caption: CSV has no comments (text_table.h); a file's record goes beside it.
             QStringLiteral("parameter,value,stderr,ci_low,ci_high,at_bound,intercept\n"
                            "A,406.4,25.1,357.2,455.6,false,false\n"
                            "B,2143,1293,0.5,4677.3,true,false\n"
                            "E,1.6934,0.0042,1.68517,1.70163,false,false\n"
                            "alpha,0.36712,0.0213,0.325372,0.408868,false,false\n"
                            "beta,0.2834,,,,false,false\n"));
  }

  void fitAsMarkdown() {
    QCOMPARE(text(fit::fitTableText(*law_, chinchillaResult(), TableFormat::Markdown, kCaption)),
             QStringLiteral("<!-- ratioscope-cli fit --input lab.csv --law chinchilla (Ratioscope 0.1.0) -->\n"
                            "<!-- chinchilla: 40 points, log residuals, Huber δ=0.001, errors wald, R² 0.9981 -->\n"
                            "| Parameter | Estimate | 95% interval |\n"
                            "| --- | ---: | ---: |\n"
                            "| A | 406 ± 25 | [357, 456] |\n"
                            "| B | 2100 ± 1300 | [0, 4700] (at bound) |\n"
                            "| E | 1.6934 ± 0.0042 | [1.6852, 1.7016] |\n"
                            "| α | 0.367 ± 0.021 | [0.325, 0.409] |\n"
                            "| β | 0.2834 |  |\n"));
  }

  void interceptIsNamed() {
    fit::FitResult r = chinchillaResult();
    r.params[2].intercept = true;
    QVERIFY(text(fit::fitTableText(*law_, r, TableFormat::Latex, {})).contains(QStringLiteral("$E$ (intercept) & ")));
    QVERIFY(text(fit::fitTableText(*law_, r, TableFormat::Csv, {})).contains(QStringLiteral("E,1.6934,0.0042,1.68517,1.70163,false,true\n")));
  }

  void latexSymbolsAndText() {
    QCOMPARE(text(latexSymbol("alpha_N")), QStringLiteral("$\\alpha_{N}$"));
    QCOMPARE(text(latexSymbol("N_c")), QStringLiteral("$N_{c}$"));
    QCOMPARE(text(latexSymbol("eff_int4")), QStringLiteral("\\texttt{eff\\_int4}"));
    QCOMPARE(text(latexText("50% of A&B_1 ± 2 #x")), QStringLiteral("50\\% of A\\&B\\_1 $\\pm$ 2 \\#x"));
  }

  void csvQuotesWhereNeeded() {
    TextTable t;
    t.header = {"a", "b"};
    t.rows = {{"x, y", "say \"hi\""}};
    QCOMPARE(text(renderTable(t, TableFormat::Csv)), QStringLiteral("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"));
    t.rows = {{"a|b", "c"}};
    QCOMPARE(text(renderTable(t, TableFormat::Markdown)), QStringLiteral("| a | b |\n| --- | --- |\n| a\\|b | c |\n"));
  }

  void fairnessTables() {
    analysis::Comparison c;
    c.compressed = 7;
    c.baseline = 3;
    c.compressed_label = "llama-7b · wanda r=0.5";
    c.baseline_label = "llama-3b";
    c.checks = {{"budget-match", analysis::Verdict::Pass, "3.5B vs 3.4B params (3%)", "The budgets match."},
                {"seeds", analysis::Verdict::Warn, "1 seed", "One seed on each side."}};
    const std::vector<std::string> caption = {"fairness"};
    QCOMPARE(text(renderTable(analysis::fairnessTable({c}, TableFormat::Latex, caption), TableFormat::Latex)),
             QStringLiteral("% fairness\n\\begin{tabular}{lllll}\n\\toprule\nCompressed & Baseline & Check & Verdict & Evidence \\\\\n\\midrule\n"
                            "llama-7b · wanda r=0.5 & llama-3b & budget-match & pass & 3.5B vs 3.4B params (3\\%) \\\\\n"
                            " &  & seeds & warn & 1 seed \\\\\n\\bottomrule\n\\end{tabular}\n"));
    QCOMPARE(text(renderTable(analysis::fairnessTable({c}, TableFormat::Csv, caption), TableFormat::Csv)),
             QStringLiteral("compressed_run,compressed,baseline_run,baseline,baseline_predicted,check,verdict,evidence,explanation\n"
                            "7,llama-7b · wanda r=0.5,3,llama-3b,false,budget-match,pass,3.5B vs 3.4B params (3%),The budgets match.\n"
                            "7,llama-7b · wanda r=0.5,3,llama-3b,false,seeds,warn,1 seed,One seed on each side.\n"));
    QCOMPARE(text(renderTable(analysis::fairnessTable({c}, TableFormat::Markdown, caption), TableFormat::Markdown)),
             QStringLiteral("<!-- fairness -->\n| Compressed | Baseline | Check | Verdict | Evidence | Explanation |\n"
                            "| --- | --- | --- | --- | --- | --- |\n"
                            "| llama-7b · wanda r=0.5 | llama-3b | budget-match | pass | 3.5B vs 3.4B params (3%) | The budgets match. |\n"
                            "|  |  | seeds | warn | 1 seed | One seed on each side. |\n"));
  }

  void dropoutTables() {
    analysis::Dropout d;
    d.series = "llama-7b · rtn";
    d.task = "arc_challenge";
    d.category = TaskCategory::Reasoning;
    d.status = analysis::Dropout::Status::Dropped;
    d.ratio = 0.6123456;
    d.ci_low = 0.5;
    d.ci_high = 0.75;
    d.criterion = "chance";
    d.explanation = "At chance from r = 0.61.";
    analysis::Dropout never = d;
    never.task = "piqa";
    never.status = analysis::Dropout::Status::Never;
    never.explanation = "Above chance throughout.";
    QCOMPARE(text(renderTable(analysis::dropoutTable({d, never}, TableFormat::Latex, {"dropout"}), TableFormat::Latex)),
             QStringLiteral("% dropout\n\\begin{tabular}{llllr}\n\\toprule\nSeries & Task & Category & Status & Dropout ratio \\\\\n\\midrule\n"
                            "llama-7b · rtn & arc\\_challenge & reasoning & dropped & 0.6123 [0.5, 0.75] \\\\\n"
                            "llama-7b · rtn & piqa & reasoning & never &  \\\\\n\\bottomrule\n\\end{tabular}\n"));
    QCOMPARE(text(renderTable(analysis::dropoutTable({d, never}, TableFormat::Csv, {"dropout"}), TableFormat::Csv)),
             QStringLiteral("series,task,category,status,ratio,ci_low,ci_high,criterion,explanation\n"
                            "llama-7b · rtn,arc_challenge,reasoning,dropped,0.6123456,0.5,0.75,chance,At chance from r = 0.61.\n"
                            "llama-7b · rtn,piqa,reasoning,never,,,,chance,Above chance throughout.\n"));
    QCOMPARE(text(renderTable(analysis::dropoutTable({d}, TableFormat::Markdown, {"dropout"}), TableFormat::Markdown)),
             QStringLiteral("<!-- dropout -->\n| Series | Task | Category | Status | Dropout ratio | Explanation |\n"
                            "| --- | --- | --- | --- | ---: | --- |\n"
                            "| llama-7b · rtn | arc_challenge | reasoning | dropped | 0.6123 [0.5, 0.75] | At chance from r = 0.61. |\n"));
  }

  void captionsSayWhatMadeTheTable() {
    QCOMPARE(text(producedBy("x")), QStringLiteral("x (Ratioscope %1)").arg(text(ratioscopeVersion())));
    QCOMPARE(text(commandLine({"ratioscope-cli", "fit", "--where", "bits<=4", "--input", "my runs.csv", "--law", "chinchilla"})),
             QStringLiteral("ratioscope-cli fit --where 'bits<=4' --input 'my runs.csv' --law chinchilla"));
    Run a, b, c;
    a.source.file = "b.csv";
    b.source.file = "a.csv";
    c.source.producer = "trial on cpu";
    QCOMPARE(text(describeInput({a, b, a, c})), QStringLiteral("input a.csv, b.csv, trial on cpu"));
    Run d;
    d.source.file = "z.csv";
    QCOMPARE(text(describeInput({a, b, c, d})), QStringLiteral("input a.csv, b.csv, trial on cpu and 1 more"));
    QCOMPARE(text(describeInput({})), QString());
  }
};

QTEST_APPLESS_MAIN(TestFitTable)
#include "test_fit_table.moc"
