// Compression trials (CPU): each method reports honest sizes and hits its
// target, loss rises with magnitude pruning, a sweep is deterministic for a
// seed, and bad options say why. Includes no Torch header (trials.h is plain).
#include <QTest>
#include <cmath>

#include "core/trials/trials.h"

using namespace rs::trials;

namespace {
std::vector<TrialRun> sweep(TrialOptions o) {
  std::vector<TrialRun> runs;
  const std::string why = runTrials(o, [&](const TrialRun& r) { runs.push_back(r); });
  if (!why.empty()) qWarning("%s", why.c_str());
  return runs;
}
TrialOptions small() {
  TrialOptions o;
  o.model = "mlp-small";
  o.ratios = {0, 0.5, 0.9};
  o.bits = {8, 2};
  o.train_steps = 400;
  o.device = "cpu";
  o.threads = 2;
  return o;
}
double metric(const TrialRun& r, const std::string& name) {
  for (const auto& m : r.metrics)
    if (m.task == name) return m.value;
  return NAN;
}
}  // namespace

class TestTrials : public QObject {
  Q_OBJECT
  std::vector<TrialRun> runs_;
 private Q_SLOTS:
  void initTestCase() { runs_ = sweep(small()); }

  void reportsHonestSizes() {
    // dense + magnitude x2 (0.5, 0.9) + structured x2 + nm24 + rtn x2 + lowrank x2
    QCOMPARE(runs_.size(), std::size_t(10));
    const TrialRun& dense = runs_.front();
    QCOMPARE(dense.method, std::string("dense"));
    QCOMPARE(dense.ratio, 0.0);
    QCOMPARE(dense.size_bytes, dense.params * 2);  // 16 bits per parameter
    QCOMPARE(dense.device, std::string("cpu"));
    for (const TrialRun& r : runs_) {
      QVERIFY(std::fabs(r.ratio - (1 - r.size_bytes / dense.size_bytes)) < 1e-12);  // ratio is the stored size removed
      QCOMPARE(r.metrics.size(), std::size_t(4));
      if (r.method == "magnitude") {
        // Target ratio r needs sparsity r + 1/16 (the mask); biases stay dense, so the ratio lands a little under.
        QVERIFY(*r.sparsity > 0.5 && std::fabs(*r.sparsity - (r.ratio < 0.7 ? 0.5625 : 0.9625)) < 0.01);
        QVERIFY(r.ratio > (r.ratio < 0.7 ? 0.45 : 0.85));
        QVERIFY(r.kept_params < dense.params);
      }
      if (r.method == "nm24") QCOMPARE(*r.sparsity, 0.5);
      if (r.method == "rtn") {
        // b bits + one 16-bit scale per 32 weights.
        const double expected = 1 - (*r.bits + 0.5) / 16;
        QVERIFY2(std::fabs(r.ratio - expected) < 0.02, qPrintable(QString::number(r.ratio)));
        QCOMPARE(r.kept_params, dense.params);
      }
      if (r.method == "lowrank") QVERIFY(r.rank && *r.rank >= 1);
      if (r.method == "structured") {
        QVERIFY(r.ratio >= (r.ratio < 0.7 ? 0.5 : 0.9) - 1e-9);  // neurons are removed until the target is met
        QVERIFY(r.ratio < (r.ratio < 0.7 ? 0.55 : 0.95));
      }
    }
  }

  void degradesWithCompression() {
    const TrialRun& dense = runs_.front();
    QVERIFY(metric(dense, "suite_copy") > 0.3);  // the dense model learned retrieval
    double loss50 = 0, loss90 = 0;
    for (const TrialRun& r : runs_)
      if (r.method == "magnitude") (r.ratio < 0.7 ? loss50 : loss90) = metric(r, "loss");
    QVERIFY(metric(dense, "loss") <= loss50 + 1e-3);
    QVERIFY(loss50 < loss90);
    // 8-bit RTN is all but lossless; 2-bit is not.
    for (const TrialRun& r : runs_)
      if (r.method == "rtn" && *r.bits == 8) QVERIFY(std::fabs(metric(r, "suite_copy") - metric(dense, "suite_copy")) < 0.02);
  }

  void recoveryAndMethodsLeaveTheDenseModelAlone() {
    // The dense run evaluated after every method must not change: methods
    // work on copies (a shared tensor zeroed in place once corrupted it).
    TrialOptions o = small();
    o.methods = {"structured", "magnitude"};
    o.ratios = {0, 0.5};
    o.rft_steps = 100;
    o.distill = true;
    const auto runs = sweep(o);
    QCOMPARE(runs.size(), std::size_t(3));
    QCOMPARE(runs[1].method, std::string("structured+kd"));
    QVERIFY(runs[1].distilled && runs[1].rft_tokens > 0);
    QVERIFY(*runs[1].sparsity > 0.3 && runs[1].ratio > 0.45);
    TrialOptions denseOnly = small();
    denseOnly.methods = {};
    const auto alone = sweep(denseOnly);
    QCOMPARE(metric(alone[0], "loss"), metric(runs[0], "loss"));
    // Recovery improves the pruned model's loss over no recovery.
    o.rft_steps = 0;
    o.distill = false;
    const auto plain = sweep(o);
    QVERIFY(metric(runs[2], "loss") < metric(plain[2], "loss"));
  }

  void deterministicForASeed() {
    TrialOptions o = small();
    o.methods = {"magnitude"};
    o.ratios = {0, 0.5};
    const auto a = sweep(o), b = sweep(o);
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) QCOMPARE(metric(a[i], "loss"), metric(b[i], "loss"));
  }

  void rejectsBadOptions() {
    auto why = [](TrialOptions o) { return runTrials(o, [](const TrialRun&) {}); };
    TrialOptions o = small();
    o.model = "gpt-5";
    QVERIFY(why(o).find("unknown model 'gpt-5'") != std::string::npos);
    o = small();
    o.methods = {"magic"};
    QVERIFY(why(o).find("unknown method 'magic'") != std::string::npos);
    o = small();
    o.ratios = {1.0};
    QVERIFY(why(o).find("outside [0, 1)") != std::string::npos);
    o = small();
    o.device = "tpu";
    QVERIFY(why(o).find("auto, cpu or cuda") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestTrials)
#include "test_trials.moc"
