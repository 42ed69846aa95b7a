#pragma once
// Numbers as people read them: counts as this field writes them (88.5k
// parameters, 1.5B, 20T tokens), shared by figure ticks, analysis evidence
// and predicted-model names; and values to a few significant digits, for
// messages and notes.

#include <string>

namespace rs {

// Three significant digits with a k/M/B/T suffix from a thousand up
// ("88.5k", "7B", "1.4T"); plain below ("512", "0.25").
std::string compactNumber(double value);

// `digits` significant digits, as printf's %g writes them ("0.806", "1.2e+04").
std::string significant(double value, int digits);

}  // namespace rs
