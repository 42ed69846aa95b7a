#pragma once
// Counts as people write them in this field: 88.5k parameters, 1.5B, 20T
// tokens; shared by figure ticks, analysis evidence and predicted-model names.

#include <string>

namespace rs {

// Three significant digits with a k/M/B/T suffix from a thousand up
// ("88.5k", "7B", "1.4T"); plain below ("512", "0.25").
std::string compactNumber(double value);

}  // namespace rs
