// Compression trials through the public API (CPU): sweeps produce honest,
// complete runs, loss rises with pruning on a trained model, recovery helps,
// IMP and head pruning run on transformers, native baselines join the sweep,
// checkpoints are cached, a sweep is deterministic and cancellable, progress
// moves through training, and bad options say why. Includes no Torch header
// (trials.h is plain C++).
//
// Kept fast (under a minute on two busy cores): one thread (two OpenMP
// threads on two busy cores spin-wait for each other), and the tests share
// one checkpoint cache, so mlp-small is trained once for all of them.
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/trials/trials.h"

using namespace rs::trials;

namespace {
std::vector<TrialRun> sweep(TrialOptions o, std::vector<std::string>* notes = nullptr) {
  std::vector<TrialRun> runs;
  if (notes) o.on_note = [notes](const std::string& n) { notes->push_back(n); };
  const std::string why = runTrials(o, [&](const TrialRun& r) { runs.push_back(r); });
  if (!why.empty()) qWarning("%s", why.c_str());
  return runs;
}
QTemporaryDir& sharedCache() {
  static QTemporaryDir dir;
  return dir;
}
TrialOptions small() {
  TrialOptions o;
  o.model = "mlp-small";
  o.ratios = {0, 0.5, 0.9};
  o.bits = {8, 2};
  o.train_steps = 300;
  o.device = "cpu";
  o.threads = 1;
  o.cache_dir = sharedCache().path().toStdString();
  return o;
}
double metric(const TrialRun& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.task == name) return m.value;
  return NAN;
}
const TrialRun* find(const std::vector<TrialRun>& runs, const std::string& method, double ratio) {
  for (const TrialRun& r : runs)
    if (r.method == method && std::fabs(r.ratio - ratio) < 0.03) return &r;
  return nullptr;
}
}  // namespace

class TestTrials : public QObject {
  Q_OBJECT
  std::vector<TrialRun> runs_;
 private Q_SLOTS:
  void initTestCase() {
    TrialOptions o = small();
    o.methods = {"magnitude", "magnitude-layer", "structured", "nm24", "rtn", "lowrank"};
    runs_ = sweep(o);
  }

  void sweepsReportHonestCompleteRuns() {
    // dense + (magnitude, magnitude-layer, structured, lowrank) x 2 ratios + nm24 + rtn x 2
    QCOMPARE(runs_.size(), std::size_t(12));
    const TrialRun& dense = runs_.front();
    QCOMPARE(dense.method, std::string("dense"));
    QCOMPARE(dense.family, std::string("suite-mlp"));
    QCOMPARE(dense.ratio, 0.0);
    QCOMPARE(dense.size_bytes, dense.params * 2);  // 16 bits per parameter
    QCOMPARE(dense.device, std::string("cpu"));
    QCOMPARE(tokensPerTrainingStep(), 8.0 * 77);  // 8 examples of each of the 5 tasks, 77 tokens that are not padding
    QCOMPARE(dense.tokens, 300 * tokensPerTrainingStep());
    for (const TrialRun& r : runs_) {
      QVERIFY(std::fabs(r.ratio - (1 - r.size_bytes / dense.size_bytes)) < 1e-12);  // ratio is the stored size removed
      QCOMPARE(r.metrics.size(), std::size_t(5));
      for (const auto& m : r.metrics) QVERIFY(m.n == 1000 && (m.task == "loss" || (m.std_error && m.value >= 0 && m.value <= 1)));
      QVERIFY(r.latency_ms > 0);
    }
    for (const char* method : {"magnitude", "magnitude-layer", "structured", "lowrank"})
      for (double r : {0.5, 0.9}) QVERIFY2(find(runs_, method, r), method);  // every method hits both targets
    QCOMPARE(*find(runs_, "nm24", 0.43)->sparsity, 0.5);
    QVERIFY(*find(runs_, "magnitude", 0.9)->sparsity > 0.9);
    QCOMPARE(find(runs_, "rtn", 1 - 8.5 / 16)->kept_params, dense.params);
  }

