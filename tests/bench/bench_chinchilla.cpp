// The published Chinchilla procedure (4,500 starts, Huber δ = 1e-3 on log
// residuals) on the synthetic 240-point set, timed; in the same run the same
// procedure with scipy.optimize.minimize(method='L-BFGS-B') from Debian's
// python3-scipy (tests/bench/chinchilla_scipy.py) as the reference. Prints
// both times, both objectives and the speed ratio.
//
// usage: bench_chinchilla [--scipy-starts K]   (K < 4500 times scipy on the
// first K starts and scales its time to 4,500; default: the full grid)
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "core/fit/fitter.h"
#include "core/laws/catalogue.h"
#include "../fit_test_support.h"

using namespace rs;

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  int scipyStarts = 4500;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--scipy-starts") == 0) scipyStarts = std::atoi(argv[i + 1]);

  const std::vector<Run> runs = testing::chinchillaRuns();
  const auto law = laws::findLaw("chinchilla");
  fit::FitDataSpec spec;
  spec.metric = "loss";
  const fit::FitData data = fit::buildFitData(*law, runs, spec, laws::ResidualSpace::Log);
  const auto start = std::chrono::steady_clock::now();
  // The procedure alone, as the scipy reference runs it: no bootstrap errors
  // (the robust default) and no influence refits.
  fit::FitOptions options;
  options.errors = fit::ErrorMethod::Wald;
  options.influence = false;
  const fit::FitResult result = fit::fitLaw(*law, data, options);
  const double ours = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok) { std::fprintf(stderr, "fit failed: %s\n", result.error.c_str()); return 1; }
  std::printf("bench_chinchilla: 240 points, %d starts, %d threads\n", result.starts, fit::FitOptions{}.threads == 0 ? static_cast<int>(std::thread::hardware_concurrency()) : 1);
  std::printf("  ratioscope (Ceres)     %8.3f s   objective %.15g   E %.4f alpha %.4f beta %.4f\n", ours, result.objective,
              result.params[2].value, result.params[3].value, result.params[4].value);

  QTemporaryDir dir;
  const QString csv = dir.filePath(QStringLiteral("chinchilla240.csv"));
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
  std::printf("  scipy L-BFGS-B         %8.3f s   objective %.15g   (%g starts%s)\n", scipy4500, objective, starts,
              starts < 4500 ? ", time scaled to 4,500" : "");
  std::printf("  speed ratio scipy / ratioscope = %.1fx   objective difference (ours - scipy) = %.3g\n", scipy4500 / ours,
              result.objective - objective);
  return 0;
}
