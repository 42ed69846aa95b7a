#pragma once
// A fit as JSON: what `ratioscope-cli fit --format json` prints and what the
// fit panel's result serialises to, from one writer, so the CLI and the GUI
// cannot describe the same fit differently (tests/app/test_cli_fit.cpp).
// Non-finite numbers are written as null (Qt's JSON has no NaN).

#include <QJsonObject>

#include "core/fit/fitter.h"

namespace rs::fit {

QJsonObject fitToJson(const laws::Law& law, const FitResult& result);

}  // namespace rs::fit
