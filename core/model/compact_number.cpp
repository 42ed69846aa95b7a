#include "core/model/compact_number.h"

#include <cmath>
#include <cstdio>
#include <utility>

namespace rs {

std::string compactNumber(double value) {
  static const std::pair<double, const char*> units[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  char text[32];
  // From 0.9995 of a unit up, three digits round to "1" of it, not "1e+03" of the one below.
  for (const auto& [scale, suffix] : units)
    if (std::fabs(value) >= 0.9995 * scale) {
      std::snprintf(text, sizeof text, "%.3g%s", value / scale, suffix);
      return text;
    }
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

std::string significant(double value, int digits) {
  char text[40];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace rs
