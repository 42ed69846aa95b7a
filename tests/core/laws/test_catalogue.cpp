// Every law in the catalogue: data generated from known parameters with
// seeded noise; the fit must recover each parameter within its reported
// uncertainty.
#include <QTest>
#include <functional>

#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "tests/support/fit_test_support.h"

using namespace rs;
using namespace rs::testing;

namespace {

struct Case {
  std::string law;
  std::vector<Run> runs;
  std::string metric = "loss";
  Axis axis = Axis::Ratio;
  bool accuracy = false;
  std::vector<double> truth;  // reported values, in the law's parameter order
};

// Runs at the given (N, D) with a loss from f and multiplicative noise.
std::vector<Run> scaling(const std::vector<std::pair<double, double>>& nd, const std::function<double(double, double)>& f,
                         double sd, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, sd);
  std::vector<Run> runs;
  for (const auto& [n, d] : nd) {
    Run r = makeRun(static_cast<std::int64_t>(runs.size() + 1), "m" + std::to_string(runs.size()), n, d);
    r.metrics.push_back({"loss", f(n, d) * std::exp(noise(rng)), {}, {}});
    runs.push_back(r);
  }
  return runs;
}

// One model's compression curve: y(r) with additive noise, dense run at r = 0.
std::vector<Run> curve(const std::string& model, std::int64_t firstId, const std::vector<double>& ratios,
                       const std::function<double(double)>& f, double sd, std::uint64_t seed, const std::string& metric = "loss",
                       double rft = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, sd);
  std::vector<Run> runs;
  for (double r : ratios) {
    Run run = makeRun(firstId++, model, 1e9, 2e10, r == 0 ? "dense" : "magnitude", r, rft);
    run.metrics.push_back({metric, f(r) + (r == 0 ? 0 : noise(rng)), {}, {}});
    runs.push_back(run);
  }
  return runs;
}

