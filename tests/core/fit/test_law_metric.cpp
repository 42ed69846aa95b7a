// A law fitted to a metric it was not made for is refused or warned about
// (core/fit/law_metric.h), and a law relative to the dense model says which
// model lacks its dense anchor at ratio 0 (core/fit/fit_data.h).
#include <QTest>

#include "core/fit/fitter.h"
#include "core/fit/law_metric.h"
#include "core/laws/catalogue.h"
#include "core/model/task_catalog.h"
#include "tests/support/fit_test_support.h"

using namespace rs;

namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }

// Dense models of four sizes and two token counts, each with an accuracy
// that rises with size (arc_easy) and a loss that falls.
std::vector<Run> denseRuns() {
  std::vector<Run> runs;
  std::int64_t id = 1;
  for (double n : {1e8, 3e8, 1e9, 3e9})
    for (double d : {2e9, 2e10}) {
      Run r = testing::makeRun(id, "m" + std::to_string(id), n, d);
      ++id;
      const double loss = 1.8 + 400 / std::pow(n, 0.34) + 400 / std::pow(d, 0.28);
      r.metrics.push_back({"loss", loss, {}, {}});
      r.metrics.push_back({"arc_easy", 0.25 + 0.5 / (1 + std::exp(3 * (loss - 3))), {}, {}});
      runs.push_back(r);
    }
  return runs;
}

fit::FitDataSpec specFor(const std::string& metric, const std::vector<Run>* anchors = nullptr) {
  fit::FitDataSpec spec;
  spec.metric = metric;
  spec.anchors = anchors;
  fit::describeMetric(spec, TaskCatalog());
  return spec;
}
}  // namespace

class TestLawMetric : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void lossLawsRefuseAnAccuracy() {
    const std::vector<Run> runs = denseRuns();
    for (const char* id : {"chinchilla", "kaplan-n", "kaplan-nd"}) {
      const auto law = laws::findLaw(id);
      const fit::FitData data = fit::buildFitData(*law, runs, specFor("arc_easy"), law->info().default_space);
      QVERIFY(!data.error.empty());
      QVERIFY2(q(data.error).startsWith(QStringLiteral("cannot fit %1: %1 describes a loss, which falls with scale towards a floor, and "
                                                       "'arc_easy' is an accuracy (higher is better, between chance and 1); fit logistic, "
                                                       "compression-linear, compression or gadre-downstream to it")
                                            .arg(QLatin1String(id))),
               data.error.c_str());
      QVERIFY(!fit::fitLaw(*law, data).ok);
      // The same law on the loss fits, with no note about the metric.
      const fit::FitData loss = fit::buildFitData(*law, runs, specFor("loss"), law->info().default_space);
      QVERIFY2(loss.error.empty(), loss.error.c_str());
      QVERIFY(loss.skipped.empty());
    }
  }

  void otherMismatchesAreWarned() {
    const auto linear = laws::findLaw("compression-linear");
    const fit::LawMetricCheck onLoss = fit::checkLawForMetric(linear->info(), "loss", false, true);
    QVERIFY(!onLoss.refused);
    QCOMPARE(q(onLoss.message), QStringLiteral("'loss' is lower-is-better, and compression-linear describes an accuracy falling with the "
                                               "ratio; compression-quadratic or compression describe a loss"));
    // A loss law on a metric known to be higher-is-better but no accuracy (lambada's).
    const auto chinchilla = laws::findLaw("chinchilla");
    const fit::LawMetricCheck higher = fit::checkLawForMetric(chinchilla->info(), "lambada", false, false);
    QVERIFY(!higher.refused);
    QVERIFY2(q(higher.message).startsWith(QStringLiteral("'lambada' is higher-is-better, and chinchilla describes a loss")), higher.message.c_str());
    // A metric of unknown direction is not judged; the generic shapes suit anything;
    // Gadre's law reads an error rate, which is lower-is-better.
    QVERIFY(fit::checkLawForMetric(chinchilla->info(), "my_metric", false, std::nullopt).message.empty());
    QVERIFY(fit::checkLawForMetric(laws::findLaw("power")->info(), "arc_easy", true, false).message.empty());
    QVERIFY(fit::checkLawForMetric(laws::findLaw("gadre-downstream")->info(), "err_mmlu", false, true).message.empty());
    // What the catalogue knows of a metric reaches the check.
    const fit::FitDataSpec unknown = specFor("my_metric");
    QVERIFY(!unknown.metric_lower_is_better.has_value());
    QCOMPARE(specFor("loss").metric_lower_is_better, std::optional<bool>(true));
    QVERIFY(specFor("arc_easy").metric_is_accuracy);
  }

  void compressionLawsNameTheModelWithoutADenseAnchor() {
    // llama-7b has its dense run; llama-13b was loaded compressed only.
    std::vector<Run> runs;
    std::int64_t id = 1;
    for (const char* model : {"llama-7b", "llama-13b"}) {
      if (std::string(model) == "llama-7b") {
        Run d = testing::makeRun(id++, model, 7e9, 1e12);
        d.metrics.push_back({"loss", 2.0, {}, {}});
        runs.push_back(d);
      }
      for (double r : {0.2, 0.4, 0.6, 0.8}) {
        Run c = testing::makeRun(id++, model, 7e9, 1e12, "wanda", r);
        c.metrics.push_back({"loss", 2.0 * (1 + 0.1 * r + 0.5 * r * r), {}, {}});
        runs.push_back(c);
      }
    }
    const auto law = laws::findLaw("compression-quadratic");
    const fit::FitData data = fit::buildFitData(*law, runs, specFor("loss", &runs), laws::ResidualSpace::Linear);
    QVERIFY2(data.error.empty(), data.error.c_str());
    QCOMPARE(data.size(), 4);  // llama-7b's four compressed runs
    QCOMPARE(data.skipped.size(), std::size_t(1));
    QCOMPARE(q(data.skipped[0]), QStringLiteral("the runs of llama-13b are left out: no dense run of llama-13b has 'loss', and "
                                                "compression-quadratic reads it as Y₀, the dense model's value at ratio 0 (load the dense "
                                                "run of the same model and training budget)"));
    // Without any anchor the law is refused, with the same reason.
    std::vector<Run> compressedOnly;
    for (const Run& r : runs)
      if (!r.isDense()) compressedOnly.push_back(r);
    const fit::FitData none = fit::buildFitData(*law, compressedOnly, specFor("loss", &compressedOnly), laws::ResidualSpace::Linear);
    QCOMPARE(q(none.error), QStringLiteral("cannot fit compression-quadratic: no dense run of llama-13b, llama-7b has 'loss', and "
                                           "compression-quadratic reads it as Y₀, the dense model's value at ratio 0 (load the dense run "
                                           "of the same model and training budget)"));
  }
};

QTEST_APPLESS_MAIN(TestLawMetric)
#include "test_law_metric.moc"
