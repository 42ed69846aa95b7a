// The trials' internals on real tensors: the suite's answers are right, each
// compression method hits its target and accounts its size honestly, ratio 0
// leaves the model as it was, and masks hold through training (checkpoints:
// tests/core/trials/test_checkpoint_cache.cpp). Includes Torch headers, so it
// builds with QT_NO_KEYWORDS.
#include <torch/torch.h>

#include <QTest>
#include <set>

#include "core/trials/compress.h"
#include "core/trials/suite.h"
#include "core/trials/training.h"

using namespace rs::trials;
namespace S = rs::trials::suite;

namespace {
const ModelSpec& model(const std::string& name) {
  for (const ModelSpec& m : modelCatalogue())
    if (m.name == name) return m;
  throw std::runtime_error(name);
}
Net net(const std::string& name) { return initNet(model(name), 3, torch::kCPU); }
std::vector<std::int64_t> row(const torch::Tensor& t, std::int64_t i) {
  const auto r = t[i].contiguous();
  return {r.data_ptr<std::int64_t>(), r.data_ptr<std::int64_t>() + r.numel()};
}
// The tokens after the padding.
std::vector<std::int64_t> body(const torch::Tensor& tokens, std::int64_t i) {
  auto r = row(tokens, i);
  r.erase(r.begin(), std::find_if(r.begin(), r.end(), [](std::int64_t t) { return t != S::kPad; }));
  return r;
}
double zeroShare(const torch::Tensor& t) { return t.eq(0).to(torch::kDouble).mean().item<double>(); }
}  // namespace

