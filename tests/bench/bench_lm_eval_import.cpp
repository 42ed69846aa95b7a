// lm-eval import benchmark: 2,000 generated lm-evaluation-harness v0.4
// results files of the full MMLU size (57 subjects, groups, configs,
// n-samples: about 120 kB each), imported into a fresh experiment database
// (read, parse, place with --set, validate, store), in files per second.
// Reference in the same run: Python's json.load of the same files (parsing
// only, no validation or storage); the ratio is printed.
//
// usage: bench_lm_eval_import [FILES]   (default 2000)
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <cstdio>
#include <random>

#include "core/io/store/experiment_store.h"
#include "core/io/store_import.h"

using namespace rs;

namespace {

// One results file shaped like the harness's: every MMLU subject with acc and
// its stderr, the group scores, a config per task, n-shot, n-samples,
// higher_is_better and versions, and the harness's config block.
QByteArray resultsFile(int index, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.2, 0.8);
  QByteArray results, configs, nshot, hib, samples, versions;
  char buf[1024];
  for (int s = 0; s < 57; ++s) {
    const QByteArray task = "mmlu_subject_" + QByteArray::number(s);
    const int n = 100 + (s * 37) % 1400;
    std::snprintf(buf, sizeof buf, "%s\"%s\": {\"alias\": \"  - subject %d\", \"acc,none\": %.17g, \"acc_stderr,none\": %.17g}",
                  s ? ",\n    " : "", task.constData(), s, u(rng), 0.01 + 0.04 * u(rng));
    results += buf;
    std::snprintf(buf, sizeof buf,
                  "%s\"%s\": {\"task\": \"%s\", \"task_alias\": \"subject %d\", \"tag\": \"mmlu_other_tasks\", \"dataset_path\": "
                  "\"hails/mmlu_no_train\", \"dataset_name\": \"subject_%d\", \"test_split\": \"test\", \"fewshot_split\": \"dev\", "
                  "\"doc_to_text\": \"{{question.strip()}}\\nA. {{choices[0]}}\\nB. {{choices[1]}}\\nC. {{choices[2]}}\\nD. "
                  "{{choices[3]}}\\nAnswer:\", \"doc_to_target\": \"answer\", \"doc_to_choice\": [\"A\", \"B\", \"C\", \"D\"], "
                  "\"description\": \"The following are multiple choice questions (with answers) about subject %d.\\n\\n\", "
                  "\"target_delimiter\": \" \", \"fewshot_delimiter\": \"\\n\\n\", \"fewshot_config\": {\"sampler\": \"first_n\"}, "
                  "\"num_fewshot\": 5, \"metric_list\": [{\"metric\": \"acc\", \"aggregation\": \"mean\", \"higher_is_better\": true}], "
                  "\"output_type\": \"multiple_choice\", \"repeats\": 1, \"should_decontaminate\": false, \"metadata\": {\"version\": 1.0}}",
                  s ? ",\n    " : "", task.constData(), task.constData(), s, s, s);
    configs += buf;
    nshot += (s ? ", \"" : "\"") + task + "\": 5";
    hib += (s ? ", \"" : "\"") + task + "\": {\"acc\": true}";
    samples += (s ? ", \"" : "\"") + task + "\": {\"original\": " + QByteArray::number(n) + ", \"effective\": " + QByteArray::number(n) + "}";
    versions += (s ? ", \"" : "\"") + task + "\": 1.0";
  }
  QByteArray groups;
  for (const char* g : {"mmlu", "mmlu_humanities", "mmlu_other", "mmlu_social_sciences", "mmlu_stem"}) {
    std::snprintf(buf, sizeof buf, "%s\"%s\": {\"acc,none\": %.17g, \"acc_stderr,none\": %.17g, \"alias\": \"%s\"}", groups.isEmpty() ? "" : ",\n    ", g,
                  u(rng), 0.004, g);
    groups += buf;
  }
  std::snprintf(buf, sizeof buf,
                "\"config\": {\"model\": \"hf\", \"model_args\": \"pretrained=/ckpt/model-%d,dtype=float16\", \"model_num_parameters\": 6738415616, "
                "\"model_dtype\": \"torch.float16\", \"batch_size\": \"auto\", \"batch_sizes\": [16], \"device\": \"cuda:0\", \"limit\": null, "
                "\"bootstrap_iters\": 100000, \"random_seed\": 0}, \"git_hash\": \"4600d6bf\", \"model_name\": \"/ckpt/model-%d\"",
                index, index);
  const QByteArray filler(57000, 'x');  // pretty_env_info and the like
  return "{\n  \"results\": {\n    " + results + ",\n    " + groups + "\n  },\n  \"groups\": {\n    " + groups + "\n  },\n  \"configs\": {\n    " +
         configs + "\n  },\n  \"versions\": {" + versions + "},\n  \"n-shot\": {" + nshot + "},\n  \"higher_is_better\": {" + hib +
         "},\n  \"n-samples\": {" + samples + "},\n  " + buf + ",\n  \"pretty_env_info\": \"" + filler + "\"\n}\n";
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  const int count = argc > 1 ? std::atoi(argv[1]) : 2000;
  QTemporaryDir dir;
  std::mt19937_64 rng(7);
  QStringList paths;
  qint64 bytes = 0;
  for (int i = 0; i < count; ++i) {
    const QString path = dir.filePath(QStringLiteral("model-%1/results_2024-05-01T00-00-00.%2.json").arg(i).arg(i, 6, 10, QLatin1Char('0')));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    const QByteArray text = resultsFile(i, rng);
    bytes += text.size();
    f.write(text);
    paths << path;
  }
  std::printf("bench_lm_eval_import: %d lm-eval results files, %.0f kB each\n", count, bytes / 1024.0 / count);

