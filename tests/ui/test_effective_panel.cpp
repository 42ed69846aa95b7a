// The effective-parameters panel on the bundled trials example: a Chinchilla
// grid whose largest model lies below the fitted law's own floor at its
// budget, so lightly compressed runs have only a lower bound on N_eff. The
// panel must draw those as lower bounds and say why, never as points.
#include <QComboBox>
#include <QTest>
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
    auto runs = std::make_shared<const std::vector<Run>>(std::move(loaded.runs));
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
      // Each bound is a multiplier of the run's own size, between 0 and 1
      // on this example (N_eff ≥ 0.057–0.086 N, datasets/README.md).
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