// A compression format of the multi-format laws' test data.
struct Format {
  const char* method;
  double bits, sparsity;
};
// Every format over a 5 x 4 grid of N and D, loss from `loss(format index,
// N, D, run)` with 0.2% multiplicative noise (seeded).
template <typename Loss>
std::vector<Run> formatGrid(const std::vector<Format>& formats, std::uint64_t seed, Loss loss) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0, 0.002);
  std::vector<Run> runs;
  for (std::size_t f = 0; f < formats.size(); ++f)
    for (double n : logspace(1e8, 1e10, 5))
      for (double d : logspace(1e10, 1e12, 4)) {
        Run r = makeRun(static_cast<std::int64_t>(runs.size() + 1), "m" + std::to_string(n), n, d, formats[f].method, 0.5);
        if (formats[f].bits < 16) r.bits = formats[f].bits;
        if (formats[f].sparsity > 0) r.sparsity = formats[f].sparsity;
        r.metrics.push_back({"loss", loss(f, n, d, r) * std::exp(noise(rng)), {}, {}});
        runs.push_back(r);
      }
  return runs;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  std::vector<std::pair<double, double>> nOnly, dOnly, grid;
  for (double n : logspace(1e7, 1e10, 14)) nOnly.push_back({n, 1e11});
  for (double d : logspace(1e8, 1e11, 14)) dOnly.push_back({1e9, d});
  for (double n : logspace(1e7, 1e10, 7))
    for (double d : logspace(1e8, 1e11, 7)) grid.push_back({n, d});
  out.push_back({"kaplan-n", scaling(nOnly, [](double n, double) { return std::pow(8.8e13 / n, 0.076); }, 0.003, 1), "loss",
                 Axis::Ratio, false, {8.8e13, 0.076}});
  out.push_back({"kaplan-d", scaling(dOnly, [](double, double d) { return std::pow(5.4e13 / d, 0.095); }, 0.003, 2), "loss",
                 Axis::Ratio, false, {5.4e13, 0.095}});
  out.push_back({"kaplan-nd",
                 scaling(grid, [](double n, double d) { return std::pow(std::pow(6.4e13 / n, 0.076 / 0.095) + 1.8e13 / d, 0.095); }, 0.003, 3),
                 "loss", Axis::Ratio, false, {6.4e13, 1.8e13, 0.076, 0.095}});
  out.push_back({"chinchilla", chinchillaRuns(0.005, 4), "loss", Axis::Ratio, false, {406.4, 410.7, 1.69, 0.34, 0.28}});

  const std::vector<double> ratios = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  {
    // Three models (different Y0) with and without recovery fine-tuning.
    std::vector<Run> runs;
    std::int64_t id = 1;
    std::uint64_t seed = 5;
    for (double y0 : {2.0, 2.4, 2.9})
      for (double rft : {0.0, 1e8}) {
        std::mt19937_64 rng(seed++);
        std::normal_distribution<double> noise(0, 0.004);
        for (double r : ratios) {
          if (r == 0 && rft > 0) continue;  // one dense run per model
          Run run = makeRun(id++, "y0=" + std::to_string(y0), 1e9, 2e10, r == 0 ? "dense" : (rft > 0 ? "magnitude+rft" : "magnitude"), r, rft);
          const double y = r == 0 ? y0 : std::pow(y0, 1.05) * std::pow(1 + r, 1.5) * std::pow(1 + 1 / (rft + 1), -0.2) * std::exp(noise(rng));
          run.metrics.push_back({"loss", y, {}, {}});
          runs.push_back(run);
        }
      }
    // Dense runs are the anchors (Y0), not observations of the law.
    std::vector<Run> observed;
    for (const Run& r : runs) observed.push_back(r);
    out.push_back({"compression", observed, "loss", Axis::Ratio, false, {1.05, 1.5, -0.2}});
  }
  out.push_back({"compression-quadratic", curve("q", 1, ratios, [](double r) { return 2.2 * (1 + 0.1 * r + 1.2 * r * r); }, 0.01, 6),
                 "loss", Axis::Ratio, false, {0.1, 1.2}});
  out.push_back({"compression-linear", curve("l", 1, ratios, [](double r) { return 0.7 * (1 - 0.5 * r); }, 0.004, 7, "piqa"),
                 "piqa", Axis::Ratio, true, {0.5}});
  {
    std::mt19937_64 rng(8);
    std::normal_distribution<double> noise(0, 0.004);
    std::vector<Run> runs;
    for (double l = 2.0; l <= 4.01; l += 0.1) {
      Run r = makeRun(static_cast<std::int64_t>(runs.size() + 1), "g" + std::to_string(runs.size()), 1e9, 2e10);
      r.metrics.push_back({"loss", l, {}, {}});
      r.metrics.push_back({"arc_easy", 1 - (0.75 - 5.0 * std::exp(-1.0 * l)) + noise(rng), {}, {}});
      runs.push_back(r);
    }
    out.push_back({"gadre-downstream", runs, "arc_easy", Axis::Ratio, true, {0.75, 5.0, 1.0}});
  }
  const std::vector<double> fine = {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9};
  std::vector<double> positive(fine.begin() + 1, fine.end());
  out.push_back({"power", curve("p", 1, positive, [](double r) { return 1.5 + 2.0 * std::pow(r, 0.7); }, 0.005, 9), "loss",
                 Axis::Ratio, false, {1.5, 2.0, 0.7}});
  out.push_back({"logistic", curve("s", 1, fine, [](double r) { return 0.25 + 0.45 / (1 + std::exp((r - 0.5) / 0.05)); }, 0.004, 10, "mmlu"),
                 "mmlu", Axis::Ratio, true, {0.25, 0.70, 0.5, 0.05}});
  out.push_back({"segmented", curve("k", 1, fine, [](double r) { return r < 0.6 ? 2.5 + 0.5 * (r - 0.6) : 2.5 + 5.0 * (r - 0.6); }, 0.01, 11),
                 "loss", Axis::Ratio, false, {2.5, 0.5, 5.0, 0.6}});
  {
    // epm: dense plus three formats with known multipliers, over an N x D grid.
    const std::vector<Format> formats = {{"dense", 16, 0}, {"rtn", 4, 0}, {"rtn", 3, 0}, {"magnitude", 16, 0.5}};
    const double eff[] = {1.0, 0.8, 0.5, 0.6};
    const auto runs = formatGrid(formats, 12, [&](std::size_t f, double n, double d, const Run&) {
      return 1.69 + 406.4 / std::pow(n * eff[f], 0.34) + 410.7 / std::pow(d, 0.28);
    });
    // Parameters: A, B, E, alpha, beta, then eff per format in sorted key order.
    out.push_back({"epm", runs, "loss", Axis::Ratio, false, {406.4, 410.7, 1.69, 0.34, 0.28, 0.6, 0.5, 0.8}});
  }
  {
    // capacity: formats whose GMSE Ratioscope computes; the law's own constants.
    const std::vector<Format> formats = {{"dense", 16, 0}, {"rtn", 4, 0}, {"rtn", 3, 0}, {"rtn", 2, 0}, {"magnitude", 16, 0.5}, {"magnitude", 16, 0.7}};
    const double A = 406.4, B = 410.7, E = 1.69, alpha = 0.34, beta = 0.28, lrho = 1.0, F = 0.41, C = 1.39;
    const auto runs = formatGrid(formats, 13, [&](std::size_t, double n, double d, const Run& r) {
      const auto [gq, gs] = fit::runGmse(r);
      auto rho = [&](double g) { return g <= 0 ? 1.0 : lrho * std::pow(std::tanh(F * std::log(g) / std::log(0.25)), C); };
      return A * std::pow(n * rho(gq) * rho(gs), -alpha) + B * std::pow(d, -beta) + E;
    });
    out.push_back({"capacity", runs, "loss", Axis::Ratio, false, {A, B, E, alpha, beta, lrho, F, C}});
  }
  return out;
}

}  // namespace

