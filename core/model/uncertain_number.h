#pragma once
// A value with its standard error, written as a paper writes it.
//
// The rule (one, used by every table Ratioscope writes): the error keeps two
// significant digits and the value is rounded to the same decimal place.
//   0.36712 ± 0.0213 → 0.367 ± 0.021      406.4 ± 25.1 → 406 ± 25
//   1.6934 ± 0.0042 → 1.6934 ± 0.0042     2143 ± 1293 → 2100 ± 1300
// Two digits, not the Particle Data Group's one-or-two, because a second
// digit of an error costs a reader nothing and one digit of an error such as
// 0.14 throws away a third of it. An error that rounds up to the next power
// of ten keeps two digits of that (0.0996 → 0.10).
// A missing error (NaN, infinite, zero or negative) gives the value alone to
// four significant digits, with no ±: its precision is unknown.
// Magnitudes of 10⁵ and above or below 10⁻³ share a power of ten,
// "(8.8 ± 1.2) × 10^13", so a table column never runs to twenty digits.

#include <string>

namespace rs {

struct UncertainNumber {
  std::string value;  // digits, the mantissa when exponent != 0; "nan"/"inf" when not finite
  std::string error;  // same decimal place as value; empty when there is no error to show
  int exponent = 0;   // the common power of ten; 0 for plain notation
};

UncertainNumber roundToError(double value, double error);

// "0.367 ± 0.021", "(8.8 ± 1.2) × 10^13", "1.694" (no error).
std::string toText(const UncertainNumber& n);
// The same in LaTeX math mode, without the dollars: "0.367 \pm 0.021",
// "(8.8 \pm 1.2) \times 10^{13}".
std::string toLatex(const UncertainNumber& n);

// Every digit a double holds, shortest form that reads back the same
// ("0.1", "1.6934000000000001" never); empty for NaN, for CSV cells.
std::string fullPrecision(double value);

}  // namespace rs