  ImportOptions options;
  addSetOption(options.placement, "family=bench");
  QElapsedTimer readTimer;
  readTimer.start();
  for (const QString& path : paths)
    if (const ImportResult r = importFile(path.toStdString(), options); !r.ok()) { std::fprintf(stderr, "%s\n", r.error->text().c_str()); return 1; }
  const double readOnly = readTimer.nsecsElapsed() / 1e9;
  std::printf("  read and validate only %7.3f s  %8.0f files/s\n", readOnly, count / readOnly);

  std::string error;
  auto store = ExperimentStore::open(dir.filePath(QStringLiteral("lab.sqlite")).toStdString(), error);
  if (!store) { std::fprintf(stderr, "%s\n", error.c_str()); return 1; }
  QElapsedTimer timer;
  timer.start();
  std::size_t metrics = 0;
  for (const QString& path : paths) {
    ImportSummary s;
    if (auto e = importFileInto(*store, path.toStdString(), s, options)) { std::fprintf(stderr, "%s\n", e->text().c_str()); return 1; }
    metrics += s.metrics_added;
  }
  const double ours = timer.nsecsElapsed() / 1e9;
  std::printf("  import into the store  %7.3f s  %8.0f files/s  (%zu metrics)\n", ours, count / ours, metrics);

  QProcess python;
  python.start(QStringLiteral("python3"), {QStringLiteral(RS_JSON_REFERENCE)});
  python.write((paths.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
  python.closeWriteChannel();
  if (!python.waitForFinished(600000) || python.exitCode() != 0) {
    std::printf("  reference: python3 json.load not available (%s)\n", python.readAllStandardError().constData());
    return 0;
  }
  const double reference = python.readAllStandardOutput().split(' ').value(0).toDouble();
  std::printf("  python json.load only  %7.3f s  %8.0f files/s\n", reference, count / reference);
  std::printf("  ratio (files/s, Ratioscope import / python json.load): %.2fx\n", reference / ours);
  return 0;
}
