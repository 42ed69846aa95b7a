// Fairness checks: each check with a pass, a warn or fail, and an unknown.
#include <QTest>
#include <cmath>
#include <random>

#include "core/analysis/effective_params.h"
#include "core/analysis/fairness.h"
#include "core/analysis/native_frontier.h"
#include "tests/support/fit_test_support.h"

using namespace rs;
using namespace rs::analysis;

namespace {
Run run(std::int64_t id, const std::string& model, const std::string& method, double params, double tokens) {
  Run r = rs::testing::makeRun(id, model, params, tokens, method, 0.5, 0);
  r.seed = 1;
  if (method != "dense") r.sparsity = 0.5;
  r.distilled = false;
  return r;
}
void acc(Run& r, const std::string& task, double v, double se = 0.01, std::int64_t n = 2000) { r.metrics.push_back({task, v, se, n}); }
const Check& check(const Comparison& c, const std::string& id) {
  for (const Check& k : c.checks)
    if (k.id == id) return k;
  static Check none;
  return none;
}
// A 7B pruned to 3.5B kept parameters against a 3.5B native model trained at 20 tokens/param.
std::pair<Run, Run> fairPair() {
  Run c = run(1, "big", "magnitude", 7e9, 1.4e11);
  Run b = run(2, "small", "dense", 3.5e9, 7e10);
  for (Run* r : {&c, &b}) {
    acc(*r, "arc_easy", 0.70);
    acc(*r, "piqa", 0.75);
  }
  c.metrics[0].value = 0.76;  // clearly better on arc_easy
  c.metrics[1].value = 0.81;
  return {c, b};
}
}  // namespace