class TestCompress : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // One thread: two OpenMP threads on two busy cores spin-wait for each
  // other (a sweep took 6x longer with two than with one under load).
  void initTestCase() { at::set_num_threads(1); }

  void suiteAnswersAreRight() {
    auto gen = at::detail::createCPUGenerator(7);
    for (int task = 0; task < S::kTaskCount; ++task) {
      const auto b = S::make(static_cast<S::Task>(task), 200, gen);
      QCOMPARE(b.tokens.sizes().vec(), (std::vector<std::int64_t>{200, S::kLength}));
      QVERIFY(b.tokens.max().item<std::int64_t>() < S::kVocab);
      for (std::int64_t i = 0; i < 200; ++i) {
        const auto seq = body(b.tokens, i);
        const std::int64_t answer = b.answer[i].item<std::int64_t>();
        QCOMPARE(seq.front(), std::int64_t(S::kTaskToken + task));
        if (task == S::Facts) {
          // [FACTS] (k1 .. kL v)x(F-1) k1 .. kL -> v: the values are scored where their key ends.
          constexpr int L = S::kFactKeyLength, F = S::kFactsPerExample;
          QCOMPARE(seq.size(), std::size_t((L + 1) * F));  // the task token and F facts, less the answer
          const std::int64_t pad = S::kLength - static_cast<std::int64_t>(seq.size());
          for (std::int64_t pos = 0; pos < S::kLength; ++pos) {
            const std::int64_t target = b.next[i][pos].item<std::int64_t>();
            const std::int64_t at = pos - pad;  // in seq
            if (at < 1 || at % (L + 1) != L) QCOMPARE(target, S::kIgnored);
            else if (pos + 1 < S::kLength) QCOMPARE(target, seq[static_cast<std::size_t>(at + 1)]);
            else QCOMPARE(target, answer);
          }
          QVERIFY(answer < S::kSymbols);
        } else if (task == S::Copy) {
          // [COPY] a1..a10 [SEP] a1..ak -> a(k+1)
          const std::size_t k = seq.size() - 12;
          QCOMPARE(seq[11], std::int64_t(S::kSep));
          for (std::size_t j = 0; j < k; ++j) QCOMPARE(seq[12 + j], seq[1 + j]);
          QCOMPARE(answer, seq[1 + k]);
        } else if (task == S::Recall) {
          // [RECALL] x1 .. x5 [SEP], one of x1..x4 the marker [SEP] -> the symbol after it
          QCOMPARE(seq.size(), std::size_t(7));
          QCOMPARE(seq.back(), std::int64_t(S::kSep));
          int markers = 0;
          for (std::size_t j = 1; j + 1 < seq.size(); ++j)
            if (seq[j] == S::kSep) {
              ++markers;
              QVERIFY(j <= 4);
              QCOMPARE(answer, seq[j + 1]);
            }
          QCOMPARE(markers, 1);
          QVERIFY(answer < S::kSymbols);
        } else if (task == S::Arith) {
          // [ARITH] a b [SEP] -> (a + b) mod 5
          QCOMPARE(seq.size(), std::size_t(4));
          QCOMPARE(seq[3], std::int64_t(S::kSep));
          QCOMPARE(answer, (seq[1] + seq[2]) % 5);
          QVERIFY(seq[1] < 5 && seq[2] < 5);
        } else {
          std::array<int, 4> counts{};
          for (std::size_t j = 1; j + 1 < seq.size(); ++j) ++counts[static_cast<std::size_t>(seq[j])];
          const int best = *std::max_element(counts.begin(), counts.end());
          QCOMPARE(std::count(counts.begin(), counts.end(), best), std::ptrdiff_t(1));  // no ties
          QCOMPARE(counts[static_cast<std::size_t>(answer)], best);
        }
      }
    }
  }

  void suiteVersionPinsItsExamples() {
    // The checkpoint cache's key carries suite::kVersion, not the examples
    // themselves: a task changed without a new version would have the cache
    // hand back models trained on the old suite, and every number of a
    // sweep would silently describe the old one. So the examples of every
    // task (tokens, answers, scored positions) are pinned to the version.
    auto gen = at::detail::createCPUGenerator(7);
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    const auto mix = [&h](const torch::Tensor& t) {
      if (!t.defined()) return;
      const auto c = t.contiguous();
      const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
      for (std::size_t i = 0; i < c.nbytes(); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
    };
    for (int task = 0; task < S::kTaskCount; ++task) {
      const auto b = S::make(static_cast<S::Task>(task), 64, gen);
      mix(b.tokens);
      mix(b.answer);
      mix(b.next);
    }
    const QString fingerprint = QString::number(h, 16);
    QVERIFY2(S::kVersion == 6 && fingerprint == QStringLiteral("4fb4c8dc58ee7ae3"),
             qPrintable(QStringLiteral("the suite's examples changed (fingerprint %1, version %2): bump suite::kVersion so the checkpoint "
                                       "cache keeps no models of the old suite, and pin the new fingerprint to it here")
                            .arg(fingerprint)
                            .arg(S::kVersion)));
  }

  void tokenBudgetsCountWhatIsNotPadding() {
    // A budget in tokens counts the data an example holds, not the left
    // padding to the fixed length: the mean over many examples of each task
    // matches meanTokens (copy's length varies, 13 to 21 tokens).
    auto gen = at::detail::createCPUGenerator(11);
    const double expected[] = {32, 17, 7, 4, 17};
    for (int task = 0; task < S::kTaskCount; ++task) {
      const auto b = S::make(static_cast<S::Task>(task), 4000, gen);
      const double counted = b.tokens.ne(S::kPad).sum().item<double>() / 4000;
      QCOMPARE(S::meanTokens(static_cast<S::Task>(task)), expected[task]);
      QVERIFY2(std::fabs(counted - expected[task]) < 0.1, qPrintable(QStringLiteral("task %1: %2").arg(task).arg(counted)));
    }
    QCOMPARE(tokensPerStep(), 8.0 * (32 + 17 + 7 + 4 + 17));
  }

  void factsHaveAnExactEntropyFloorModelsApproach() {
    // The floor is the noise's entropy: (1 - 0.1 + 0.1/16) on the fact's
    // value, 0.1/16 on each other symbol.
    const double hit = 0.90625, miss = 0.00625;
    QCOMPARE(S::factsLossFloor(), -hit * std::log(hit) - 15 * miss * std::log(miss));
    QVERIFY(std::fabs(S::factsLossFloor() - 0.565009) < 1e-6);
    // A predictor that knows the table meets it on real examples (8,000
    // values: the standard error of the mean is about 0.01 nats).
    auto gen = at::detail::createCPUGenerator(424242);
    const auto b = S::make(S::Facts, 1000, gen);
    const double bayes = S::factsBayesLoss(b);
    QVERIFY2(std::fabs(bayes - S::factsLossFloor()) < 0.03, qPrintable(QString::number(bayes)));
    // Keys follow the Zipf law with exponent 2: the most frequent of 4,096
    // carries 1 / H(4096, 2) = 1 / 1.644690 = 0.608017 of the draws (H: the
    // generalised harmonic number, π²/6 less the tail past 4,096), and the
    // 10 most frequent 1 - 0.057714 = 0.942286 (8,000 draws: the standard
    // errors are 0.005 and 0.003).
    const auto keys = S::scoredFactKeys(b);
    const double values = static_cast<double>(keys.numel());
    const double top = torch::bincount(keys).max().item<double>() / values;
    QVERIFY2(std::fabs(top - 0.608017) < 0.02, qPrintable(QString::number(top)));
    const double top10 = std::get<0>(torch::bincount(keys).topk(10)).sum().item<double>() / values;
    QVERIFY2(std::fabs(top10 - 0.942286) < 0.012, qPrintable(QString::number(top10)));
    // A trained model lands between a uniform guess over the 16 symbols and the floor.
    Net n = net("tf-nano");
    double latency = 0;
    const double untrained = evaluate(n, latency)[0].value;
    TrainSettings s;
    s.steps = 150;
    train(n, s);
    const double trained = evaluate(n, latency)[0].value;
    qInfo("facts: entropy floor %.4f nats/value; tf-nano untrained %.4f, after 150 steps %.4f", S::factsLossFloor(), untrained, trained);
    QVERIFY2(trained > S::factsLossFloor() && trained < untrained - 0.3, qPrintable(QStringLiteral("%1 %2").arg(trained).arg(untrained)));
  }

  void magnitudeHitsItsRatio() {
    for (const char* name : {"mlp-tiny", "tf-nano"}) {
      const Net n = net(name);
      for (double r : {0.25, 0.5, 0.75})
        for (bool perLayer : {false, true}) {
          const auto c = magnitudePrune(n, r, perLayer);
          QVERIFY(c);
          const double ratio = ratioOf(n, c->storedBits);
          QVERIFY2(ratio >= r - 1e-3 && ratio < r + 2e-3, qPrintable(QString::number(ratio)));
          // Stored = dense-kept parts at 16 bits + kept values at 16 bits + a 1-bit mask per weight.
          double kept = 0;
          for (const std::string& m : n.matrices) kept += c->net.p.at(m).ne(0).sum().item<double>();
          QCOMPARE(c->storedBits, fixedBits(n) + 16 * kept + matrixWeightCount(n));
          QCOMPARE(c->keptParams, paramCount(n) - (matrixWeightCount(n) - kept));
          if (perLayer)  // the same sparsity in every matrix
            for (const std::string& m : n.matrices) QVERIFY(std::fabs(zeroShare(c->net.p.at(m)) - *c->sparsity) < 0.02);
        }
      QVERIFY(!magnitudePrune(n, 0.97, false));  // the mask alone is 1/16 of a weight
    }
  }

  void nm24AndRoundToNearestStoreWhatTheySay() {
    const Net n = net("tf-nano");
    const Compressed sparse = nm24(n);
    for (const std::string& m : n.matrices) {
      const auto groups = sparse.net.p.at(m).reshape({-1, 4}).ne(0).sum(1);
      QVERIFY(groups.le(2).all().item<bool>());  // at most two of every four kept
    }
    QCOMPARE(sparse.storedBits, fixedBits(n) + matrixWeightCount(n) / 2 * 18);
    for (int bits : {8, 4, 3, 2}) {
      const Compressed q = roundToNearest(n, bits, 32);
      QCOMPARE(q.storedBits, fixedBits(n) + matrixWeightCount(n) * (bits + 0.5));  // sizes here are whole groups of 32
      for (const std::string& m : n.matrices) {
        const auto groups = q.net.p.at(m).reshape({-1, 32});
        for (std::int64_t g = 0; g < groups.size(0); g += 17) {  // a sample of groups
          const auto levels = std::get<0>(at::_unique(groups[g]));
          QVERIFY2(levels.numel() <= (1 << bits) - 1, qPrintable(QString::number(levels.numel())));
        }
      }
    }
    const double error8 = (roundToNearest(n, 8, 32).net.p.at("l0.fc1.w") - n.p.at("l0.fc1.w")).abs().max().item<double>();
    const double error2 = (roundToNearest(n, 2, 32).net.p.at("l0.fc1.w") - n.p.at("l0.fc1.w")).abs().max().item<double>();
    QVERIFY(error8 < error2 / 20);
  }

  void lowRankAndStructuredHitTheirTargets() {
    const Net n = net("tf-micro");
    for (double r : {0.25, 0.5}) {
      const auto low = lowRank(n, r);
      QVERIFY(low);
      QVERIFY(std::fabs(ratioOf(n, low->storedBits) - r) < 0.03);
      const auto singular = torch::linalg::svdvals(low->net.p.at("l0.fc1.w"), c10::nullopt);
      QVERIFY(singular.gt(1e-5).sum().item().toLong() < 32);  // fc1 (128 x 32) lost rank
      const auto neurons = removeUnits(n, r, neuronUnits(n));
      QVERIFY(neurons);
      const double ratio = ratioOf(n, neurons->storedBits);
      QVERIFY(ratio >= r && ratio < r + 2 * 65.0 * 16 / denseBits(n) + 1e-12);  // at most one neuron per layer past the target
      // The same share of neurons left each layer.
      QCOMPARE(neurons->net.p.at("l0.fc1.w").abs().sum(1).eq(0).sum().item().toLong(),
               neurons->net.p.at("l1.fc1.w").abs().sum(1).eq(0).sum().item().toLong());
      // A removed FFN neuron: its fc1 row, bias and fc2 column are zero, and the mask says so.
      const auto rows = neurons->net.p.at("l0.fc1.w").abs().sum(1).eq(0);
      QVERIFY(rows.sum().item<std::int64_t>() > 0);
      QVERIFY(neurons->net.p.at("l0.fc2.w").abs().sum(0).eq(0).equal(rows));
      QVERIFY(neurons->masks.at("l0.fc1.b").eq(0).equal(rows));
    }
    const auto heads = removeUnits(n, 0.05, headUnits(n));
    QVERIFY(heads);
    QVERIFY(ratioOf(n, heads->storedBits) >= 0.05);
    QVERIFY(!removeUnits(n, 0.5, headUnits(n)));  // heads are too small a share to reach 0.5
    QVERIFY(headUnits(net("mlp-tiny")).empty());
  }

  void ratioZeroLeavesTheModelAlone() {
    Net n = net("tf-nano");
    TrainSettings s;
    s.steps = 30;
    train(n, s);
    double latency = 0;
    const auto dense = evaluate(n, latency);
    const auto same = [&](const Net& other) {
      const auto r = evaluate(other, latency);
      for (std::size_t i = 0; i < r.size(); ++i)
        if (r[i].value != dense[i].value) return false;
      return true;
    };
    QVERIFY(same(lowRank(n, 0)->net));
    QVERIFY(same(removeUnits(n, 0, neuronUnits(n))->net));
    QVERIFY(same(pruneToSparsity(n, 0).net));
    QCOMPARE(dense.size(), std::size_t(S::kTaskCount));
    QCOMPARE(dense[0].task, std::string("loss"));
  }

  void masksHoldThroughTraining() {
    Net n = net("tf-nano");
    Compressed c = pruneToSparsity(n, 0.6);
    TrainSettings s;
    s.steps = 10;
    s.masks = &c.masks;
    s.teacher = &n;  // distillation path
    train(c.net, s);
    for (const std::string& m : n.matrices) QVERIFY(c.net.p.at(m).mul(1 - c.masks.at(m)).abs().sum().item<double>() == 0);
    QVERIFY(std::fabs(*c.sparsity - 0.6) < 1e-3);
  }
};

QTEST_APPLESS_MAIN(TestCompress)
#include "test_compress.moc"
