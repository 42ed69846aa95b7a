// ratioscope-cli: every core capability from scripts, JSON on stdout when
// asked, errors on stderr with a non-zero exit status.
#include <QApplication>
#include <QCoreApplication>

#include "app/runtime_dir.h"
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "app/cli_commands.h"
#include "app/version.h"

namespace rs::cli {
std::string libraryVersions();
}

namespace {

const char* kHelp =
    "Usage: ratioscope-cli COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  import PATH... --db DB [--set KEY=VALUE]... [--map MAP.csv] [--json]\n"
    "      Append runs from results files (Ratioscope CSV, lm-evaluation-harness,\n"
    "      lighteval, OpenCompass) or folders of them (searched recursively) to\n"
    "      an experiment database (created when missing). --set and --map give\n"
    "      the run fields a results file does not record (method=wanda,\n"
    "      sparsity=0.5). Every file is checked before anything is written;\n"
    "      each is then one transaction. Re-importing adds nothing.\n"
    "  runs --input DB_OR_RESULTS [--where KEY=VALUE]... [--json]\n"
    "      List runs with their fields, derived axes and metrics.\n"
    "  plot --input DB_OR_RESULTS --metric NAME --x ratio|fold|bits|params|tokens\n"
    "       [--log-x] [--log-y] [--no-error-bars] [--where KEY=VALUE]...\n"
    "       --out FILE.pdf|.svg|.png [--width-mm 85] [--height-mm 60] [--dpi 300]\n"
    "       [--tasks TASKS.json] [--law LAW [--fit-per-series]] [--dropouts]\n"
    "       [--knees] [--hide method:NAME|model:NAME]... [--describe]\n"
    "      Draw a figure with the GUI's figure composer: what the window shows\n"
    "      and File > Export writes, fitted law, dropouts and knees included.\n"
    "  render PROJECT.ratioscope --out FILE.pdf|.svg|.png [--width-mm 85]\n"
    "       [--height-mm 60] [--dpi 300] [--describe]\n"
    "      Re-render the figure of a project saved by the window (File > Save\n"
    "      Project): its data, filter, figure settings, hidden series and fit.\n"
    "  laws [--json]\n"
    "      List the law catalogue: formulas and citations (with --json also\n"
    "      variables, parameters and bounds).\n"
    "  fit --input DB_OR_RESULTS --law ID [--metric NAME] [--where KEY=VALUE]...\n"
    "      [--robust none|huber:D|cauchy:D] [--space log|linear] [--starts grid|N]\n"
    "      [--seed S] [--bootstrap N] [--holdout-above X] [--x AXIS] [--sigma S] [--json]\n"
    "      Fit a law: parameters with standard errors and 95% intervals,\n"
    "      objective, R², RMSE, AIC, BIC, starts, convergence, time.\n"
    "  analyze --input DB_OR_RESULTS [--where KEY=VALUE]... [--dropout chance|chance+M|headroom:S]\n"
    "      [--budget params|bytes|flops|latency] [--dense-law auto|chinchilla|kaplan-nd|power]\n"
    "      [--loss-metric NAME] [--sensitivity S] [--tasks TASKS.json] [--json]\n"
    "      Capability dropout per task curve, categories ranked by dropout ratio,\n"
    "      knees (kneedle, max-curvature, segmented) on every curve, and fairness\n"
    "      checks of every compressed run against the closest-budget native model\n"
    "      (or the family's dense law where none was run), effective parameters.\n"
    "  trial [--list] --model NAME [--baselines LIST] [--methods LIST] [--ratios LIST]\n"
    "      [--bits LIST] [--group-size N] [--seeds LIST] [--steps N | --tokens-per-param X]\n"
    "      [--rft-steps N | --rft-tokens N] [--distill] [--device auto|cpu|cuda] [--threads N]\n"
    "      [--cache-dir DIR|none] (--db DB | --out CSV [--append])\n"
    "      Train a small model on the capability suite, compress it, evaluate every\n"
    "      task; a progress line per run on stderr.\n"
    "  trial --manifest SWEEP.json [--index N] [--db URL | --out-dir DIR]\n"
    "      Run one entry of a sweep (a Slurm array task; N defaults to\n"
    "      $SLURM_ARRAY_TASK_ID). An entry already done does nothing.\n"
    "  sweep plan|submit|status ...\n"
    "      A trial sweep as Slurm job arrays (sweep --help).\n"
    "\n"
    "--where takes KEY=VALUE, KEY!=VALUE, KEY<V, KEY<=V, KEY>V, KEY>=V on run\n"
    "fields (family, model, method, params, tokens, ratio, bits, sparsity,\n"
    "structured, rank, rft_tokens, distilled, seed, size_bytes, latency_ms, device).\n"
    "\n"
    "Options:\n"
    "  --help       Show this help (also COMMAND --help).\n"
    "  --version    Show the version and the library versions of this build.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (command == "--version" || command == "-v") {
    std::printf("ratioscope-cli %s (%s)\n", RATIOSCOPE_VERSION, rs::cli::libraryVersions().c_str());
    return 0;
  }
  // Trials run in their own executable, the only one that loads LibTorch.
  if (command == "trial") return rs::cli::execTrial(argv);
  // Figures need a QApplication (QCustomPlot is a widget); without a display
  // it renders offscreen, which is all a headless server has.
  std::unique_ptr<QCoreApplication> app;
  rs::app::ensureRuntimeDir();
  if (command == "plot" || command == "render") {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
      qputenv("QT_QPA_PLATFORM", "offscreen");
    app = std::make_unique<QApplication>(argc, argv);
  } else {
    app = std::make_unique<QCoreApplication>(argc, argv);
  }
  QCoreApplication::setApplicationName(QStringLiteral("ratioscope-cli"));
  QCoreApplication::setApplicationVersion(QStringLiteral(RATIOSCOPE_VERSION));
  QStringList args = QCoreApplication::arguments();
  args.removeAt(1);  // the command word; QCommandLineParser sees the rest
  if (command == "import") return rs::cli::runImport(args);
  if (command == "runs") return rs::cli::runRuns(args);
  if (command == "plot") return rs::cli::runPlot(args);
  if (command == "render") return rs::cli::runRender(args);
  if (command == "laws") return rs::cli::runLaws(args);
  if (command == "fit") return rs::cli::runFit(args);
  if (command == "analyze") return rs::cli::runAnalyze(args);
  if (command == "sweep") return rs::cli::runSweep(args);
  std::fprintf(stderr, "ratioscope-cli: unknown command '%s'\n\n%s", command.c_str(), kHelp);
  return 2;
}
