#pragma once
// Gaussian mean squared error (GMSE) of a compressed representation.
//
// "Unified Scaling Laws for Compressed Representations" (2025) predicts how
// much capacity a compressed format keeps from a single number: compress
// i.i.d. standard-normal samples w ~ N(0, 1) with the format R and measure
//
//     GMSE(R) = E[(w - Q_R(w))^2].
//
// The samples have unit variance, so GMSE is also the relative error
// E[(w - Q)^2] / E[w^2]: 0 for the dense format, 1 for "everything pruned".
// The law Variable::Gmse (law.h) reads this value for each run's format.
//
// Compression is applied in two stages, like a sparse-then-quantise pipeline:
//   1. pruning (unstructured magnitude sparsity, or N:M structured sparsity):
//      pruned weights become exactly 0 and contribute w^2 to the error;
//   2. quantisation of the weights that were kept. Pruned zeros stay zero
//      (the sparsity mask is stored separately), so each weight's error is
//      counted once.
//
// Two references are computed without sampling:
//  * magnitude pruning of a fraction s zeroes |w| < t with t = Φ⁻¹((1+s)/2);
//    since ∫ w² φ(w) dw = Φ(w) - w φ(w),
//        GMSE(s) = ∫_{-t}^{t} w² φ(w) dw = (2Φ(t) - 1) - 2 t φ(t) = s - 2 t φ(t)
//    (s = 0.5: t = 0.6745, GMSE ≈ 0.0712).
//  * the MSE-optimal symmetric uniform quantiser (optimalUniformGaussianMse),
//    the values tabulated by Max, "Quantizing for minimum distortion" (IRE
//    Trans. Inf. Theory, 1960): 0.3634 (1 bit, exactly 1 - 2/π), 0.1188
//    (2 bits), 0.03744 (3 bits), 0.01154 (4 bits).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace rs::laws {

struct CompressionFormat {
  // Uniform quantisation to this many bits (1..16); nullopt = not quantised.
  std::optional<int> bits;
  // Round-to-nearest (RTN) with one scale per group of this many consecutive
  // weights (128 is the common choice of GPTQ/AWQ-style formats). The groups
  // are positional: a group of g consecutive positions, pruned zeros included,
  // and its scale is computed from the kept weights only. For bits >= 2 the
  // grid is the symmetric integer grid -(2^(b-1)-1)..(2^(b-1)-1) times
  //     s = max|w| / (2^(b-1) - 1),
  // so the largest weight of each group is exact and zero is a level. For
  // bits == 1 there is no symmetric integer grid with a nonzero level, so a
  // weight becomes sign(w) · mean|w| over the group's kept weights (the
  // BinaryConnect/XNOR-Net scale, which is MSE-optimal for a sign code).
  // A trailing partial group gets its own scale.
  // nullopt with bits set = the MSE-optimal uniform quantiser for N(0, 1):
  // one global step Δ (optimalUniformGaussianMse), mid-rise levels ±Δ/2,
  // ±3Δ/2, ..., ±(2^(b-1) - ½)Δ, no per-group scales. With sparsity the
  // step stays the Gaussian-optimal one (it is not re-fitted to the kept
  // weights), so the format is a fixed codebook, as the paper treats it.
  std::optional<int> group_size;
  // Unstructured magnitude pruning: zero the round(sparsity · samples)
  // smallest-|w| weights, sparsity in [0, 1].
  double sparsity = 0;
  // N:M structured sparsity: keep the N largest |w| in every block of M
  // consecutive weights (e.g. {2, 4}), 1 <= N <= M. Not combinable with
  // `sparsity` (N:M already fixes the sparsity at 1 - N/M).
  std::optional<std::pair<int, int>> n_m;
};

struct GmseOptions {
  // 2^20 samples: the relative standard error of the estimate is about
  // sd((w-Q)²) / (mean · √n) ≈ 0.1-0.4 % for these formats (clipping errors
  // make the upper end), well below the differences between formats, and one
  // evaluation takes tens of ms. Errors from events rarer than ~1/n are not
  // seen: at 16 bits the optimal quantiser clips at |w| ≈ 5.9, which carries
  // ~5 % of its MSE, so there prefer optimalUniformGaussianMse.
  // With N:M the count is rounded down to whole blocks of M.
  std::size_t samples = std::size_t(1) << 20;
  // Seed of the std::mt19937_64 behind std::normal_distribution<double>.
  // The same seed gives the same result on one toolchain (the standard
  // library's normal_distribution is implementation-defined across them).
  std::uint64_t seed = 1;
};

// GMSE of `format` by Monte Carlo over options.samples standard normals.
// Throws std::invalid_argument naming the problem for invalid formats:
// bits outside 1..16, group_size < 1 or set without bits, sparsity outside
// [0, 1], N:M with N < 1, M < 1, N > M or M > samples, N:M together with
// sparsity, or zero samples.
double gaussianMse(const CompressionFormat& format, const GmseOptions& options = {});

// The MSE-optimal symmetric uniform quantiser for N(0, 1) with 2^bits levels
// at ±Δ/2, ±3Δ/2, ..., ±(2^(bits-1) - ½)Δ (decision thresholds at multiples
// of Δ, the outer cells extending to ±∞):
//     MSE(Δ) = 2 Σ_{k=0}^{2^(b-1)-1} ∫_{kΔ}^{(k+1)Δ} (x - (k+½)Δ)² φ(x) dx,
// with the last upper limit ∞. Each cell is integrated deterministically by
// 8-point Gauss-Legendre on pieces at most 0.25 wide (the outer cell up to
// 13 beyond its start, where φ < 1e-36), and MSE(Δ) is minimised by
// golden-section search over Δ·2^(b-1) in [0.5, 10], to a relative step
// tolerance of 1e-10. Results are cached per bit width (thread-safe).
// Returns {mse, optimal step Δ}; throws std::invalid_argument for bits
// outside 1..16.
std::pair<double, double> optimalUniformGaussianMse(int bits);

// A short label: "dense", "4-bit RTN g128", "4-bit optimal uniform",
// "50% sparsity", "2:4", "4-bit RTN g128 + 50% sparsity". Never throws.
std::string describe(const CompressionFormat& format);

}  // namespace rs::laws
