#pragma once
// Kneedle (Satopaa, Albrecht, Irwin & Raghavan 2011, "Finding a 'Kneedle'
// in a Haystack"), offline, as the `kneed` Python package implements it so
// its reference answers reproduce: normalise x and y to [0, 1], turn the
// curve into a concave increasing one, take the difference curve
// y_d = y_n − x_n, and report the first local maximum of y_d after which
// y_d falls below its threshold T = y_d(max) − S · mean(Δx_n) before the
// next local maximum. S (sensitivity, default 1) trades early detection
// for robustness to noise.

#include <optional>
#include <vector>

namespace rs::analysis {

enum class Shape { Concave, Convex };
enum class Direction { Increasing, Decreasing };

struct KneedleOptions {
  double sensitivity = 1.0;
  Shape shape = Shape::Concave;
  Direction direction = Direction::Increasing;
};

// x must be strictly increasing and the same length as y (>= 3). Returns the
// knee's x, or nullopt when the curve has none.
std::optional<double> kneedle(const std::vector<double>& x, const std::vector<double>& y, const KneedleOptions& options = {});

// Picks curve and direction from the data: direction from the sign of the
// end-to-end change, curvature from whether the curve lies above (concave)
// or below (convex) its chord on average.
KneedleOptions detectShape(const std::vector<double>& x, const std::vector<double>& y, double sensitivity = 1.0);

}  // namespace rs::analysis
