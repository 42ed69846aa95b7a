// lm-evaluation-harness results: both layouts, the file names of every
// version, NaN and "N/A" as Python writes them, placement by --set and --map,
// evaluation settings, and one test per kind of bad input (each checks its
// message and that nothing of the file is imported).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "core/io/dataset_source.h"
#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"
#include "core/io/importer.h"

using namespace rs;

namespace {
const QString kData = QStringLiteral(RS_TEST_DATA "/lm_eval");

std::string write(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
  QDir().mkpath(QFileInfo(dir.filePath(name)).absolutePath());
  QFile f(dir.filePath(name));
  f.open(QIODevice::WriteOnly);
  f.write(text);
  return f.fileName().toStdString();
}

ImportOptions setting(std::initializer_list<const char*> sets) {
  ImportOptions o;
  for (const char* s : sets) addSetOption(o.placement, s);
  return o;
}

const Metric* metric(const Run& r, const char* name) { return r.metric(name); }

QString errorOf(const ImportResult& r) { return r.error ? QString::fromStdString(r.error->text()) : QString(); }

// A small v0.4 file whose one value can be replaced.
QByteArray v04With(const QByteArray& accValue, const QByteArray& stderrValue = "0.01") {
  return "{\"results\": {\"arc_easy\": {\"alias\": \"arc_easy\", \"acc,none\": " + accValue + ", \"acc_stderr,none\": " + stderrValue +
         "}}, \"versions\": {\"arc_easy\": 1.0}, \"config\": {\"model_args\": \"pretrained=org/m\"}}";
}
}  // namespace