class TestFairness : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void fairComparisonPasses() {
    auto [c, b] = fairPair();
    Run c2 = c, b2 = b;
    c2.id = 3, c2.seed = 2, b2.id = 4, b2.seed = 2;
    const std::vector<Run> all = {c, b, c2, b2};
    const Comparison cmp = compare(c, b, all, TaskCatalog(), Budget::Params);
    QCOMPARE(cmp.checks.size(), std::size_t(7));
    for (const char* id : {"budget-match", "baseline-training", "eval-match", "data-confound", "significance", "average-hides-collapse", "seeds"})
      QVERIFY2(check(cmp, id).verdict == Verdict::Pass, (std::string(id) + ": " + check(cmp, id).explanation + " / " + check(cmp, id).evidence).c_str());
    QVERIFY(QString::fromStdString(check(cmp, "eval-match").explanation).contains(QStringLiteral("harness version")));
    // With only seed 1 in view, the compressed side is judged as one seed.
    const std::vector<Run> seedOne = {c, b};
    const Check one = check(compare(c, b, all, TaskCatalog(), Budget::Params, &seedOne), "seeds");
    QVERIFY(one.verdict == Verdict::Warn);
    QVERIFY2(one.evidence == "compressed 1 seed(s), baseline 2 seed(s)", one.evidence.c_str());
  }

  void unfairComparisonsAreFlagged() {
    auto [c, b] = fairPair();
    // Budget: the baseline has half the kept parameters.
    Run smallBase = b;
    smallBase.params = 1.75e9;
    smallBase.tokens = 3.5e10;
    QVERIFY(check(compare(c, smallBase, {c, smallBase}, TaskCatalog(), Budget::Params), "budget-match").verdict == Verdict::Fail);
    // Undertrained baseline (2 tokens/param) and parent.
    Run under = b;
    under.tokens = 7e9;
    QVERIFY(check(compare(c, under, {c, under}, TaskCatalog(), Budget::Params), "baseline-training").verdict == Verdict::Fail);
    Run undertrainedParent = c;
    undertrainedParent.tokens = 5.6e10;  // 8 tokens/param
    const Check parent = check(compare(undertrainedParent, b, {undertrainedParent, b}, TaskCatalog(), Budget::Params), "baseline-training");
    QVERIFY(parent.verdict == Verdict::Warn);
    QVERIFY(QString::fromStdString(parent.explanation).contains(QStringLiteral("parent is undertrained")));
    // Different tasks.
    Run fewer = b;
    fewer.metrics.pop_back();
    QVERIFY(check(compare(c, fewer, {c, fewer}, TaskCatalog(), Budget::Params), "eval-match").verdict == Verdict::Fail);
    // Recovery fine-tuning with distillation: 10 B tokens = 14% of the baseline's pretraining.
    Run recovered = c;
    recovered.rft_tokens = 1e10;
    recovered.distilled = true;
    const Check data = check(compare(recovered, b, {recovered, b}, TaskCatalog(), Budget::Params), "data-confound");
    QVERIFY(data.verdict == Verdict::Fail);
    QVERIFY(QString::fromStdString(data.evidence).contains(QStringLiteral("14% of the baseline")));
    // A difference within noise.
    Run close = c;
    close.metrics[0].value = 0.705;
    close.metrics[1].value = 0.752;
    QVERIFY(check(compare(close, b, {close, b}, TaskCatalog(), Budget::Params), "significance").verdict == Verdict::Warn);
    // The average holds while piqa is at chance.
    Run collapsed = c;
    collapsed.metrics[0].value = 0.95;
    collapsed.metrics[1].value = 0.50;
    const Check hide = check(compare(collapsed, b, {collapsed, b}, TaskCatalog(), Budget::Params), "average-hides-collapse");
    QVERIFY(hide.verdict == Verdict::Fail);
    QVERIFY(QString::fromStdString(hide.explanation).contains(QStringLiteral("piqa")));
    // One seed each.
    QVERIFY(check(compare(c, b, {c, b}, TaskCatalog(), Budget::Params), "seeds").verdict == Verdict::Warn);
  }

  void missingDataIsUnknown() {
    auto [c, b] = fairPair();
    Run bare = b;
    bare.tokens.reset();
    bare.seed.reset();
    QVERIFY(check(compare(c, bare, {c, bare}, TaskCatalog(), Budget::Params), "baseline-training").verdict == Verdict::Unknown);
    QVERIFY(check(compare(c, bare, {c, bare}, TaskCatalog(), Budget::Params), "seeds").verdict == Verdict::Unknown);
    const Check bytes = check(compare(c, b, {c, b}, TaskCatalog(), Budget::Bytes), "budget-match");
    QVERIFY(bytes.verdict == Verdict::Unknown);
    QVERIFY(QString::fromStdString(bytes.explanation).contains(QStringLiteral("bytes budget is not known")));
    Run noRft = c;
    noRft.rft_tokens.reset();
    noRft.distilled.reset();
    QVERIFY(check(compare(noRft, b, {noRft, b}, TaskCatalog(), Budget::Params), "data-confound").verdict == Verdict::Unknown);
    Run noErrors = c, noErrorsB = b;
    for (Run* r : {&noErrors, &noErrorsB})
      for (Metric& m : r->metrics) m.std_error.reset(), m.n.reset();
    QVERIFY(check(compare(noErrors, noErrorsB, {noErrors, noErrorsB}, TaskCatalog(), Budget::Params), "significance").verdict == Verdict::Unknown);
    Run losses = b;
    losses.metrics = {{"loss", 2.0, {}, {}}};
    QVERIFY(check(compare(c, losses, {c, losses}, TaskCatalog(), Budget::Params), "average-hides-collapse").verdict == Verdict::Unknown);
  }

  void effectiveParametersInvertTheDenseLaw() {
    // Dense runs from the published Chinchilla law; a compressed run whose
    // loss equals that of a dense model of 2e9 params has N_eff = 2e9.
    std::vector<Run> runs = rs::testing::chinchillaRuns(0.0);
    const double d = 1e11;
    Run c = run(9999, "m-big", "rtn", 7e9, d);
    c.family = "f";
    c.metrics.push_back({"loss", 1.69 + 406.4 / std::pow(2e9, 0.34) + 410.7 / std::pow(d, 0.28), {}, {}});
    runs.push_back(c);
    Run tooGood = c;
    tooGood.id = 10000;
    tooGood.metrics[0].value = 1.0;  // below E: no dense model reaches it
    runs.push_back(tooGood);
    // Its dense parent, 10% worse than the law says: the law puts it at less
    // than its own size, and vs_parent measures the run against that.
    Run parent = run(10001, "m-big", "dense", 7e9, d);
    parent.family = "f";
    const double parentNeff = 5e9;
    parent.metrics.push_back({"loss", 1.69 + 406.4 / std::pow(parentNeff, 0.34) + 410.7 / std::pow(d, 0.28), {}, {}});
    const auto withParent = effectiveParameters([&] { auto all = runs; all.push_back(parent); return all; }(), "loss", "chinchilla");
    QVERIFY(std::fabs(*withParent[0].runs[0].parent_multiplier - 5.0 / 7.0) < 0.02);
    QVERIFY(std::fabs(*withParent[0].runs[0].vs_parent - 2.0 / 5.0) < 0.02);
    const auto results = effectiveParameters(runs, "loss", "chinchilla");
    QVERIFY(!results[0].runs[0].vs_parent);  // no dense parent among these runs
    QCOMPARE(results.size(), std::size_t(1));
    QVERIFY2(results[0].error.empty(), results[0].error.c_str());
    QCOMPARE(results[0].runs.size(), std::size_t(2));
    QVERIFY(std::fabs(*results[0].runs[0].n_eff / 2e9 - 1) < 1e-3);
    QVERIFY(std::fabs(*results[0].runs[0].multiplier - 2.0 / 7.0) < 1e-3);
    QVERIFY(!results[0].runs[1].n_eff);
    QVERIFY(QString::fromStdString(results[0].runs[1].note).contains(QStringLiteral("below the dense law's floor at this token count")));
    QVERIFY(QString::fromStdString(results[0].runs[1].note).contains(QStringLiteral("no dense size reaches this loss under the fitted law")));
    // Too few dense runs, or a law that cannot be inverted, say why.
    const auto few = effectiveParameters({c}, "loss", "chinchilla");
    QVERIFY(QString::fromStdString(few[0].error).contains(QStringLiteral("cannot fit chinchilla")));
    QVERIFY(QString::fromStdString(effectiveParameters({c}, "loss", "logistic")[0].error).contains(QStringLiteral("cannot invert 'logistic'")));
  }

  void pairsWithTheClosestNativeModel() {
    auto [c, b] = fairPair();
    Run tiny = run(5, "tiny", "dense", 5e8, 1e10);
    Run self = run(6, "big", "dense", 7e9, 1.4e11);
    const std::vector<Run> runs = {c, b, tiny, self};
    const auto pairs = pairWithNativeBaselines(runs, runs, Budget::Params);
    QCOMPARE(pairs.size(), std::size_t(1));
    QCOMPARE(pairs[0].second->model, std::string("small"));  // not its own dense parent
  }

  void nativeFrontierPredictsFromTheDenseLaw() {
    // Dense runs from Chinchilla's published law (N x D grid, 1% noise), a
    // 16B model pruned to 2.5e9 kept parameters: no native model is within
    // 25% of that, so the frontier predicts one at N = 2.5e9, D = the parent's.
    std::vector<Run> all;
    for (const Run& r : rs::testing::chinchillaRuns(0.01))
      if (*r.params < 2e9 || *r.params > 3.2e9) all.push_back(r);  // leave a gap at the budget
    for (Run& r : all) r.metrics.back().std_error = 0.01 * r.metrics.back().value;
    Run c = run(1000, "m-big", "magnitude", 1.6e10, 3e11);
    c.sparsity = 1 - 2.5e9 / 1.6e10;
    const double truth = 1.69 + 406.4 / std::pow(2.5e9, 0.34) + 410.7 / std::pow(3e11, 0.28);
    c.metrics.push_back({"loss", truth + 0.05, 0.005, {}});  // clearly worse than the native model
    all.push_back(c);
    fit::FitOptions fast;
    fast.random_starts = 300;
    const NativeFrontier frontier(all, "loss", fast);
    QCOMPARE(frontier.family("f")->law, std::string("chinchilla"));
    std::string why;
    const auto predicted = frontier.predict(c, Budget::Params, why);
    QVERIFY2(predicted, why.c_str());
    QVERIFY(isPredictedBaseline(*predicted));
    QCOMPARE(*predicted->params, 2.5e9);
    QCOMPARE(*predicted->tokens, 3e11);
    QVERIFY2(std::fabs(predicted->metrics[0].value - truth) < 0.01 * truth, qPrintable(QString::number(predicted->metrics[0].value)));
    QVERIFY(predicted->metrics[0].std_error && *predicted->metrics[0].std_error > 0);
    // Paired with the prediction; the checks say what a prediction cannot show.
    const std::vector<Run> compressed = {c};
    const BaselinePairing pairing = pairWithBaselines(compressed, all, Budget::Params, &frontier);
    QCOMPARE(pairing.pairs.size(), std::size_t(1));
    QVERIFY(isPredictedBaseline(*pairing.pairs[0].second));
    const Comparison cmp = compare(c, *pairing.pairs[0].second, all, TaskCatalog(), Budget::Params);
    QVERIFY(QString::fromStdString(cmp.baseline_label).endsWith(QStringLiteral("predicted")));
    QCOMPARE(check(cmp, "budget-match").verdict, Verdict::Pass);
    QCOMPARE(check(cmp, "eval-match").verdict, Verdict::Unknown);
    QVERIFY(check(cmp, "eval-match").explanation.find("predicted from the family's dense law") != std::string::npos);
    QCOMPARE(check(cmp, "significance").verdict, Verdict::Pass);  // on the loss: worse by 0.05 against ~0.02
    QVERIFY(check(cmp, "significance").explanation.find("compressed model is worse") != std::string::npos);
    // A measured native model within 25% of the budget is preferred.
    Run native = run(2000, "m-native", "dense", 2.4e9, 4.8e10);
    native.metrics.push_back({"loss", 2.3, 0.01, {}});
    all.push_back(native);
    const BaselinePairing measured = pairWithBaselines(compressed, all, Budget::Params, &frontier);
    QCOMPARE(measured.pairs[0].second->id, std::int64_t(2000));
  }

  void nativeFrontierSaysWhenItCannotPredict() {
    // Equal tokens: the offset power law in N; two sizes are too few.
    std::vector<Run> all;
    for (double n : {1e6, 4e6}) {
      Run r = run(static_cast<std::int64_t>(n), "n" + std::to_string(n), "dense", n, 1e8);
      r.metrics.push_back({"loss", 2 + 50 / std::pow(n, 0.3), 0.01, {}});
      all.push_back(r);
    }
    Run c = run(1, "n4e6", "magnitude", 4e6, 1e8);
    c.metrics.push_back({"loss", 2.5, 0.01, {}});
    all.push_back(c);
    std::string why;
    QVERIFY(!NativeFrontier(all, "loss").predict(c, Budget::Params, why));
    QVERIFY2(why.find("cannot predict native models of f: 2 dense model size(s) with 'loss' (the frontier needs at least 4)") != std::string::npos,
             why.c_str());
    for (double n : {2e6, 8e6, 1.6e7}) {
      Run r = run(static_cast<std::int64_t>(n), "n" + std::to_string(n), "dense", n, 1e8);
      r.metrics.push_back({"loss", 2 + 50 / std::pow(n, 0.3), 0.01, {}});
      all.push_back(r);
    }
    const NativeFrontier power(all, "loss");
    QCOMPARE(power.family("f")->law, std::string("power"));
    const auto predicted = power.predict(c, Budget::Params, why);  // 2e6 kept parameters
    QVERIFY2(predicted, why.c_str());
    QVERIFY(std::fabs(predicted->metrics[0].value - (2 + 50 / std::pow(2e6, 0.3))) < 1e-3);
    QVERIFY(!power.predict(c, Budget::Latency, why));
    QVERIFY(why.find("latency budget does not map to a parameter count") != std::string::npos);
    // L(N) from runs at 1e8 tokens says nothing about a parent trained on 1e9.
    Run other = c;
    other.tokens = 1e9;
    QVERIFY(!power.predict(other, Budget::Params, why));
    QVERIFY2(why.find("L(N) says nothing about other budgets") != std::string::npos, why.c_str());
    // Each size at its own budget: size and tokens are confounded.
    std::vector<Run> confounded;
    for (double n : {1e6, 2e6, 4e6, 8e6, 1.6e7}) {
      Run r = run(static_cast<std::int64_t>(n), "n" + std::to_string(n), "dense", n, 20 * n);
      r.metrics.push_back({"loss", 2 + 50 / std::pow(n, 0.3), 0.01, {}});
      confounded.push_back(r);
    }
    confounded.push_back(c);
    QVERIFY(!NativeFrontier(confounded, "loss").predict(c, Budget::Params, why));
    QVERIFY2(why.find("no size was trained at two token counts") != std::string::npos, why.c_str());
    const auto effective = effectiveParameters(confounded, "loss", "auto");
    QVERIFY(effective[0].error.find("cannot choose a dense law for f") != std::string::npos);
  }

  void effectiveParametersFallBackToThePowerLawInN() {
    // Dense runs sharing one token count: chinchilla and kaplan-nd cannot
    // separate N from D, so "auto" inverts L = a + b·N^c.
    std::vector<Run> all;
    for (double n : {1e6, 2e6, 4e6, 8e6, 1.6e7}) {
      Run r = run(static_cast<std::int64_t>(n), "n" + std::to_string(n), "dense", n, 1e8);
      r.metrics.push_back({"loss", 2 + 50 * std::pow(n, -0.3), {}, {}});
      all.push_back(r);
    }
    Run c = run(1, "n1.6e7", "rtn", 1.6e7, 1e8);
    c.bits = 4;
    c.metrics.push_back({"loss", 2 + 50 * std::pow(3e6, -0.3), {}, {}});  // worth a 3M dense model
    all.push_back(c);
    const auto results = effectiveParameters(all, "loss", "auto");
    QCOMPARE(results.size(), std::size_t(1));
    QVERIFY2(results[0].error.empty(), results[0].error.c_str());
    QCOMPARE(results[0].law, std::string("power"));
    QVERIFY(!results[0].note.empty());  // why chinchilla and kaplan-nd were passed over
    QCOMPARE(results[0].runs.size(), std::size_t(1));
    QVERIFY(std::fabs(*results[0].runs[0].n_eff / 3e6 - 1) < 0.01);
    QVERIFY(std::fabs(*results[0].runs[0].multiplier - 3e6 / 1.6e7) < 0.01);
    QCOMPARE(results[0].runs[0].method, std::string("rtn"));
    const auto named = effectiveParameters(all, "loss", "gadre-downstream");
    QVERIFY(named[0].error.find("effective parameters use chinchilla, kaplan-nd or power") != std::string::npos);
  }

  void effectiveParametersCarryTheLawsUncertainty() {
    // Noisy dense runs of L = 2 + 50·N^-0.3 at one token count, eight sizes;
    // a quantised run worth a 3M dense model. Its N_eff interval, from draws
    // of the fitted law, holds 3M and widens when the dense runs are noisier.
    auto intervalWidth = [](double noise, std::optional<double>* low, std::optional<double>* high) {
      std::mt19937_64 rng(5);
      std::normal_distribution<double> eps(0, noise);
      std::vector<Run> all;
      for (double n : {1e6, 2e6, 4e6, 8e6, 1.6e7, 3.2e7, 6.4e7, 1.28e8}) {
        Run r = run(static_cast<std::int64_t>(n), "n" + std::to_string(n), "dense", n, 1e8);
        r.metrics.push_back({"loss", (2 + 50 * std::pow(n, -0.3)) * (1 + eps(rng)), {}, {}});
        all.push_back(r);
      }
      Run c = run(1, "n1.6e7", "rtn", 1.6e7, 1e8);
      c.bits = 4;
      c.metrics.push_back({"loss", 2 + 50 * std::pow(3e6, -0.3), {}, {}});
      all.push_back(c);
      const auto results = effectiveParameters(all, "loss", "power");
      const EffectiveParams& e = results[0].runs[0];
      *low = e.n_eff_low;
      *high = e.n_eff_high;
      return e.n_eff_high && e.n_eff_low ? *e.n_eff_high / *e.n_eff_low : -1.0;
    };
    std::optional<double> low, high;
    const double tight = intervalWidth(0.002, &low, &high);
    QVERIFY2(low && high, "an interval from the law's covariance");
    QVERIFY2(*low < 3e6 && 3e6 < *high, qPrintable(QStringLiteral("[%1, %2]").arg(*low).arg(*high)));
    const double wide = intervalWidth(0.006, &low, &high);
    QVERIFY2(wide > tight, qPrintable(QStringLiteral("%1 vs %2").arg(wide).arg(tight)));
  }

  void aTaskNeverLearnedDidNotCollapse() {
    // piqa at chance in the compressed model, but its dense parent was at
    // chance too: nothing collapsed, and the evidence says why.
    auto [c, b] = fairPair();
    c.metrics[1].value = 0.5;  // piqa: chance 0.5
    Run parent = run(9, "big", "dense", 7e9, 1.4e11);
    acc(parent, "arc_easy", 0.78);
    acc(parent, "piqa", 0.5);
    const std::vector<Run> all = {c, b, parent};
    const Check k = check(compare(c, b, all, TaskCatalog(), Budget::Params), "average-hides-collapse");
    QCOMPARE(k.verdict, Verdict::Pass);
    QVERIFY2(k.evidence.find("at chance already before compression: piqa") != std::string::npos, k.evidence.c_str());
    // With a parent that knew the task, the same numbers are a collapse.
    Run knew = parent;
    knew.metrics[1].value = 0.8;
    const std::vector<Run> all2 = {c, b, knew};
    QVERIFY(check(compare(c, b, all2, TaskCatalog(), Budget::Params), "average-hides-collapse").verdict != Verdict::Pass);
  }
};

QTEST_APPLESS_MAIN(TestFairness)
#include "test_fairness.moc"