  void lossRisesWithPruning() {
    const TrialRun& dense = runs_.front();
    QVERIFY(metric(dense, "loss") < std::log(23.0) - 0.3);  // it learned facts: well under a uniform guess over the 23 tokens
    QVERIFY(metric(dense, "suite_majority") > 0.5);
    const double loss50 = metric(*find(runs_, "magnitude", 0.5), "loss"), loss90 = metric(*find(runs_, "magnitude", 0.9), "loss");
    // Half the weights are nearly free (within noise); nine tenths are not.
    QVERIFY(loss50 > metric(dense, "loss") - 0.02);
    QVERIFY(loss90 > loss50 + 0.1);
    // 8-bit RTN is all but lossless.
    QVERIFY(std::fabs(metric(*find(runs_, "rtn", 1 - 8.5 / 16), "loss") - metric(dense, "loss")) < 0.01);
  }

  void recoveryHelpsAndLeavesTheDenseModelAlone() {
    TrialOptions o = small();
    o.methods = {"structured", "magnitude"};
    o.ratios = {0, 0.75};
    o.rft_steps = 100;
    o.distill = true;
    const auto runs = sweep(o);
    QCOMPARE(runs.size(), std::size_t(3));
    QCOMPARE(runs[1].method, std::string("structured+kd"));
    QVERIFY(runs[1].distilled && runs[1].rft_tokens == 100 * tokensPerTrainingStep());
    // The dense run is the same whatever the methods did to their copies.
    TrialOptions denseOnly = small();
    denseOnly.methods = {};
    QCOMPARE(metric(sweep(denseOnly)[0], "loss"), metric(runs[0], "loss"));
    o.rft_steps = 0;
    o.distill = false;
    const auto plain = sweep(o);
    QVERIFY(metric(runs[2], "loss") < metric(plain[2], "loss"));
  }

  void transformersPruneHeadsAndRunImpWithBaselines() {
    TrialOptions o = small();
    o.model = "tf-micro";
    o.baselines = {"tf-nano"};
    o.methods = {"heads", "imp"};
    o.ratios = {0, 0.1, 0.5};
    o.train_steps = 20;
    std::vector<std::string> notes;
    const auto runs = sweep(o, &notes);
    // dense, heads 0.1 (0.5 is out of reach), imp 0.1 and 0.5, then the native baseline
    QCOMPARE(runs.size(), std::size_t(5));
    QCOMPARE(runs[0].family, std::string("suite-transformer"));
    QCOMPARE(runs[1].method, std::string("heads"));  // one of each block's two heads: past 0.1
    QVERIFY(runs[1].ratio >= 0.1 && runs[1].ratio < 0.2);
    bool skipped = false;
    for (const auto& n : notes) skipped |= n.find("heads cannot reach ratio 0.5") != std::string::npos;
    QVERIFY(skipped);
    const TrialRun *imp1 = find(runs, "imp", 0.1), *imp5 = find(runs, "imp", 0.5);
    QVERIFY(imp1 && imp5 && *imp5->sparsity > *imp1->sparsity);
    // Each round retrains for the steps after the rewind point (20 - 1): recorded as extra training.
    QCOMPARE(imp1->rft_tokens, 19 * tokensPerTrainingStep());
    QCOMPARE(imp5->rft_tokens, 2 * 19 * tokensPerTrainingStep());
    QVERIFY(!imp5->distilled);
    QCOMPARE(runs.back().model, std::string("tf-nano"));
    QCOMPARE(runs.back().method, std::string("dense"));
    QVERIFY(runs.back().params < runs.front().params);
  }

  void budgetsInTokensPerParameter() {
    TrialOptions o = small();
    o.model = "tf-femto";  // the smallest: 155 steps
    o.methods = {};
    o.tokens_per_param = 20;
    const auto runs = sweep(o);
    QCOMPARE(runs.size(), std::size_t(1));
    const double perStep = tokensPerTrainingStep();
    QVERIFY(runs[0].tokens >= 20 * runs[0].params && runs[0].tokens < 20 * runs[0].params + perStep);
    // Trained at its own rate from the catalogue: the run says so, and its key will not name it.
    QCOMPARE(runs[0].learning_rate, 8e-3);
    QVERIFY(runs[0].models_learning_rate);
  }

