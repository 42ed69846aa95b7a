#include "core/laws/gaussian_mse.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iomanip>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace rs::laws {
namespace {

constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double normalPdf(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }

// 8-point Gauss-Legendre on [-1, 1]: the positive nodes and their weights.
constexpr std::array<double, 4> kGlNode = {0.18343464249564980494, 0.52553240991632898582,
                                           0.79666647741362673959, 0.96028985649753623168};
constexpr std::array<double, 4> kGlWeight = {0.36268378337836198297, 0.31370664587788728734,
                                             0.22238103445337447054, 0.10122853629037625915};

// ∫_a^b (x - c)² φ(x) dx. The integrand is evaluated directly (no closed
// form with cancelling Φ differences), so narrow cells stay accurate.
double cellError(double a, double b, double c) {
  const int pieces = std::max(1, static_cast<int>(std::ceil((b - a) / 0.25)));
  const double h = (b - a) / pieces;
  double sum = 0;
  for (int p = 0; p < pieces; ++p) {
    const double mid = a + (p + 0.5) * h, half = 0.5 * h;
    double piece = 0;
    for (std::size_t i = 0; i < kGlNode.size(); ++i) {
      const double x1 = mid - half * kGlNode[i], x2 = mid + half * kGlNode[i];
      piece += kGlWeight[i] * ((x1 - c) * (x1 - c) * normalPdf(x1) + (x2 - c) * (x2 - c) * normalPdf(x2));
    }
    sum += half * piece;
  }
  return sum;
}

// MSE(Δ) of the mid-rise uniform quantiser with `half` levels per side.
double uniformMse(double step, long half) {
  double sum = 0;
  for (long k = 0; k < half; ++k) {
    const double lo = k * step, level = (k + 0.5) * step;
    const double hi = k + 1 < half ? (k + 1) * step : lo + 13.0;  // outer cell: φ(lo + 13) < 1e-36
    sum += cellError(lo, hi, level);
  }
  return 2 * sum;
}

void checkBits(int bits) {
  if (bits < 1 || bits > 16)
    throw std::invalid_argument("GMSE: bits must be in 1..16, got " + std::to_string(bits));
}

void validate(const CompressionFormat& f, const GmseOptions& o) {
  if (f.bits) checkBits(*f.bits);
  if (f.group_size && !f.bits) throw std::invalid_argument("GMSE: group_size is set but bits is not (nothing to quantise)");
  if (f.group_size && *f.group_size < 1)
    throw std::invalid_argument("GMSE: group_size must be >= 1, got " + std::to_string(*f.group_size));
  if (!(f.sparsity >= 0 && f.sparsity <= 1))
    throw std::invalid_argument("GMSE: sparsity must be in [0, 1], got " + std::to_string(f.sparsity));
  if (o.samples == 0) throw std::invalid_argument("GMSE: samples must be > 0");
  if (f.n_m) {
    const auto [n, m] = *f.n_m;
    const std::string nm = std::to_string(n) + ":" + std::to_string(m);
    if (m < 1) throw std::invalid_argument("GMSE: N:M sparsity needs M >= 1, got " + nm);
    if (n < 1) throw std::invalid_argument("GMSE: N:M sparsity needs N >= 1 (keep at least one per block), got " + nm);
    if (n > m) throw std::invalid_argument("GMSE: N:M sparsity needs N <= M, got " + nm);
    if (static_cast<std::size_t>(m) > o.samples)
      throw std::invalid_argument("GMSE: N:M block size M exceeds the number of samples, got " + nm);
    if (f.sparsity != 0)
      throw std::invalid_argument("GMSE: N:M sparsity cannot be combined with unstructured sparsity (" + nm + ")");
  }
}

// Zero exactly k of the smallest-|w| weights (ties at the threshold broken by position).
void pruneMagnitude(std::vector<double>& w, std::vector<std::uint8_t>& kept, std::size_t k, double& err) {
  if (k == 0) return;
  std::vector<double> mag(w.size());
  std::transform(w.begin(), w.end(), mag.begin(), [](double x) { return std::abs(x); });
  std::nth_element(mag.begin(), mag.begin() + static_cast<std::ptrdiff_t>(k - 1), mag.end());
  const double t = mag[k - 1];  // the k-th smallest |w|
  std::size_t pruned = 0;
  auto prune = [&](std::size_t i) { err += w[i] * w[i]; w[i] = 0; kept[i] = 0; ++pruned; };
  for (std::size_t i = 0; i < w.size(); ++i)
    if (std::abs(w[i]) < t) prune(i);
  for (std::size_t i = 0; i < w.size() && pruned < k; ++i)
    if (kept[i] && std::abs(w[i]) == t) prune(i);
}

void pruneNm(std::vector<double>& w, std::vector<std::uint8_t>& kept, int n, int m, double& err) {
  if (n == m) return;
  std::vector<int> idx(static_cast<std::size_t>(m));
  for (std::size_t start = 0; start + m <= w.size(); start += m) {
    std::iota(idx.begin(), idx.end(), 0);
    std::nth_element(idx.begin(), idx.begin() + n, idx.end(),
                     [&](int a, int b) { return std::abs(w[start + a]) > std::abs(w[start + b]); });
    for (auto it = idx.begin() + n; it != idx.end(); ++it) {
      const std::size_t i = start + static_cast<std::size_t>(*it);
      err += w[i] * w[i];
      w[i] = 0;
      kept[i] = 0;
    }
  }
}

double quantiseRtn(const std::vector<double>& w, const std::vector<std::uint8_t>& kept, int bits, std::size_t g) {
  double err = 0;
  const double qmax = std::ldexp(1.0, bits - 1) - 1;  // 0 for bits == 1
  for (std::size_t start = 0; start < w.size(); start += g) {
    const std::size_t end = std::min(w.size(), start + g);
    double maxAbs = 0, sumAbs = 0;
    std::size_t count = 0;
    for (std::size_t i = start; i < end; ++i)
      if (kept[i]) { maxAbs = std::max(maxAbs, std::abs(w[i])); sumAbs += std::abs(w[i]); ++count; }
    if (count == 0) continue;
    if (bits == 1) {
      const double level = sumAbs / static_cast<double>(count);
      for (std::size_t i = start; i < end; ++i)
        if (kept[i]) { const double d = std::abs(w[i]) - level; err += d * d; }
      continue;
    }
    const double scale = maxAbs / qmax;
    if (scale == 0) continue;  // all kept weights are exactly 0: no error
    for (std::size_t i = start; i < end; ++i) {
      if (!kept[i]) continue;
      const double q = std::clamp(std::round(w[i] / scale), -qmax, qmax) * scale;
      err += (w[i] - q) * (w[i] - q);
    }
  }
  return err;
}

double quantiseOptimal(const std::vector<double>& w, const std::vector<std::uint8_t>& kept, int bits) {
  const double step = optimalUniformGaussianMse(bits).second;
  const double top = std::ldexp(1.0, bits - 1) - 1;  // index of the outermost level
  double err = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!kept[i]) continue;
    const double a = std::abs(w[i]);
    const double d = a - (std::min(std::floor(a / step), top) + 0.5) * step;
    err += d * d;
  }
  return err;
}

}  // namespace

