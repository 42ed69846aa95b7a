// The effective-parameters panel on the bundled trials example: a Chinchilla
// grid whose largest model lies below the fitted law's own floor at its
// budget, so lightly compressed runs have only a lower bound on N_eff. The
// panel must draw those as lower bounds and say why, never as points.
#include <QComboBox>
#include <QTest>

#include <algorithm>
#include <qcustomplot.h>

#include "core/io/dataset_source.h"
#include "ui/effective_panel.h"
#include "ui/session/session.h"

using namespace rs;
using namespace rs::ui;

class TestEffectivePanel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void drawsRunsBelowTheLawsFloorAsLowerBounds() {
    LoadedRuns loaded = loadRuns(RS_TEST_DATA "/../../datasets/trials-example.csv");
    QVERIFY2(loaded.ok(), loaded.error.c_str());
    // The example's compressed runs all lie above the dense law's floor at
    // tf-base's budget (about 0.59 nats). Two copies of its lightest
    // compressions, given 0.56 nats, lie below it: more than any dense model
    // could reach at that budget, so only a lower bound on N_eff exists.
    std::vector<Run> all = std::move(loaded.runs);
    for (const char* method : {"magnitude", "lowrank"}) {
      auto light = std::find_if(all.begin(), all.end(), [&](const Run& r) { return r.model == "tf-base" && r.method == method && r.ratio && *r.ratio < 0.12; });
      QVERIFY(light != all.end());
      Run below = *light;
      below.key += "/below-the-floor";
      below.seed = 2;
      for (Metric& m : below.metrics)
        if (m.name == "loss") m.value = 0.56;
      all.push_back(below);
    }
    auto runs = std::make_shared<const std::vector<Run>>(std::move(all));
    Session session;
    EffectivePanel panel;
    panel.follow(&session);  // the session fits the dense laws in the background
    panel.lawBox()->setCurrentIndex(panel.lawBox()->findData(QStringLiteral("chinchilla")));
    panel.axisBox()->setCurrentIndex(panel.axisBox()->findData(QStringLiteral("sparsity")));
    panel.setContext(runs, runs);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.pending(), 120000);
    QVERIFY(session.state()->effective);
    QCOMPARE(&panel.results(), &session.state()->effective->families);  // shown, not copied
    const QString status = panel.status();
    QVERIFY2(status.contains(QStringLiteral("chinchilla fitted")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("lie below what the dense law reaches at their budget")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("only a lower bound N_eff ≥")), qPrintable(status));
    // The bounds are graphs of upward triangles in their method's colour,
    // under one legend key.
    QCustomPlot* plot = panel.plot();
    int boundGraphs = 0, boundPoints = 0;
    bool key = false;
    for (int i = 0; i < plot->graphCount(); ++i) {
      QCPGraph* g = plot->graph(i);
      if (g->objectName() == QLatin1String("lowerBoundKey")) {
        key = true;
        QCOMPARE(g->name(), QStringLiteral("N_eff ≥ (lower bound)"));
      }
      if (g->objectName() != QLatin1String("lowerBounds")) continue;
      ++boundGraphs;
      QCOMPARE(g->scatterStyle().shape(), QCPScatterStyle::ssTriangle);
      // Each bound is a multiplier of the run's own size (0.05 to 1.5 here).
      for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it, ++boundPoints)
        QVERIFY2(it->value > 0.05 && it->value < 1.5, qPrintable(QString::number(it->value)));
    }
    QVERIFY(key);
    QVERIFY(boundGraphs >= 2);  // magnitude and others, each in its colour
    QVERIFY(boundPoints > 0);
    QVERIFY(boundPoints <= panel.plottedPoints());
  }
};

QTEST_MAIN(TestEffectivePanel)
#include "test_effective_panel.moc"
