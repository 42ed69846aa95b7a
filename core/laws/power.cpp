// power: y = a + b · x^c
// A power law with an offset, for curves no paper covers: the offset a is
// the asymptote (irreducible loss), b the scale and c the exponent. Needs
// x > 0 when c < 0. Starting grid scaled to the data.
#include "core/laws/law_adapter.h"

namespace rs::laws {
namespace {

struct Power {
  static LawInfo makeInfo() {
    LawInfo i;
    i.id = "power";
    i.name = "Power law with offset";
    i.formula = "y = a + b · x^c";
    i.formula_latex = R"(y = a + b\,x^{c})";
    i.citation = "generic shape";
    i.variables = {Variable::X};
    i.params = {{"a", "a", "a", Transform::Identity, -1e300, 1e300, {}, "offset (asymptote)"},
                {"b", "b", "b", Transform::Identity, -1e300, 1e300, {}, "scale"},
                {"c", "c", "c", Transform::Identity, -20, 20, {}, "exponent"}};
    return i;
  }
  static std::vector<std::vector<double>> startGrid(const DataSummary& d) {
    const double span = std::max(d.y_max - d.y_min, 1e-12);
    std::vector<std::vector<double>> starts;
    for (double a : {d.y_min, d.y_max})
      for (double b : {span, -span})
        for (double c : {-1.0, -0.5, 0.5, 1.0, 2.0}) starts.push_back({a, b, c});
    return starts;
  }
  template <typename T>
  static T value(const T* p, const double* x) { using std::pow; return p[0] + p[1] * pow(T(x[0]), p[2]); }
  // x = ((y − a)/b)^(1/c): out of reach on the asymptote's other side.
  static Law::Inverse invert(const double* p, double y, const double*) {
    const double base = (y - p[0]) / p[1];
    if (!(base > 0)) return {};
    return {true, std::pow(base, 1 / p[2])};
  }
};

}  // namespace
std::unique_ptr<Law> makePower() { return std::make_unique<FixedLaw<Power, 3>>(); }
}  // namespace rs::laws
