// The published Chinchilla procedure (4,500 starts, Huber δ = 1e-3 on log
// residuals) timed on data shaped like a real IsoFLOP extraction
// (isoflop_sweep.h: nine compute budgets, sizes along each, 1.5% noise, five
// high-loss outliers), and in the same run the same procedure with
// scipy.optimize.minimize(method='L-BFGS-B') from Debian's python3-scipy
// (tests/bench/chinchilla_scipy.py) as the reference. Prints both times, both
// objectives and the speed ratio, and beside them the procedure as it ran
// before the small solver (Ceres for every start, two screening
// iterations), so a faster fit that stopped short, or in another basin,
// would show in its objective.
//
// Times are the median of five fits, wall clock (all cores) and the CPU
// time of the process: on a shared machine the CPU time is the steadier.
//
// usage: bench_chinchilla [--scipy-starts K] [--grid] [--seed S] [--noise SD]
//                         [--span X] [--outliers K]
//   --scipy-starts K  time scipy on the first K starts, scaled to 4,500
//                     (default: the full grid)
//   --grid            the old synthetic 16 x 15 grid of N and D instead
//                     (fit_test_support.h): an easy case
//   --seed S          seed of the generated sweep (default 11)
//   --noise SD        its log-normal noise (default 0.015)
//   --span X          sizes from 1/X to X times each budget's optimum (default 15)
//   --outliers K      its high-loss outliers (default 5)
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <thread>

#include "tests/support/fit_test_support.h"
#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "isoflop_sweep.h"

using namespace rs;

namespace {

struct Timed {
  fit::FitResult result;
  double seconds = 0, cpu_seconds = 0;
};

double cpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The median of five fits: the machine may be shared, and one fit is short.
Timed timedFit(const laws::Law& law, const fit::FitData& data, const fit::FitOptions& options) {
  std::vector<double> wall, cpu;
  Timed t;
  for (int k = 0; k < 5; ++k) {
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    t.result = fit::fitLaw(law, data, options);
    cpu.push_back(cpuSeconds() - cpuStart);
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  t.seconds = wall[2];
  t.cpu_seconds = cpu[2];
  return t;
}

void printFit(const char* label, const Timed& t) {
  std::printf("  %-26s %8.3f s (cpu %.3f s)   objective %.15g   E %.4f A %.1f B %.1f alpha %.4f beta %.4f\n", label, t.seconds,
              t.cpu_seconds, t.result.objective,
              t.result.params[2].value, t.result.params[0].value, t.result.params[1].value, t.result.params[3].value,
              t.result.params[4].value);
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int scipyStarts = 4500;
  bool grid = false;
  bench::IsoflopSweep sweep;
  std::uint64_t seed = 11;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--scipy-starts") == 0 && i + 1 < argc) scipyStarts = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--grid") == 0) grid = true;
    else if (std::strcmp(argv[i], "--noise") == 0 && i + 1 < argc) sweep.noise_sd = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--span") == 0 && i + 1 < argc) sweep.span = std::atof(argv[++i]);
    else if (std::strcmp(argv[i], "--outliers") == 0 && i + 1 < argc) sweep.outliers = std::atoi(argv[++i]);
  }

  const std::vector<Run> runs = grid ? testing::chinchillaRuns() : bench::isoflopSweepRuns(sweep, seed);
  const auto law = laws::findLaw("chinchilla");
  fit::FitDataSpec spec;
  spec.metric = "loss";
  const fit::FitData data = fit::buildFitData(*law, runs, spec, laws::ResidualSpace::Log);
  // The procedure alone, as the scipy reference runs it: no bootstrap errors
  // (the robust default) and no influence refits.
  fit::FitOptions options;
  options.errors = fit::ErrorMethod::Wald;
  options.influence = false;
  const Timed ours = timedFit(*law, data, options);
  if (!ours.result.ok) { std::fprintf(stderr, "fit failed: %s\n", ours.result.error.c_str()); return 1; }
  // The procedure before the small solver: Ceres for every start, two screening iterations.
  fit::FitOptions ceresOptions = options;
  ceresOptions.polisher = fit::Polisher::Ceres;
  ceresOptions.screen_iterations = 2;
  const Timed ceres = timedFit(*law, data, ceresOptions);
  if (grid) std::printf("bench_chinchilla: synthetic 16 x 15 grid of N and D");
  else
    std::printf("bench_chinchilla: generated IsoFLOP sweep (%d budgets, sizes 1/%g..%gx optimal, %.1f%% noise, %d outliers, seed %llu)",
                sweep.budgets, sweep.span, sweep.span, 100 * sweep.noise_sd, sweep.outliers, static_cast<unsigned long long>(seed));
  std::printf(", %d points, %d starts, %u threads\n", data.size(), ours.result.starts, std::thread::hardware_concurrency());
  printFit("ratioscope (small LM)", ours);
  printFit("ratioscope before (Ceres)", ceres);

  QTemporaryDir dir;
  const QString csv = dir.filePath(QStringLiteral("chinchilla.csv"));
  {
    QFile f(csv);
    f.open(QIODevice::WriteOnly);
    f.write("N,D,L\n");
    for (const Run& r : runs) f.write(QStringLiteral("%1,%2,%3\n").arg(*r.params, 0, 'g', 17).arg(*r.tokens, 0, 'g', 17).arg(r.metric("loss")->value, 0, 'g', 17).toUtf8());
  }
  QProcess python;
  const QString interpreter = QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3") : QStringLiteral("python3");
  QStringList args{QStringLiteral(RS_SCIPY_REFERENCE), csv};
  if (scipyStarts < 4500) args << QStringLiteral("--starts-limit") << QString::number(scipyStarts);
  python.start(interpreter, args);
  if (!python.waitForFinished(1800000) || python.exitCode() != 0) {
    std::printf("  reference: python3 failed or missing; no ratio\n");
    return 0;
  }
  const QString out = QString::fromUtf8(python.readAllStandardOutput()).trimmed().section(QLatin1Char('\n'), -1);
  if (!out.startsWith(QLatin1String("scipy_seconds="))) {
    std::printf("  reference: scipy not installed (apt-get install python3-scipy); no ratio\n");
    return 0;
  }
  auto field = [&](const char* key) {
    for (const QString& kv : out.split(QLatin1Char(' ')))
      if (kv.startsWith(QLatin1String(key) + QLatin1Char('='))) return kv.section(QLatin1Char('='), 1).toDouble();
    return 0.0;
  };
  const double measured = field("scipy_seconds"), starts = field("starts"), objective = field("objective");
  const double scipy4500 = measured * 4500.0 / starts;
  std::printf("  %-26s %8.3f s                  objective %.15g   E %.4f A %.1f B %.1f alpha %.4f beta %.4f   (%g starts%s)\n",
              "scipy L-BFGS-B", scipy4500,
              objective, field("E"), field("A"), field("B"), field("alpha"), field("beta"), starts,
              starts < 4500 ? ", time scaled to 4,500" : "");
  // scipy runs on one core: its wall time is its CPU time.
  std::printf("  speed ratio scipy / ratioscope = %.1fx wall, %.1fx cpu (before: %.1fx wall, %.1fx cpu)\n", scipy4500 / ours.seconds,
              scipy4500 / ours.cpu_seconds, scipy4500 / ceres.seconds, scipy4500 / ceres.cpu_seconds);
  std::printf("  objective difference: ours - scipy = %.3g, ours - before = %.3g\n", ours.result.objective - objective,
              ours.result.objective - ceres.result.objective);
  return 0;
}
