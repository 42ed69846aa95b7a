// Series building: one curve per (family, model, method), anchored by the
// model's dense run, native baselines as their own series.
#include <QTest>

#include "core/model/series.h"

using namespace rs;

namespace {
Run run(std::int64_t id, std::string model, std::string method, double ratio, double loss) {
  Run r;
  r.id = id;
  r.family = "f";
  r.model = std::move(model);
  r.method = std::move(method);
  if (r.method != "dense") r.ratio = ratio;
  r.metrics.push_back({"loss", loss, {}, {}});
  return r;
}
}  // namespace

class TestSeries : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void anchorsMethodsOnDense() {
    std::vector<Run> runs = {run(1, "big", "dense", 0, 2.0), run(2, "big", "rtn", 0.5, 2.2), run(3, "big", "magnitude", 0.5, 2.4),
                             run(4, "big", "rtn", 0.25, 2.1), run(5, "small", "dense", 0, 2.6)};
    runs.push_back(run(6, "big", "rtn", 0.75, 0));
    runs.back().metrics.clear();
    const SeriesSet set = buildSeries(runs, "loss", Axis::Ratio);
    QCOMPARE(set.series.size(), std::size_t(3));
    QCOMPARE(set.runs_without_metric, std::size_t(1));
    const Series& rtn = set.series[1];
    QCOMPARE(rtn.method, std::string("rtn"));
    QCOMPARE(rtn.points.size(), std::size_t(3));
    QCOMPARE(rtn.points[0].x, 0.0);  // dense anchor first
    QCOMPARE(rtn.points[0].run_id, std::int64_t(1));
    QCOMPARE(rtn.points[1].x, 0.25);
    QCOMPARE(set.series[2].model, std::string("small"));
    QCOMPARE(set.series[2].method, std::string("dense"));
  }
};

QTEST_APPLESS_MAIN(TestSeries)
#include "test_series.moc"