class TestLmEvalImporter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsV04Layout() {
    const auto r = importFile((kData + "/sweep/llama-7b/results_2024-05-01T10-00-00.123456.json").toStdString());
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(r.batch.format, std::string("lm-eval"));
    QCOMPARE(r.batch.runs.size(), std::size_t(1));
    const Run& run = r.batch.runs[0];
    QCOMPARE(run.model, std::string("llama-7b"));  // the checkpoint path's last component
    QCOMPARE(*run.params, 6738415616.0);           // model_num_parameters
    QVERIFY(run.isDense());
    // acc and acc_norm stay distinct metrics
    QCOMPARE(metric(run, "arc_challenge/acc")->value, 0.447);
    QCOMPARE(metric(run, "arc_challenge/acc_norm")->value, 0.477);
    QCOMPARE(*metric(run, "arc_challenge/acc")->std_error, 0.0128);
    QCOMPARE(*metric(run, "arc_challenge/acc")->n, std::int64_t(1172));  // n-samples.effective
    QCOMPARE(*metric(run, "arc_challenge/acc")->n_shot, 0);
    // filters other than none are kept in the name
    QVERIFY(metric(run, "gsm8k/exact_match,strict-match"));
    QVERIFY(metric(run, "gsm8k/exact_match,flexible-extract"));
    // the group score is taken as reported (size-weighted), not recomputed
    QCOMPARE(metric(run, "mmlu/acc")->value, (0.30 * 100 + 0.45 * 135) / 235);
    QVERIFY(!metric(run, "mmlu/acc")->n.has_value());
    // "N/A" stderr is no stderr; higher_is_better gives the direction
    const Metric* ppl = metric(run, "wikitext/word_perplexity");
    QVERIFY(ppl && !ppl->std_error);
    QCOMPARE(*ppl->higher_is_better, false);
    QCOMPARE(*metric(run, "piqa/acc")->higher_is_better, true);
    // evaluation settings
    QCOMPARE(run.eval.at("harness"), std::string("lm-eval"));
    QCOMPARE(run.eval.at("harness_version"), std::string("git 4600d6bf"));
    QCOMPARE(run.eval.at("dtype"), std::string("torch.float16"));
    QCOMPARE(run.eval.at("batch_size"), std::string("auto"));
    QVERIFY(!run.eval.count("subset"));
    // provenance as fields
    QVERIFY(QString::fromStdString(run.source.file).endsWith(QStringLiteral("results_2024-05-01T10-00-00.123456.json")));
    QCOMPARE(run.source.sha256.size(), std::size_t(64));
  }

  void readsV03Layout() {
    const auto r = importFile((kData + "/v03_results.json").toStdString(), setting({"family=llama"}));
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    const Run& run = r.batch.runs[0];
    QCOMPARE(run.model, std::string("huggyllama/llama-7b"));  // a hub id stays whole
    QCOMPARE(run.family, std::string("llama"));
    QCOMPARE(metric(run, "arc_easy/acc")->value, 0.7516);
    QCOMPARE(*metric(run, "arc_easy/acc_norm")->std_error, 0.0093);
    QCOMPARE(*metric(run, "hellaswag/acc")->n_shot, 0);  // config.num_fewshot
    QCOMPARE(metric(run, "lambada_openai/ppl")->value, 3.51);
    QCOMPARE(run.metrics.size(), std::size_t(6));
  }

  // model_args, batch_size and versions come as strings, numbers or objects
  // depending on the harness version and how it was called.
  void readsSettingsOfEveryType() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json",
                                    "{\"results\": {\"piqa\": {\"acc,none\": 0.71}}, \"versions\": {\"piqa\": \"1.0\"},"
                                    " \"config\": {\"model_args\": {\"pretrained\": \"/ckpt/opt-1.3b-sparsegpt\", \"dtype\": \"bfloat16\"},"
                                    " \"batch_size\": 16, \"limit\": 0.1}, \"lm_eval_version\": \"0.4.3\"}"));
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    const Run& run = r.batch.runs[0];
    QCOMPARE(run.model, std::string("opt-1.3b-sparsegpt"));
    QCOMPARE(run.eval.at("dtype"), std::string("bfloat16"));
    QCOMPARE(run.eval.at("batch_size"), std::string("16"));
    QCOMPARE(run.eval.at("limit"), std::string("0.1"));
    QCOMPARE(run.eval.at("harness_version"), std::string("0.4.3"));
  }

  void nonFiniteValuesAreLeftOutAndNamed() {
    const auto r = importFile((kData + "/sweep/llama-7b-wanda-90_2024-05-04T10-00-00.json").toStdString());
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QVERIFY(!metric(r.batch.runs[0], "wikitext/word_perplexity"));
    QVERIFY(metric(r.batch.runs[0], "arc_easy/acc"));
    QCOMPARE(r.batch.warnings.size(), std::size_t(3));  // word and byte perplexity, bits per byte
    QVERIFY(QString::fromStdString(r.batch.warnings[0]).contains(QStringLiteral("/results/wikitext/")));
    QVERIFY(QString::fromStdString(r.batch.warnings[0]).contains(QStringLiteral("not finite")));
    QTemporaryDir dir;
    const auto inf = importFile(write(dir, "inf.json", v04With("Infinity", "-Infinity")));
    // Even a file whose every value is non-finite imports (a run with no
    // metrics, and the warning), never a rejected file.
    QVERIFY2(inf.ok(), qPrintable(errorOf(inf)));
    QCOMPARE(inf.batch.runs.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(inf.batch.warnings.at(0)).contains(QStringLiteral("'arc_easy/acc' is inf")));
  }

  // Found by fuzz_importers: RapidJSON's full-precision parser hit undefined
  // behaviour on a zero with an exponent.
  void readsZeroWithAnExponent() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json", v04With("0e51", "0.0E-3")));
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    QCOMPARE(metric(r.batch.runs[0], "arc_easy/acc")->value, 0.0);
    QCOMPARE(*metric(r.batch.runs[0], "arc_easy/acc")->std_error, 0.0);
  }

  void limitRunsAreMarkedAsSubsets() {
    const auto r = importFile((kData + "/sweep/native/results_2024-05-05T10-00-00.000001.json").toStdString());
    QVERIFY2(r.ok(), qPrintable(errorOf(r)));
    const Run& run = r.batch.runs[0];
    QCOMPARE(*metric(run, "hellaswag/acc")->n, std::int64_t(500));
    QVERIFY(QString::fromStdString(run.eval.at("subset")).contains(QStringLiteral("hellaswag 500 of 10042")));
    QCOMPARE(run.eval.at("limit"), std::string("500"));
    QCOMPARE(*metric(run, "arc_challenge/acc")->n_shot, 25);
  }

  void setAndMapPlaceRuns() {
    const auto set = importFile((kData + "/sweep/llama-7b-wanda-50/results_2024-05-02T10-00-00.000001.json").toStdString(),
                                setting({"model=llama-7b", "method=wanda", "sparsity=0.5", "family=llama"}));
    QVERIFY2(set.ok(), qPrintable(errorOf(set)));
    QCOMPARE(set.batch.runs[0].method, std::string("wanda"));
    QCOMPARE(*set.batch.runs[0].ratio, 0.5);  // derived from sparsity
    ImportOptions mapped;
    QVERIFY(!loadRunMap((kData + "/sweep-map.csv").toStdString(), mapped.placement));
    const auto viaMap = importFile((kData + "/sweep/llama-7b-wanda-70.json/results_2024-05-03T10-00-00.000001.json").toStdString(), mapped);
    QVERIFY2(viaMap.ok(), qPrintable(errorOf(viaMap)));
    QCOMPARE(viaMap.batch.runs[0].model, std::string("llama-7b"));
    QCOMPARE(*viaMap.batch.runs[0].sparsity, 0.7);
    QCOMPARE(viaMap.placement_rows, std::vector<int>{2});
  }

  void importsAFolderRecursively() {
    std::string error;
    const auto files = importableFiles((kData + "/sweep").toStdString(), error);
    QVERIFY2(error.empty(), error.c_str());
    QCOMPARE(files.size(), std::size_t(5));  // including the one inside a folder named *.json
    ImportOptions mapped;
    QVERIFY(!loadRunMap((kData + "/sweep-map.csv").toStdString(), mapped.placement));
    const LoadedRuns loaded = loadRuns((kData + "/sweep").toStdString(), mapped);
    QVERIFY2(loaded.ok(), loaded.error.c_str());
    QCOMPARE(loaded.runs.size(), std::size_t(5));
    int compressed = 0;
    for (const Run& r : loaded.runs) compressed += r.method == "wanda";
    QCOMPARE(compressed, 3);
  }

  void storesAndReloadsEverything() {
    QTemporaryDir dir;
    std::string error;
    auto store = ExperimentStore::open(dir.filePath(QStringLiteral("lab.sqlite")).toStdString(), error);
    QVERIFY2(store, error.c_str());
    ImportSummary s;
    const std::string file = (kData + "/sweep/native/results_2024-05-05T10-00-00.000001.json").toStdString();
    QVERIFY(!importFileInto(*store, file, s, setting({"family=llama", "model=llama-2b"})));
    QCOMPARE(s.runs_added, std::size_t(1));
    QVERIFY(!importFileInto(*store, file, s, setting({"family=llama", "model=llama-2b"})));  // idempotent
    QCOMPARE(s.runs_added, std::size_t(0));
    const auto runs = store->loadRuns(error);
    QCOMPARE(runs.size(), std::size_t(1));
    const Metric* acc = runs[0].metric("arc_challenge/acc");
    QCOMPARE(*acc->n_shot, 25);
    QCOMPARE(*acc->higher_is_better, true);
    QCOMPARE(runs[0].eval.at("limit"), std::string("500"));
    QVERIFY(runs[0].source.pointer.empty() && runs[0].source.line == 0);
    QCOMPARE(runs[0].source.sha256.size(), std::size_t(64));
  }

  // --- bad input: each names the file (and JSON path) and imports nothing ---

  void refusesNotJson() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "results.json", "{\"results\": {\"arc_easy\": {\"acc\": 0.5,}\n}}"));
    QVERIFY(!r.ok());
    QVERIFY(r.batch.runs.empty());
    QVERIFY2(errorOf(r).contains(QStringLiteral("results.json:1: not valid JSON")), qPrintable(errorOf(r)));
  }
  void refusesJsonOfAnotherTool() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}"));
    QVERIFY(!r.ok());
    QVERIFY2(errorOf(r).contains(QStringLiteral("no 'results' object, so this is not an lm-evaluation-harness results file")), qPrintable(errorOf(r)));
  }
  void refusesResultsThatAreNotAnObject() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json", "{\"results\": [1, 2], \"versions\": {}}"), setting({"model=m"}));
    QVERIFY(!r.ok());
    QVERIFY2(errorOf(r).contains(QStringLiteral("at /results: 'results' is not an object")), qPrintable(errorOf(r)));
  }
  void refusesAStringValue() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json", v04With("\"high\"")));
    QVERIFY(!r.ok());
    QVERIFY2(errorOf(r).contains(QStringLiteral("at /results/arc_easy/acc,none: the metric value 'high' is not a number")), qPrintable(errorOf(r)));
  }
  void refusesANegativeStderr() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json", v04With("0.5", "-0.01")));
    QVERIFY(!r.ok());
    QVERIFY2(errorOf(r).contains(QStringLiteral("at /results/arc_easy/acc_stderr,none: the stderr -0.01 is negative")), qPrintable(errorOf(r)));
  }
  void refusesAnUnplacedRun() {
    QTemporaryDir dir;
    const auto r = importFile(write(dir, "r.json", "{\"results\": {\"piqa\": {\"acc,none\": 0.7}}, \"versions\": {\"piqa\": 1}}"));
    QVERIFY(!r.ok());
    QVERIFY2(errorOf(r).contains(QStringLiteral("does not name the model")) && errorOf(r).contains(QStringLiteral("--set model=NAME")) &&
                 errorOf(r).contains(QStringLiteral("--map")),
             qPrintable(errorOf(r)));
  }
  void refusesDuplicateTasksAcrossFilesOfOneRun() {
    QTemporaryDir dir;
    write(dir, "runs/a/results_2024-01-01T00-00-00.json", v04With("0.5"));
    write(dir, "runs/a/results_2024-01-02T00-00-00.json", v04With("0.6"));
    const LoadedRuns loaded = loadRuns(dir.filePath(QStringLiteral("runs")).toStdString());
    QVERIFY(!loaded.ok());
    QVERIFY2(QString::fromStdString(loaded.error).contains(QStringLiteral("results_2024-01-02T00-00-00.json: metric 'arc_easy/acc' of the run of model 'org/m'")) &&
                 QString::fromStdString(loaded.error).contains(QStringLiteral("given twice with different values (0.5 earlier, 0.6 here)")),
             loaded.error.c_str());
    write(dir, "same/a/results_2024-01-01T00-00-00.json", v04With("0.5"));
    write(dir, "same/a/results_2024-01-02T00-00-00.json", v04With("0.5"));
    QCOMPARE(loadRuns(dir.filePath(QStringLiteral("same")).toStdString()).runs.size(), std::size_t(1));
  }
  void refusesABadMappingFile() {
    QTemporaryDir dir;
    RunPlacement p;
    const auto unknown = loadRunMap(write(dir, "m.csv", "pattern,method,colour\nx*,wanda,red\n"), p);
    QVERIFY(unknown);
    QVERIFY2(QString::fromStdString(unknown->text()).contains(QStringLiteral("m.csv:1: column 'colour': 'colour' is not a run field")),
             unknown->text().c_str());
    ImportOptions o;
    QVERIFY(!loadRunMap(write(dir, "m2.csv", "pattern,method\n*wanda-50,wanda\nnothing-*,rtn\n"), o.placement));
    o.placement.rows[0].fields.emplace_back("sparsity", "0.5");
    const LoadedRuns loaded = loadRuns((kData + "/sweep/llama-7b-wanda-50").toStdString(), o);
    QVERIFY(!loaded.ok());
    QVERIFY2(QString::fromStdString(loaded.error).contains(QStringLiteral("match no model in the files read: 'nothing-*' (line 3)")),
             loaded.error.c_str());
  }
  void refusesAFolderWithNoResults() {
    QTemporaryDir dir;
    write(dir, "empty/notes.md", "# nothing here\n");
    std::string error;
    QVERIFY(importableFiles(dir.filePath(QStringLiteral("empty")).toStdString(), error).empty());
    QVERIFY2(QString::fromStdString(error).contains(QStringLiteral("a folder with no result files in it")), error.c_str());
  }
};

QTEST_GUILESS_MAIN(TestLmEvalImporter)
#include "test_lm_eval_importer.moc"
