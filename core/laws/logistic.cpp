// logistic: y = floor + (top − floor) / (1 + exp((x − x0) / s))
// A logistic decline from `top` to `floor`: an accuracy that holds, then
// collapses to chance around x0 over a width s. The floor is usually the
// task's chance level. Starting grid scaled to the data.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Logistic {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "logistic";
    i.name = "Logistic decline";
    i.formula = "y = floor + (top − floor) / (1 + exp((x − x₀) / s))";
    i.formula_latex = R"(y = y_{\mathrm{floor}} + \frac{y_{\mathrm{top}} - y_{\mathrm{floor}}}{1 + e^{(x - x_0)/s}})";
    i.citation = "generic shape";
    i.variables = {Variable::X};
    i.params = {{"floor", "floor", "floor", Transform::Identity, -1e300, 1e300, {}, "value after the collapse"},
                {"top", "top", "top", Transform::Identity, -1e300, 1e300, {}, "value before the collapse"},
                {"x0", "x₀", "x0", Transform::Identity, -1e300, 1e300, {}, "midpoint of the collapse"},
                // s > 0 keeps the curve a decline (top before floor); a rise is a negative-s fit of the mirror.
                {"s", "s", "s", Transform::Identity, 1e-6, 1e300, {}, "width of the collapse"}};
    return i;
  }
  static std::vector<std::vector<double>> startGrid(const DataSummary& d) {
    const double w = std::max(d.x_max - d.x_min, 1e-12);
    std::vector<std::vector<double>> starts;
    for (double f : {0.0, 0.5})
      for (double q : {0.25, 0.5, 0.75})
        for (double s : {0.03, 0.1, 0.3})
          starts.push_back({d.y_min + f * (d.y_max - d.y_min) * 0.2, d.y_max, d.x_min + q * w, s * w});
    return starts;
  }
  template <typename T>
  static T value(const T* p, const double* x) {
    using std::exp;
    // 1 / (1 + e^z) evaluated without overflow for either sign of z: a steep
    // start (small s) would otherwise give inf and NaN derivatives.
    const T z = (x[0] - p[2]) / p[3];
    T fall;
    if (z > T(0)) {
      const T ez = exp(-z);
      fall = ez / (1.0 + ez);
    } else {
      fall = 1.0 / (1.0 + exp(z));
    }
    return p[0] + (p[1] - p[0]) * fall;
  }
};

}  // namespace
std::unique_ptr<Law> makeLogistic() { return std::make_unique<FixedLaw<Logistic, 4>>(); }
}  // namespace rs::laws
