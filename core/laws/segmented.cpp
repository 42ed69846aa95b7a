// segmented: two straight lines meeting at a breakpoint x0
//   y = c + s1 · min(x − x0, 0) + s2 · max(x − x0, 0)
// Segmented regression (Muggeo 2003): the breakpoint is where degradation
// changes regime. The objective is not smooth in x0, so the grid starts x0
// at several positions across the data.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Segmented {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "segmented";
    i.name = "Segmented linear";
    i.formula = "y = c + s₁·min(x − x₀, 0) + s₂·max(x − x₀, 0)";
    i.formula_latex = R"(y = c + s_1 \min(x - x_0, 0) + s_2 \max(x - x_0, 0))";
    i.citation = "Muggeo 2003, Estimating regression models with unknown break-points";
    i.variables = {Variable::X};
    i.params = {{"c", "c", "c", Transform::Identity, -1e300, 1e300, {}, "value at the breakpoint"},
                {"s1", "s₁", "s1", Transform::Identity, -1e300, 1e300, {}, "slope before the breakpoint"},
                {"s2", "s₂", "s2", Transform::Identity, -1e300, 1e300, {}, "slope after the breakpoint"},
                {"x0", "x₀", "x0", Transform::Identity, -1e300, 1e300, {}, "breakpoint"}};
    return i;
  }
  static std::vector<std::vector<double>> startGrid(const DataSummary& d) {
    const double w = std::max(d.x_max - d.x_min, 1e-12), slope = (d.y_max - d.y_min) / w;
    std::vector<std::vector<double>> starts;
    for (double q : {0.2, 0.35, 0.5, 0.65, 0.8})
      for (double s1 : {0.0, slope, -slope})
        for (double s2 : {2 * slope, -2 * slope}) starts.push_back({0.5 * (d.y_min + d.y_max), s1, s2, d.x_min + q * w});
    return starts;
  }
  template <typename T>
  static T value(const T* p, const double* x) {
    const T d = T(x[0]) - p[3];
    return p[0] + (d < T(0) ? p[1] * d : p[2] * d);
  }
};

}  // namespace
std::unique_ptr<Law> makeSegmented() { return std::make_unique<FixedLaw<Segmented, 4>>(); }
}  // namespace rs::laws
