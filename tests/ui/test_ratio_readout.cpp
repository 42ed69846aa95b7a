// What the ratio slider reads out (ui/ratio_readout): the metric between
// measured ratios, the native model of the kept size, and the tasks dropped
// by then, on a figure drawn from runs with known values.
#include <QtTest>
#include <qcustomplot.h>

#include "core/model/task_catalog.h"
#include "ui/ratio_readout.h"

using namespace rs;
using namespace rs::ui;

namespace {
Run run(std::int64_t id, const std::string& model, double params, const std::string& method, std::optional<double> ratio, double loss) {
  Run r;
  r.id = id;
  r.family = "f";
  r.model = model;
  r.method = method;
  r.params = params;
  r.ratio = ratio;
  r.key = model + "/" + method + "/" + std::to_string(id);
  r.metrics.push_back(Metric("loss", loss));
  return r;
}
}  // namespace

class TestRatioReadout : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsMeasuredValuesNativesAndDropouts() {
    // big (1,000 parameters) under rtn at 0.2 and 0.6; natives of 1,000 and 500.
    const std::vector<Run> runs = {run(1, "big", 1000, "dense", std::nullopt, 2.0), run(2, "big", 1000, "rtn", 0.2, 2.2),
                                   run(3, "big", 1000, "rtn", 0.6, 3.0), run(4, "small", 500, "dense", std::nullopt, 2.6)};
    QCustomPlot plot;
    FigureSpec spec;
    spec.metric = "loss";
    const DrawnFigure figure = drawFigure(plot, runs, spec, TaskCatalog());
    QVERIFY(figure.error.empty());
    const std::string label = "big · rtn";
    std::map<std::string, std::vector<analysis::Dropout>> dropouts;
    analysis::Dropout d;
    d.series = label;
    d.task = "arc_easy";
    d.status = analysis::Dropout::Status::Dropped;
    d.ratio = 0.3;
    dropouts[label] = {d};
    ReadoutContext c;
    c.figure = &figure;
    c.dropouts = &dropouts;
    c.runs = &runs;
    c.metric = "loss";

    // r = 0.4: halfway between 2.2 and 3.0; 600 parameters kept, nearest
    // native the 500-parameter one (|ln(500/600)| = 0.18, within 0.223);
    // arc_easy dropped at 0.3.
    const QString at04 = ratioReadout(0.4, c);
    QVERIFY2(at04.contains(QStringLiteral("<b>ratio 0.400</b> (1.67× smaller)")), qPrintable(at04));
    QVERIFY2(at04.contains(QStringLiteral("big · rtn: 2.600 measured · native small: 2.600")), qPrintable(at04));
    QVERIFY2(at04.contains(QStringLiteral("dropped: arc_easy")), qPrintable(at04));

    // r = 0.25: 2.3 measured; 750 kept is nearer 1,000 (0.29) than 500
    // (0.41) and neither within 0.223, with no frontier: the nearest native
    // is still named; arc_easy has not dropped yet.
    const QString at025 = ratioReadout(0.25, c);
    QVERIFY2(at025.contains(QStringLiteral("big · rtn: 2.300 measured · native big: 2.000")), qPrintable(at025));
    QVERIFY(!at025.contains(QStringLiteral("dropped")));

    // Past the last measured ratio nothing is made up.
    QVERIFY(ratioReadout(0.8, c).contains(QStringLiteral("not measured here")));
  }
};

QTEST_MAIN(TestRatioReadout)
#include "test_ratio_readout.moc"
