// The trained-checkpoint cache (core/trials/checkpoint_cache.h): checkpoints
// round-trip, and one that cannot be trusted (damaged, from another
// configuration or layout, non-finite, unchecked) is refused with the reason,
// so the sweep trains again instead of silently giving other numbers.
// Includes Torch headers, so it builds with QT_NO_KEYWORDS.
#include <torch/torch.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/trials/checkpoint_cache.h"

using namespace rs::trials;

namespace {

const ModelSpec& model(const std::string& name) {
  for (const ModelSpec& m : modelCatalogue())
    if (m.name == name) return m;
  throw std::runtime_error(name);
}
Net net(const std::string& name, std::int64_t seed = 3) { return initNet(model(name), seed, torch::kCPU); }

const std::string kConfig = "suite-test tf-nano seed 3 steps 10";

bool sameWeights(const Net& a, const Net& b) {
  for (const auto& [name, t] : a.p)
    if (!b.p.at(name).equal(t)) return false;
  return true;
}

// A file written the way saveCheckpoint writes one, but with what we choose
// as its weights, configuration and checksum: a damaged or planted file.
void writeRaw(const std::string& path, const DenseCheckpoint& c, const std::string& configuration, const std::string& checksum) {
  torch::serialize::OutputArchive archive;
  for (const auto& [prefix, n] : {std::pair<const char*, const Net*>{"final.", &c.final}, {"rewind.", &c.rewind}})
    for (const auto& [name, t] : n->p) archive.write(std::string(prefix) + name, t);
  archive.write("meta.configuration", c10::IValue(configuration));
  if (!checksum.empty()) archive.write("meta.checksum", c10::IValue(checksum));
  archive.save_to(path);
}

}  // namespace

class TestCheckpointCache : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void roundTrips() {
    QTemporaryDir dir;
    const Net n = net("tf-nano");
    const DenseCheckpoint c{n, net("tf-nano", 4)};
    const std::string path = checkpointPath(dir.path().toStdString(), kConfig, "tf-nano", 3);
    QCOMPARE(checkpointPath(dir.path().toStdString(), kConfig, "tf-nano", 3), path);  // stable
    QVERIFY(checkpointPath(dir.path().toStdString(), kConfig + " 2", "tf-nano", 3) != path);
    QCOMPARE(saveCheckpoint(path, c, kConfig), std::string());
    std::string problem = "unset";
    const auto back = loadCheckpoint(path, n, kConfig, problem);
    QVERIFY2(back, problem.c_str());
    QCOMPARE(problem, std::string());
    QVERIFY(sameWeights(c.final, back->final));
    QVERIFY(sameWeights(c.rewind, back->rewind));
    QVERIFY(!loadCheckpoint(dir.filePath(QStringLiteral("missing.pt")).toStdString(), n, kConfig, problem));
    QCOMPARE(problem, std::string());  // missing is no problem: it is trained
    QCOMPARE(checkpointDirectory("none"), std::string());
    QCOMPARE(checkpointDirectory("/x"), std::string("/x"));
  }

  void refusesWhatItCannotTrust() {
    QTemporaryDir dir;
    const Net n = net("tf-nano");
    const DenseCheckpoint c{n, net("tf-nano", 4)};
    const std::string path = dir.filePath(QStringLiteral("c.pt")).toStdString();
    std::string problem;

    // Weights that are not the ones the checksum was taken over.
    const DenseCheckpoint other{net("tf-nano", 5), net("tf-nano", 6)};
    writeRaw(path, other, kConfig, checkpointChecksum(c, kConfig));
    QVERIFY(!loadCheckpoint(path, n, kConfig, problem));
    QCOMPARE(problem, std::string("does not match its checksum (the file is damaged)"));

    // Trained with another configuration (more steps), under this name.
    QCOMPARE(saveCheckpoint(path, c, kConfig + " more"), std::string());
    QVERIFY(!loadCheckpoint(path, n, kConfig, problem));
    QVERIFY2(problem.rfind("was trained with another configuration ('" + kConfig + " more')", 0) == 0, problem.c_str());

    // Another architecture's weights.
    QCOMPARE(saveCheckpoint(path, c, kConfig), std::string());
    QVERIFY(!loadCheckpoint(path, net("tf-micro"), kConfig, problem));
    QVERIFY2(problem.find("(another model layout)") != std::string::npos, problem.c_str());

    // NaN weights with a checksum that matches them.
    DenseCheckpoint nan{cloneNet(n), cloneNet(n)};
    nan.final.p.begin()->second.view(-1)[0] = std::nan("");
    writeRaw(path, nan, kConfig, checkpointChecksum(nan, kConfig));
    QVERIFY(!loadCheckpoint(path, n, kConfig, problem));
    QCOMPARE(problem, std::string("holds non-finite weights (NaN or infinity)"));
    // ... and a diverged training is never cached.
    QCOMPARE(saveCheckpoint(path, nan, kConfig), std::string("training diverged (non-finite weights): the checkpoint is not cached"));

    // A file from before checksums (or not from Ratioscope).
    writeRaw(path, c, kConfig, "");
    QVERIFY(!loadCheckpoint(path, n, kConfig, problem));
    QVERIFY2(problem.rfind("has no checksum", 0) == 0, problem.c_str());

    // Not a checkpoint at all.
    QFile junk(QString::fromStdString(path));
    QVERIFY(junk.open(QIODevice::WriteOnly | QIODevice::Truncate));
    junk.write("not a checkpoint");
    junk.close();
    QVERIFY(!loadCheckpoint(path, n, kConfig, problem));
    QVERIFY2(problem.rfind("cannot be read (", 0) == 0, problem.c_str());
  }

  void damagedBytesNeverGiveOtherWeights() {
    // The finding: 14 of 14 corrupted checkpoints were used, giving
    // other numbers. Every single-byte change anywhere in the file is now
    // either refused or harmless (the weights read are the ones saved).
    QTemporaryDir dir;
    const Net n = net("tf-nano");
    const DenseCheckpoint c{n, net("tf-nano", 4)};
    const QString path = dir.filePath(QStringLiteral("c.pt"));
    QCOMPARE(saveCheckpoint(path.toStdString(), c, kConfig), std::string());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray good = f.readAll();
    f.close();
    int refused = 0;
    for (int i = 0; i < 64; ++i) {
      QByteArray bad = good;
      const qsizetype at = (static_cast<qsizetype>(i) * 7919 * 104729) % bad.size();
      bad[at] = static_cast<char>(bad[at] ^ 0x5A);
      QFile out(path);
      QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
      out.write(bad);
      out.close();
      std::string problem;
      const auto back = loadCheckpoint(path.toStdString(), n, kConfig, problem);
      if (!back) {
        QVERIFY(!problem.empty());
        ++refused;
      } else {
        QVERIFY2(sameWeights(c.final, back->final) && sameWeights(c.rewind, back->rewind), qPrintable(QStringLiteral("byte %1").arg(at)));
      }
    }
    QVERIFY(refused > 0);
  }
};

QTEST_APPLESS_MAIN(TestCheckpointCache)
#include "test_checkpoint_cache.moc"
