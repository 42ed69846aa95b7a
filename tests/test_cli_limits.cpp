// ratioscope-cli fit and analyze on data that shows each failure of issue 11
// part 4, built here: a loss law on an accuracy, a compression law without
// its dense anchor, fits beyond their limits, γ as an intercept and --sigma
// with the fitted α and γ, fit and analyze on the same curve points, dense
// designs described truly, N_eff far outside the dense sizes, and training
// budgets that never merge.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QSet>
#include <QTest>

#include "support/run_program.h"
#include <cmath>
#include <optional>

namespace {

using Result = rs::test::ProgramResult;
Result cli(const QStringList& args) { return rs::test::runCli(args); }

QJsonObject json(const Result& r) { return QJsonDocument::fromJson(r.out).object(); }

// A long CSV row: run, family, model, params, tokens, method, ratio, seed, metric, value.
QString row(const QString& run, const QString& model, double params, std::optional<double> tokens, const QString& method, double ratio, int seed,
            const QString& metric, double value) {
  return QStringLiteral("%1,llama,%2,%3,%4,%5,%6,%7,%8,%9\n")
      .arg(run, model, QString::number(params, 'g', 10), tokens ? QString::number(*tokens, 'g', 10) : QString(), method,
           method == QLatin1String("dense") ? QString() : QString::number(ratio), QString::number(seed), metric)
      .arg(value, 0, 'g', 10);
}
const char* kHeader = "run,family,model,params,tokens,method,ratio,seed,metric,value\n";

// Two models pruned by wanda at eight ratios, two seeds each (one dense run
// per model): loss bends at ratio 0.5; arc_easy falls; piqa (m7 only) rises
// to 1.0 under compression. Deterministic wiggles stand in for noise.
QString curveCsv() {
  QString csv = QString::fromLatin1(kHeader);
  for (const auto& [model, params, dense] : {std::tuple{"m7", 7e9, 2.0}, std::tuple{"m13", 1.3e10, 1.8}}) {
    const QString m = QString::fromLatin1(model);
    csv += row(m + QStringLiteral("/dense"), m, params, 20 * params, QStringLiteral("dense"), 0, 1, QStringLiteral("loss"), dense);
    csv += row(m + QStringLiteral("/dense"), m, params, 20 * params, QStringLiteral("dense"), 0, 1, QStringLiteral("arc_easy"), 0.72);
    if (m == QLatin1String("m7")) csv += row(m + QStringLiteral("/dense"), m, params, 20 * params, QStringLiteral("dense"), 0, 1, QStringLiteral("piqa"), 0.96);
    int i = 0;
    for (double r : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8})
      for (int seed : {1, 2}) {
        const QString run = QStringLiteral("%1/wanda/%2/%3").arg(m).arg(r).arg(seed);
        const double wiggle = 0.01 * std::sin(7.0 * ++i);
        const double loss = dense * (1 + 0.1 * r + 2.0 * std::max(0.0, r - 0.5)) + wiggle;
        csv += row(run, m, params, 20 * params, QStringLiteral("wanda"), r, seed, QStringLiteral("loss"), loss);
        csv += row(run, m, params, 20 * params, QStringLiteral("wanda"), r, seed, QStringLiteral("arc_easy"), 0.72 - 0.4 * r + wiggle);
        if (m == QLatin1String("m7"))
          csv += row(run, m, params, 20 * params, QStringLiteral("wanda"), r, seed, QStringLiteral("piqa"), std::min(1.0, 0.96 + 0.1 * r));
      }
  }
  return csv;
}

QString write(QTemporaryDir& dir, const QString& name, const QString& text) {
  QFile f(dir.filePath(name));
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(text.toUtf8());
  return f.fileName();
}

QJsonObject knee(const QJsonObject& analysis, const QString& series, const QString& metric, const QString& method) {
  for (const QJsonValue& v : analysis[QStringLiteral("knees")].toArray()) {
    const QJsonObject k = v.toObject();
    if (k[QStringLiteral("series")].toString() == series && k[QStringLiteral("metric")].toString() == metric &&
        k[QStringLiteral("method")].toString() == method)
      return k;
  }
  return {};
}

}  // namespace