class TestCatalogue : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyLawIsCovered() {
    QStringList tested;
    for (const Case& c : cases()) tested << QString::fromStdString(c.law);
    for (const auto& law : laws::lawCatalogue()) QVERIFY2(tested.contains(QString::fromStdString(law->info().id)), law->info().id.c_str());
  }
  void recoversParameters_data() {
    QTest::addColumn<int>("index");
    int i = 0;
    for (const Case& c : cases()) QTest::newRow(c.law.c_str()) << i++;
  }
  void recoversParameters() {
    QFETCH(int, index);
    const Case c = cases()[static_cast<std::size_t>(index)];
    const auto law = laws::findLaw(c.law);
    QVERIFY(law);
    fit::FitDataSpec spec;
    spec.metric = c.metric;
    spec.x_axis = c.axis;
    spec.metric_is_accuracy = c.accuracy;
    const fit::FitData data = fit::buildFitData(*law, c.runs, spec, law->info().default_space);
    QVERIFY2(data.error.empty(), data.error.c_str());
    const fit::FitResult result = fit::fitLaw(*law, data);
    QVERIFY2(result.ok, result.error.c_str());
    QVERIFY(result.converged);
    QVERIFY(result.r2 > 0.95);
    for (std::size_t i = 0; i < c.truth.size(); ++i) {
      const fit::ParamEstimate& p = result.params[i];
      const QString what = QStringLiteral("%1: %2 = %3 ± %4, 95% [%5, %6], truth %7")
                               .arg(QString::fromStdString(c.law), QString::fromStdString(p.name))
                               .arg(p.value).arg(p.std_error).arg(p.ci_low).arg(p.ci_high).arg(c.truth[i]);
      QVERIFY2(std::isfinite(p.std_error) && p.std_error > 0, qPrintable(what));
      // Within the reported interval, widened to 99.7% (3 standard errors on
      // the fitted scale) so one unlucky draw does not make the test flaky.
      const double lo = p.value - 1.53 * (p.value - p.ci_low), hi = p.value + 1.53 * (p.ci_high - p.value);
      QVERIFY2(c.truth[i] >= lo && c.truth[i] <= hi, qPrintable(what));
    }
  }
};

QTEST_APPLESS_MAIN(TestCatalogue)
#include "test_catalogue.moc"
