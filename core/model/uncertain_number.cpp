#include "core/model/uncertain_number.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace rs {
namespace {

// n × 10^place written out ("367", -3 → "0.367"; 21, 2 → "2100"). Integers,
// not printf of a double, so 0.367 never shows as 0.36699999.
std::string digits(long long n, int place) {
  const bool negative = n < 0;
  std::string s = std::to_string(std::llabs(n));
  if (place >= 0) {
    if (n != 0) s.append(static_cast<std::size_t>(place), '0');
  } else {
    const auto decimals = static_cast<std::size_t>(-place);
    if (s.size() <= decimals) s.insert(0, decimals - s.size() + 1, '0');
    s.insert(s.size() - decimals, 1, '.');
  }
  return negative && n != 0 ? "-" + s : s;
}

double pow10(int k) { return std::pow(10.0, k); }

// Past 15 digits a double has no more to give (and a long long overflows).
int capPlace(double magnitude, int place) {
  return magnitude > 0 ? std::max(place, static_cast<int>(std::floor(std::log10(magnitude))) - 15) : place;
}

bool needsExponent(double magnitude) { return magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3); }

std::string stripZeros(std::string s) {
  if (s.find('.') == std::string::npos) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

UncertainNumber roundToError(double value, double error) {
  UncertainNumber out;
  if (!std::isfinite(value)) {
    out.value = std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";
    return out;
  }
  const bool hasError = std::isfinite(error) && error > 0;
  const double magnitude = std::max(std::fabs(value), hasError ? error : 0.0);
  if (needsExponent(magnitude)) out.exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const double v = value / pow10(out.exponent), e = hasError ? error / pow10(out.exponent) : 0.0;
  if (!hasError) {
    // Four significant digits, trailing zeros dropped: they would claim a precision nobody measured.
    const int place = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v)))) - 3;
    out.value = stripZeros(digits(std::llround(v / pow10(place)), place));
    return out;
  }
  // The last kept digit of the error is its second significant one.
  const int lead = static_cast<int>(std::floor(std::log10(e)));
  int place = lead - 1;
  if (std::llround(e / pow10(place)) >= 100) ++place;  // 0.0996 → 0.10, not 0.100
  place = capPlace(std::fabs(v), place);
  out.value = digits(std::llround(v / pow10(place)), place);
  out.error = digits(std::llround(e / pow10(place)), place);
  return out;
}

std::string toText(const UncertainNumber& n) {
  const std::string body = n.error.empty() ? n.value : n.value + " ± " + n.error;
  if (n.exponent == 0) return body;
  return (n.error.empty() ? body : "(" + body + ")") + " × 10^" + std::to_string(n.exponent);
}

std::string toLatex(const UncertainNumber& n) {
  const std::string body = n.error.empty() ? n.value : n.value + " \\pm " + n.error;
  if (n.exponent == 0) return body;
  return (n.error.empty() ? body : "(" + body + ")") + " \\times 10^{" + std::to_string(n.exponent) + "}";
}

std::string fullPrecision(double value) {
  if (std::isnan(value)) return {};
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, r.ptr);
}

}  // namespace rs
