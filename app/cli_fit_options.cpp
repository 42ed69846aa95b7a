#include "app/cli_fit_options.h"

#include "app/cli_support.h"
#include "core/laws/robust_loss_text.h"

namespace rs::cli {

void addFitOptions(QCommandLineParser& p) {
  p.addOption({QStringLiteral("robust"), QStringLiteral("none, huber:DELTA or cauchy:DELTA (default: the law's procedure)."), QStringLiteral("LOSS")});
  p.addOption({QStringLiteral("space"), QStringLiteral("Residuals: log or linear (default: the law's)."), QStringLiteral("SPACE")});
  p.addOption({QStringLiteral("starts"), QStringLiteral("grid (the law's starting grid) or N seeded random starts."), QStringLiteral("grid|N"), QStringLiteral("grid")});
  p.addOption({QStringLiteral("seed"), QStringLiteral("Seed for random starts and bootstrap (default 1)."), QStringLiteral("S"), QStringLiteral("1")});
  p.addOption({QStringLiteral("bootstrap"),
               QStringLiteral("Bootstrap resamples (default 0); N > 0: standard errors, intervals and bands from the bootstrap."),
               QStringLiteral("N"), QStringLiteral("0")});
  p.addOption({QStringLiteral("errors"),
               QStringLiteral("wald, sandwich or bootstrap (default: sandwich for a robust loss, else wald)."), QStringLiteral("METHOD")});
  p.addOption({QStringLiteral("holdout-above"), QStringLiteral("Fit on the law's first variable <= X, report the error above."), QStringLiteral("X")});
  p.addOption({QStringLiteral("threads"), QStringLiteral("Worker threads (default: every core)."), QStringLiteral("N"), QStringLiteral("0")});
}

int readFitOptions(const QCommandLineParser& p, const char* command, fit::FitOptions& options) {
  const QString c = QString::fromLatin1(command) + QStringLiteral(": ");
  if (p.isSet(QStringLiteral("robust"))) {
    laws::RobustLoss robust;
    if (std::string why = laws::parseRobustLoss(p.value(QStringLiteral("robust")).toStdString(), robust); !why.empty())
      return fail(c + QStringLiteral("--robust ") + QString::fromStdString(why), 2);
    options.robust = robust;
  }
  if (p.isSet(QStringLiteral("space"))) {
    const QString s = p.value(QStringLiteral("space"));
    if (s != QLatin1String("log") && s != QLatin1String("linear")) return fail(c + QStringLiteral("--space must be log or linear"), 2);
    options.space = s == QLatin1String("log") ? laws::ResidualSpace::Log : laws::ResidualSpace::Linear;
  }
  bool ok = true;
  const QString starts = p.value(QStringLiteral("starts"));
  if (starts != QLatin1String("grid")) {
    options.random_starts = starts.toInt(&ok);
    if (!ok || options.random_starts < 1) return fail(c + QStringLiteral("--starts must be grid or a positive number"), 2);
  }
  options.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
  if (!ok) return fail(c + QStringLiteral("--seed must be a whole number"), 2);
  options.bootstrap = p.value(QStringLiteral("bootstrap")).toInt(&ok);
  if (!ok || options.bootstrap < 0) return fail(c + QStringLiteral("--bootstrap must be a whole number >= 0"), 2);
  if (p.isSet(QStringLiteral("errors"))) {
    const QString e = p.value(QStringLiteral("errors"));
    if (e == QLatin1String("wald")) options.errors = fit::ErrorMethod::Wald;
    else if (e == QLatin1String("sandwich")) options.errors = fit::ErrorMethod::Sandwich;
    else if (e == QLatin1String("bootstrap")) options.errors = fit::ErrorMethod::Bootstrap;
    else return fail(c + QStringLiteral("--errors must be wald, sandwich or bootstrap"), 2);
  }
  options.threads = p.value(QStringLiteral("threads")).toInt(&ok);
  if (!ok || options.threads < 0) return fail(c + QStringLiteral("--threads must be a whole number >= 0"), 2);
  if (p.isSet(QStringLiteral("holdout-above"))) {
    options.holdout_above = p.value(QStringLiteral("holdout-above")).toDouble(&ok);
    if (!ok) return fail(c + QStringLiteral("--holdout-above takes a number"), 2);
  }
  return 0;
}

}  // namespace rs::cli