std::pair<double, double> optimalUniformGaussianMse(int bits) {
  checkBits(bits);
  static std::mutex mutex;
  static std::array<std::optional<std::pair<double, double>>, 17> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache[bits]) return *cache[bits];

  const long half = 1L << (bits - 1);
  // Search the half-range R = Δ · 2^(b-1): the optimum lies in ~[1.6, 6] for 1..16 bits.
  auto f = [&](double range) { return uniformMse(range / half, half); };
  const double invPhi = (std::sqrt(5.0) - 1) / 2;
  double a = 0.5, b = 10.0;
  double c = b - invPhi * (b - a), d = a + invPhi * (b - a);
  double fc = f(c), fd = f(d);
  while (b - a > 1e-10 * b) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - invPhi * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + invPhi * (b - a); fd = f(d); }
  }
  const double range = 0.5 * (a + b);
  cache[bits] = std::pair<double, double>{f(range), range / half};
  return *cache[bits];
}

double gaussianMse(const CompressionFormat& format, const GmseOptions& options) {
  validate(format, options);
  std::size_t n = options.samples;
  if (format.n_m) n -= n % static_cast<std::size_t>(format.n_m->second);  // whole blocks only

  std::vector<double> w(n);
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (double& x : w) x = normal(rng);

  std::vector<std::uint8_t> kept(n, 1);
  double err = 0;
  if (format.sparsity > 0)
    pruneMagnitude(w, kept, static_cast<std::size_t>(std::llround(format.sparsity * static_cast<double>(n))), err);
  if (format.n_m) pruneNm(w, kept, format.n_m->first, format.n_m->second, err);

  if (format.bits) {
    if (format.group_size) err += quantiseRtn(w, kept, *format.bits, static_cast<std::size_t>(*format.group_size));
    else err += quantiseOptimal(w, kept, *format.bits);
  }
  return err / static_cast<double>(n);
}

std::string describe(const CompressionFormat& format) {
  std::vector<std::string> parts;
  if (format.bits) {
    std::string q = std::to_string(*format.bits) + "-bit ";
    q += format.group_size ? "RTN g" + std::to_string(*format.group_size) : std::string("optimal uniform");
    parts.push_back(q);
  }
  if (format.n_m) parts.push_back(std::to_string(format.n_m->first) + ":" + std::to_string(format.n_m->second));
  if (format.sparsity != 0) {
    std::ostringstream s;
    s << std::setprecision(6) << format.sparsity * 100 << "% sparsity";
    parts.push_back(s.str());
  }
  if (parts.empty()) return "dense";
  std::string out = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) out += " + " + parts[i];
  return out;
}

}  // namespace rs::laws
