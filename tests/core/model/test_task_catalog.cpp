// Task catalogue: built-in chance levels, harness-style names, file overrides.
#include <QTemporaryDir>
#include <QTest>

#include "core/io/task_overrides.h"
#include "core/model/task_catalog.h"

using namespace rs;

class TestTaskCatalog : public QObject {
  Q_OBJECT
  static std::string write(const QTemporaryDir& dir, const char* text) {
    const QString path = dir.filePath(QStringLiteral("tasks.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text);
    return path.toStdString();
  }
 private Q_SLOTS:
  void knowsChanceLevels() {
    TaskCatalog c;
    for (const char* t : {"arc_easy", "arc_challenge", "hellaswag", "mmlu"}) QCOMPARE(*c.lookup(t).chance, 0.25);
    for (const char* t : {"piqa", "winogrande", "boolq"}) QCOMPARE(*c.lookup(t).chance, 0.5);
    QVERIFY(!c.lookup("lambada").chance);
    QVERIFY(!c.lookup("loss").chance);
    QVERIFY(c.lookup("loss").lowerIsBetter);
    QVERIFY(c.lookup("wikitext_ppl").lowerIsBetter);
    QVERIFY(c.lookup("arc_challenge").category == TaskCategory::Reasoning);
  }
  void resolvesHarnessNames() {
    TaskCatalog c;
    QCOMPARE(*c.lookup("arc_easy,acc_norm").chance, 0.25);
    QCOMPARE(*c.lookup("piqa/acc").chance, 0.5);
    QCOMPARE(*c.lookup("hellaswag_acc_norm").chance, 0.25);
    QCOMPARE(*c.lookup("mmlu_college_physics").chance, 0.25);
    QVERIFY(!c.lookup("my_custom_eval").chance);
    QVERIFY(c.lookup("my_custom_eval").category == TaskCategory::Other);
  }
  void knowsTheNamesPapersUse() {
    TaskCatalog c;
    for (const char* t : {"ARC-Challenge", "arc_c", "arc:challenge/acc", "ARC-c/accuracy", "MMLU", "mmlu:anatomy/acc", "hendrycksTest-anatomy",
                          "HellaSwag", "OpenBookQA", "obqa"})
      QVERIFY2(c.lookup(t).chance && *c.lookup(t).chance == 0.25, t);
    for (const char* t : {"PIQA", "WinoGrande", "BoolQ", "StoryCloze"}) QVERIFY2(c.lookup(t).chance && *c.lookup(t).chance == 0.5, t);
    QVERIFY(!c.lookup("LAMBADA").chance);
    for (const char* t : {"wikitext2", "c4", "ptb", "wikitext/word_perplexity", "wikitext/bits_per_byte", "err_rate", "top1_error"})
      QVERIFY2(c.lookup(t).lowerIsBetter && !c.lookup(t).chance, t);
    for (const char* t : {"avg", "Average", "average/acc", "mmlu:_average/acc"}) QVERIFY2(!c.lookup(t).chance && !c.lookup(t).lowerIsBetter, t);
    QCOMPARE(c.lookup("ARC-Challenge").name, std::string("ARC-Challenge"));  // the metric keeps its own name
  }
  void learnsDirectionsFromTheRuns() {
    TaskCatalog c;
    Run r;
    Metric score("my_eval/score", 3.2), err("my_eval/wer", 0.3), acc("arc_easy/acc", 0.7);
    score.higher_is_better = false;  // a file that says so
    err.higher_is_better = true;     // as read already: nothing to learn
    acc.higher_is_better = true;
    r.metrics = {score, err, acc};
    QVERIFY(!c.lookup("my_eval/score").lowerIsBetter);
    c.learnDirections({r});
    QVERIFY(c.lookup("my_eval/score").lowerIsBetter);
    QCOMPARE(*c.lookup("arc_easy/acc").chance, 0.25);
    c.setEntry(TaskInfo{"my_eval/score", std::nullopt, TaskCategory::Other, false, {}});  // an override by name wins
    c.learnDirections({r});
    QVERIFY(!c.lookup("my_eval/score").lowerIsBetter);
  }
  void appliesOverrides() {
    QTemporaryDir dir;
    TaskCatalog c;
    const auto path = write(dir, R"({"tasks": {"needle": {"chance": 0.1, "category": "long-context"},
                                               "arc_easy": {"chance": 0.2}}})");
    QCOMPARE(applyTaskOverrides(path, c), std::string());
    QCOMPARE(*c.lookup("needle").chance, 0.1);
    QVERIFY(c.lookup("needle").category == TaskCategory::LongContext);
    QCOMPARE(*c.lookup("arc_easy").chance, 0.2);
    QVERIFY(c.lookup("arc_easy").category == TaskCategory::Reasoning);  // untouched keys keep their value
    QCOMPARE(c.lookup("arc_easy").title, std::string("ARC-Easy"));
    const auto titled = write(dir, R"({"tasks": {"needle": {"title": "Needle in a haystack"}}})");
    QCOMPARE(applyTaskOverrides(titled, c), std::string());
    QCOMPARE(c.lookup("needle").title, std::string("Needle in a haystack"));
    QCOMPARE(*c.lookup("needle").chance, 0.1);  // the earlier override's chance stays
  }
  void rejectsBadOverrides_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{tasks:") << "not valid JSON";
    QTest::newRow("no tasks") << QByteArray("{\"x\": 1}") << "expected an object";
    QTest::newRow("chance range") << QByteArray(R"({"tasks": {"t": {"chance": 2}}})") << "task 't': 'chance' must be a number in [0, 1]";
    QTest::newRow("category") << QByteArray(R"({"tasks": {"t": {"category": "vibes"}}})") << "task 't': unknown 'category'";
    QTest::newRow("title") << QByteArray(R"({"tasks": {"t": {"title": 3}}})") << "task 't': 'title' must be a non-empty string";
    QTest::newRow("empty title") << QByteArray(R"({"tasks": {"t": {"title": " "}}})") << "task 't': 'title' must be a non-empty string";
  }
  void rejectsBadOverrides() {
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QTemporaryDir dir;
    TaskCatalog c;
    const auto path = write(dir, text.constData());
    const QString error = QString::fromStdString(applyTaskOverrides(path, c));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(error.startsWith(QString::fromStdString(path)));
    QVERIFY(QString::fromStdString(applyTaskOverrides("/nonexistent/tasks.json", c)).contains(QStringLiteral("cannot open")));
  }
};

QTEST_APPLESS_MAIN(TestTaskCatalog)
#include "test_task_catalog.moc"