  void cachesTrainedCheckpoints() {
    QTemporaryDir dir;
    TrialOptions o = small();
    o.model = "tf-nano";
    o.methods = {"magnitude"};
    o.ratios = {0.5};
    o.train_steps = 20;
    o.cache_dir = dir.path().toStdString();
    std::vector<std::string> first, second;
    const auto a = sweep(o, &first), b = sweep(o, &second);
    QVERIFY(first.at(0).find("training 20 steps") != std::string::npos);
    QVERIFY(second.at(0).find("loaded from") != std::string::npos);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) QCOMPARE(metric(a[i], "loss"), metric(b[i], "loss"));
    // Another learning rate is another model: trained, not taken from the cache.
    o.learning_rate = 0.01;
    std::vector<std::string> third;
    const auto c = sweep(o, &third);
    QVERIFY(third.at(0).find("training 20 steps") != std::string::npos);
    QCOMPARE(c.at(0).learning_rate, 0.01);
    QVERIFY(!c.at(0).models_learning_rate);
    QVERIFY(metric(c.at(0), "loss") != metric(a.at(0), "loss"));
  }

  void deterministicForASeedAndCancellable() {
    TrialOptions o = small();
    o.model = "mlp-tiny";
    o.cache_dir = "none";  // trained twice
    o.methods = {"magnitude"};
    o.ratios = {0, 0.5};
    o.train_steps = 50;
    const auto a = sweep(o), b = sweep(o);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) QCOMPARE(metric(a[i], "loss"), metric(b[i], "loss"));
    int landed = 0;
    o.cancelled = [&] { return landed >= 1; };
    QCOMPARE(runTrials(o, [&](const TrialRun&) { ++landed; }), std::string());
    QCOMPARE(landed, 1);
  }

  void progressMovesThroughTraining() {
    TrialOptions o = small();
    o.model = "mlp-tiny";
    o.cache_dir = "none";
    o.methods = {"magnitude", "rtn"};
    o.ratios = {0, 0.5, 0.97};  // 0.97 is out of reach: its share of the work is counted as done when skipped
    o.bits = {4};
    o.train_steps = 60;
    std::vector<double> fractions;
    std::vector<std::size_t> landedAt;  // how many reports had come when each run landed
    o.on_progress = [&](double f) { fractions.push_back(f); };
    QCOMPARE(runTrials(o, [&](const TrialRun&) { landedAt.push_back(fractions.size()); }), std::string());
    QCOMPARE(landedAt.size(), std::size_t(3));  // dense, magnitude 0.5, rtn 4
    // Work in training steps of the model: 60 to train, 1000 / (3 x 8) per
    // evaluation (1000 examples of each task forward, against 8 of each
    // forward and backward), four evaluations planned (dense, two magnitude
    // ratios, rtn).
    const double eval = 1000.0 / 24, total = 60 + 4 * eval;
    QCOMPARE(landedAt[0], std::size_t(61));  // a report per training step, then one for the dense evaluation
    QVERIFY(std::fabs(fractions[0] - 1 / total) < 1e-12);
    QVERIFY(std::fabs(fractions[59] - 60 / total) < 1e-12);  // trained, not yet evaluated: the bar moved all along
    QVERIFY(std::fabs(fractions[60] - (60 + eval) / total) < 1e-12);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
    QCOMPARE(std::count(fractions.begin(), fractions.end(), 1.0), std::ptrdiff_t(1));
  }

  void rejectsBadOptions() {
    auto why = [](TrialOptions o) { return runTrials(o, [](const TrialRun&) {}); };
    TrialOptions o = small();
    o.model = "gpt-5";
    QVERIFY(why(o).find("unknown model 'gpt-5'") != std::string::npos);
    o = small();
    o.methods = {"magic"};
    QVERIFY(why(o).find("unknown method 'magic'; methods: magnitude, magnitude-layer") != std::string::npos);
    o = small();
    o.methods = {"heads"};
    QVERIFY(why(o).find("'mlp-small' has none") != std::string::npos);
    o = small();
    o.baselines = {"tf-nano"};
    QVERIFY(why(o).find("baseline 'tf-nano' is not a mlp") != std::string::npos);
    o.baselines = {"tf-giant"};
    QVERIFY(why(o).find("unknown baseline model 'tf-giant'") != std::string::npos);
    o = small();
    o.ratios = {1.0};
    QVERIFY(why(o).find("outside [0, 1)") != std::string::npos);
    o = small();
    o.device = "tpu";
    QVERIFY(why(o).find("auto, cpu or cuda") != std::string::npos);
    o = small();
    o.learning_rate = -0.001;
    QCOMPARE(why(o), std::string("the learning rate must be in (0, 1]"));
    o.learning_rate = 1.5;
    QCOMPARE(why(o), std::string("the learning rate must be in (0, 1]"));
  }
};

QTEST_APPLESS_MAIN(TestTrials)
#include "test_trials.moc"