class TestCliLimits : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  QString curve_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    curve_ = write(dir_, QStringLiteral("curve.csv"), curveCsv());
    QVERIFY(!curve_.isEmpty());
  }

  void refusesALossLawOnAnAccuracy() {
    const Result r = cli({QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"), QStringLiteral("chinchilla"),
                          QStringLiteral("--metric"), QStringLiteral("arc_easy")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("cannot fit chinchilla: chinchilla describes a loss, which falls with scale towards a floor, and 'arc_easy' is an "
                            "accuracy (higher is better, between chance and 1)"),
             r.err.constData());
    QVERIFY(r.out.isEmpty());  // no parameters printed for a refused fit
  }

  void refusesACompressionLawWithoutItsDenseAnchor() {
    // The dense runs are not in the input at all (not merely not selected).
    QString compressedOnly;
    for (const QString& line : curveCsv().split(QLatin1Char('\n')))
      if (!line.contains(QLatin1String(",dense,"))) compressedOnly += line + QLatin1Char('\n');
    const QString file = write(dir_, QStringLiteral("compressed.csv"), compressedOnly);
    const Result r = cli({QStringLiteral("fit"), QStringLiteral("--input"), file, QStringLiteral("--law"), QStringLiteral("compression-quadratic")});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("cannot fit compression-quadratic: no dense run of m13, m7 has 'loss', and compression-quadratic reads it as Y₀, "
                            "the dense model's value at ratio 0"),
             r.err.constData());
    // Selected away but loaded, the anchors are found (fit_data.h).
    const Result selected = cli({QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"),
                                 QStringLiteral("compression-quadratic"), QStringLiteral("--where"), QStringLiteral("method=wanda")});
    QVERIFY2(selected.code == 0, selected.err.constData());
  }

  void reportsLimitsInJsonAndText() {
    const QStringList args = {QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"), QStringLiteral("compression-linear"),
                              QStringLiteral("--metric"), QStringLiteral("piqa")};
    const Result r = cli(args + QStringList{QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonArray limits = json(r)[QStringLiteral("limits")].toArray();
    QCOMPARE(limits.size(), 1);
    QVERIFY2(limits[0].toString().contains(QStringLiteral(", above 1: an accuracy lies in [0, 1]")), qPrintable(limits[0].toString()));
    const Result text = cli(args);
    QVERIFY2(text.out.contains("  warning: predicts 'piqa' = "), text.out.constData());
  }

  void gammaAndTheCriticalRatioUseTheFit() {
    const Result r = cli({QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"), QStringLiteral("compression"),
                          QStringLiteral("--sigma"), QStringLiteral("1.1"), QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject o = json(r);
    const QJsonObject params = o[QStringLiteral("params")].toObject();
    const QJsonObject gamma = params[QStringLiteral("gamma")].toObject();
    // No run has recovery tokens: γ is an intercept and named so.
    QVERIFY(gamma[QStringLiteral("intercept")].toBool());
    QVERIFY(gamma[QStringLiteral("meaning")].toString().startsWith(QStringLiteral("intercept: (1 + 1/(D_rft + 1))^γ is one constant factor")));
    QVERIFY(!params[QStringLiteral("beta")].toObject()[QStringLiteral("intercept")].toBool());
    bool named = false;
    for (const QJsonValue& l : o[QStringLiteral("limits")].toArray()) named |= l.toString().startsWith(QStringLiteral("γ is an intercept here"));
    QVERIFY(named);
    // One critical ratio per model, at its own Y0, with the fitted α and γ.
    const double alpha = params[QStringLiteral("alpha")].toObject()[QStringLiteral("value")].toDouble();
    const double beta = params[QStringLiteral("beta")].toObject()[QStringLiteral("value")].toDouble();
    const double g = gamma[QStringLiteral("value")].toDouble();
    const QJsonArray critical = o[QStringLiteral("critical_ratio")].toArray();
    QCOMPARE(critical.size(), 2);
    for (const QJsonValue& v : critical) {
      const QJsonObject c = v.toObject();
      const double y0 = c[QStringLiteral("y0")].toDouble();
      QCOMPARE(y0, c[QStringLiteral("model")].toString() == QLatin1String("m7") ? 2.0 : 1.8);
      const double expected = std::pow(1.1 / (std::pow(y0, alpha - 1) * std::pow(2.0, g)), 1 / beta) - 1;
      QVERIFY2(std::fabs(c[QStringLiteral("value")].toDouble() - expected) < 1e-9, qPrintable(QString::number(expected)));
      // Not the α = 1, γ = 0 shortcut it used to print.
      QVERIFY(std::fabs(c[QStringLiteral("value")].toDouble() - (std::pow(1.1, 1 / beta) - 1)) > 1e-3);
      QVERIFY(c[QStringLiteral("stderr")].toDouble() > 0);
    }
    const Result text = cli({QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"), QStringLiteral("compression"),
                             QStringLiteral("--sigma"), QStringLiteral("1.1")});
    QVERIFY2(text.out.contains("critical ratio for Y/Y0 = 1.1, m7 (Y0 2, D_rft 0): r_crit = "), text.out.constData());
    QVERIFY2(text.out.contains("(intercept)"), text.out.constData());
  }

  void fitAndAnalyzeShareTheCurvesPoints() {
    // fit --where method=wanda used to drop m7's dense run at ratio 0 and
    // fit each seed, while analyze kept the anchor and fitted the means.
    const Result fit = cli({QStringLiteral("fit"), QStringLiteral("--input"), curve_, QStringLiteral("--law"), QStringLiteral("segmented"),
                            QStringLiteral("--where"), QStringLiteral("model=m7"), QStringLiteral("--where"), QStringLiteral("method=wanda"),
                            QStringLiteral("--json")});
    QVERIFY2(fit.code == 0, fit.err.constData());
    const QJsonObject f = json(fit);
    QCOMPARE(f[QStringLiteral("n_points")].toInt(), 17);  // 8 ratios × 2 seeds + the dense anchor
    const double fitted = f[QStringLiteral("params")].toObject()[QStringLiteral("x0")].toObject()[QStringLiteral("value")].toDouble();
    for (const QStringList& where : {QStringList{QStringLiteral("model=m7"), QStringLiteral("method=wanda")}, QStringList{QStringLiteral("model=m7")}}) {
      QStringList args = {QStringLiteral("analyze"), QStringLiteral("--input"), curve_, QStringLiteral("--json")};
      for (const QString& w : where) args << QStringLiteral("--where") << w;
      const Result a = cli(args);
      QVERIFY2(a.code == 0, a.err.constData());
      const QJsonObject k = knee(json(a), QStringLiteral("m7 · wanda"), QStringLiteral("loss"), QStringLiteral("segmented"));
      QVERIFY2(!k.isEmpty() && !k[QStringLiteral("ratio")].isNull(), qPrintable(QJsonDocument(k).toJson()));
      const double analyzed = k[QStringLiteral("ratio")].toDouble();
      QVERIFY2(std::fabs(analyzed - fitted) < 1e-3, qPrintable(QStringLiteral("fit %1, analyze %2").arg(fitted).arg(analyzed)));
      QVERIFY(std::fabs(analyzed - 0.5) < 0.05);
    }
  }

  void denseDesignReasonsAreTrue() {
    // Four dense sizes with params but no tokens (lm-eval files say none).
    auto dense = [](bool withTokens) {
      QString csv = QString::fromLatin1(kHeader);
      for (double n : {1e8, 2e8, 4e8, 8e8})
        csv += row(QStringLiteral("s%1").arg(n), QStringLiteral("s%1").arg(n), n, withTokens ? std::optional<double>(20 * n) : std::nullopt,
                   QStringLiteral("dense"), 0, 1, QStringLiteral("loss"), 2 + 50 * std::pow(n, -0.3));
      csv += row(QStringLiteral("c"), QStringLiteral("s%1").arg(8e8), 8e8, withTokens ? std::optional<double>(1.6e10) : std::nullopt,
                 QStringLiteral("wanda"), 0.5, 1, QStringLiteral("loss"), 2.3);
      return csv;
    };
    const Result none = cli({QStringLiteral("analyze"), QStringLiteral("--input"), write(dir_, QStringLiteral("no-tokens.csv"), dense(false)),
                             QStringLiteral("--json")});
    QVERIFY2(none.code == 0, none.err.constData());
    const QString error = json(none)[QStringLiteral("effective_params")].toArray()[0].toObject()[QStringLiteral("error")].toString();
    // Before: "the dense runs differ in both size and tokens, ...", of runs that record no tokens.
    QCOMPARE(error, QStringLiteral("cannot choose a dense law for llama: the dense runs record no pretraining tokens, so whether they share one "
                                   "training budget (and L(N) applies) is not known"));
    // The lm-eval sweep in tests/data: llama runs with params but no tokens, and no 'loss'.
    const QStringList sweep = {QStringLiteral("analyze"), QStringLiteral("--input"), QStringLiteral(RS_TEST_DATA "/lm_eval/sweep"), QStringLiteral("--map"),
                               QStringLiteral(RS_TEST_DATA "/lm_eval/sweep-map.csv"), QStringLiteral("--json")};
    const auto effectiveError = [](const Result& r) {
      return json(r)[QStringLiteral("effective_params")].toArray()[0].toObject()[QStringLiteral("error")].toString();
    };
    QCOMPARE(effectiveError(cli(sweep)), QStringLiteral("cannot choose a dense law for llama: no dense run has the metric 'loss'"));
    QVERIFY(effectiveError(cli(sweep + QStringList{QStringLiteral("--loss-metric"), QStringLiteral("wikitext/word_perplexity")}))
                .endsWith(QStringLiteral("the dense runs record no pretraining tokens, so whether they share one training budget (and L(N) applies) is not known")));
    const Result confounded = cli({QStringLiteral("analyze"), QStringLiteral("--input"), write(dir_, QStringLiteral("confounded.csv"), dense(true)),
                                   QStringLiteral("--json")});
    QVERIFY(json(confounded)[QStringLiteral("effective_params")].toArray()[0].toObject()[QStringLiteral("error")].toString().contains(
        QStringLiteral("the dense runs differ in both size and tokens, and no size was trained at two token counts")));
  }

  void effectiveParametersFlagExtrapolationAndNoSpareDegreesOfFreedom() {
    // Three dense sizes at one token count (L = 2 + 50·N^-0.3, three
    // parameters: the law passes through them), and a quantised 4M model
    // whose loss is that of a 100M one, 25× the largest dense size.
    QString csv = QString::fromLatin1(kHeader);
    for (double n : {1e6, 2e6, 4e6})
      csv += row(QStringLiteral("d%1").arg(n), QStringLiteral("n%1").arg(n), n, 1e8, QStringLiteral("dense"), 0, 1, QStringLiteral("loss"),
                 2 + 50 * std::pow(n, -0.3));
    csv += row(QStringLiteral("q"), QStringLiteral("n%1").arg(4e6), 4e6, 1e8, QStringLiteral("rtn"), 0.5, 1, QStringLiteral("loss"), 2 + 50 * std::pow(1e8, -0.3));
    const QString file = write(dir_, QStringLiteral("extrapolated.csv"), csv);
    const Result r = cli({QStringLiteral("analyze"), QStringLiteral("--input"), file, QStringLiteral("--json")});
    QVERIFY2(r.code == 0, r.err.constData());
    const QJsonObject fam = json(r)[QStringLiteral("effective_params")].toArray()[0].toObject();
    QCOMPARE(fam[QStringLiteral("law")].toString(), QStringLiteral("power"));
    QCOMPARE(fam[QStringLiteral("limits")].toArray()[0].toString(),
             QStringLiteral("no spare degrees of freedom: 3 distinct dense sizes for power's 3 parameters, so the law passes through them and "
                            "nothing tests it"));
    const QJsonObject run = fam[QStringLiteral("runs")].toArray()[0].toObject();
    QVERIFY(std::fabs(run[QStringLiteral("n_eff")].toDouble() / 1e8 - 1) < 1e-3);
    QCOMPARE(run[QStringLiteral("extrapolation")].toString(),
             QStringLiteral("N_eff 100M is 25× the largest dense size (4M): the law is read far outside the sizes it was fitted to"));
    const Result text = cli({QStringLiteral("analyze"), QStringLiteral("--input"), file});
    QVERIFY2(text.out.contains("  warning: no spare degrees of freedom") && text.out.contains("100M (*) (!)") &&
                 text.out.contains("(!) n4e+06 · rtn r=0.5: N_eff 100M is 25×"),
             text.out.constData());
  }

  void trainingBudgetsNeverMerge() {
    // tf-nano swept after 50 steps (12.8k tokens, dense loss 3.9) and after
    // 2,000 (512k, 2.6). Before, one "tf-nano · magnitude" curve began at
    // 3.25, the mean of the two dense runs.
    QString csv = QString::fromLatin1(kHeader);
    for (const auto& [tokens, dense] : {std::pair{12800.0, 3.9}, std::pair{512000.0, 2.6}}) {
      csv += row(QStringLiteral("d%1").arg(tokens), QStringLiteral("tf-nano"), 15000, tokens, QStringLiteral("dense"), 0, 1, QStringLiteral("loss"), dense);
      for (double r : {0.2, 0.4, 0.6, 0.8, 0.9})
        csv += row(QStringLiteral("m%1/%2").arg(tokens).arg(r), QStringLiteral("tf-nano"), 15000, tokens, QStringLiteral("magnitude"), r, 1,
                   QStringLiteral("loss"), dense * (1 + r * r));
    }
    const QString file = write(dir_, QStringLiteral("budgets.csv"), csv);
    const Result a = cli({QStringLiteral("analyze"), QStringLiteral("--input"), file, QStringLiteral("--json")});
    QVERIFY2(a.code == 0, a.err.constData());
    QSet<QString> series;
    for (const QJsonValue& k : json(a)[QStringLiteral("knees")].toArray()) series.insert(k.toObject()[QStringLiteral("series")].toString());
    QCOMPARE(series, (QSet<QString>{QStringLiteral("tf-nano · magnitude · 12.8k tokens"), QStringLiteral("tf-nano · magnitude · 512k tokens")}));
    // A fit of a compression law reads each budget's own dense loss as Y0:
    // L = L0 (1 + r²) exactly, so a = 0, b = 1 and R² = 1. Before, every run
    // read Y0 = 3.25, the two budgets' mean, and R² was 0.503.
    const Result f = cli({QStringLiteral("fit"), QStringLiteral("--input"), file, QStringLiteral("--law"), QStringLiteral("compression-quadratic"),
                          QStringLiteral("--json")});
    QVERIFY2(f.code == 0, f.err.constData());
    QVERIFY(json(f)[QStringLiteral("r2")].toDouble() > 1 - 1e-9);
    const QJsonObject params = json(f)[QStringLiteral("params")].toObject();
    QVERIFY(std::fabs(params[QStringLiteral("a")].toObject()[QStringLiteral("value")].toDouble()) < 1e-6);
    QVERIFY(std::fabs(params[QStringLiteral("b")].toObject()[QStringLiteral("value")].toDouble() - 1) < 1e-6);
  }
};

QTEST_GUILESS_MAIN(TestCliLimits)
#include "test_cli_limits.moc"
