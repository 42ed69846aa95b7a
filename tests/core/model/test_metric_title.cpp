// Axis titles name the metric in words with its unit (issue #15): the title
// a reader of a printed figure sees, checked against the catalogue's names.
#include <QtTest>

#include "core/model/metric_title.h"

using rs::metricAxisTitle;
using rs::TaskCatalog;

class TestMetricTitle : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void namesTasksInWords_data() {
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QString>("title");
    QTest::newRow("arc") << "arc_challenge" << "ARC-Challenge accuracy";
    QTest::newRow("arc alias") << "ARC-Challenge" << "ARC-Challenge accuracy";
    QTest::newRow("harness norm") << "arc_easy,acc_norm" << "ARC-Easy accuracy (length-normalised)";
    QTest::newRow("loss") << "loss" << "Test loss (nats/token)";
    QTest::newRow("test_loss") << "test_loss" << "Test loss (nats/token)";
    QTest::newRow("perplexity") << "perplexity" << "Perplexity";
    QTest::newRow("wikitext") << "wikitext/word_perplexity" << "WikiText-2 perplexity";
    QTest::newRow("wikitext bpb") << "wikitext/bits_per_byte" << "WikiText-2 bits per byte";
    QTest::newRow("suite") << "suite_arith" << "Modular arithmetic (suite) accuracy";
    QTest::newRow("mmlu subject") << "mmlu_anatomy" << "MMLU accuracy";
    QTest::newRow("gsm8k em") << "gsm8k,exact_match" << "GSM8K exact match";
  }
  void namesTasksInWords() {
    QFETCH(QString, metric);
    QFETCH(QString, title);
    QCOMPARE(QString::fromStdString(metricAxisTitle(metric.toStdString(), TaskCatalog())), title);
  }

  // A metric the catalogue does not know keeps its name: nothing is invented.
  void unknownMetricKeepsItsName() {
    const TaskCatalog tasks;
    QCOMPARE(metricAxisTitle("my_score", tasks), std::string("my_score"));
    QCOMPARE(metricAxisTitle("my_error", tasks), std::string("my_error (lower is better)"));
    TaskCatalog withOverride;
    withOverride.setEntry({"quiz", 0.25, rs::TaskCategory::Other, false, ""});
    QCOMPARE(metricAxisTitle("quiz", withOverride), std::string("quiz accuracy"));
  }
};

QTEST_GUILESS_MAIN(TestMetricTitle)
#include "test_metric_title.moc"
