#pragma once
// The shape Kaplan et al.'s one-variable laws share, L(X) = (X_c / X)^α with
// X_c fitted as its logarithm: linear in log space, log L = α (log X_c − log X).
// kaplan-n (X = N) and kaplan-d (X = D) differ only in their LawInfo.
#include <cmath>

namespace rs::laws {

struct KaplanSingleVariable {
  // x holds log X after prepare(); p = {log X_c, α}.
  static void prepare(double* x) { x[0] = std::log(x[0]); }
  template <typename T>
  static T logValue(const T* p, const double* x) { return p[1] * (p[0] - x[0]); }
  template <typename T>
  static T value(const T* p, const double* x) { using std::exp; return exp(logValue(p, x)); }
};

}  // namespace rs::laws
