#include "core/laws/law.h"

#include <cmath>

#include "core/laws/law_adapter.h"

namespace rs::laws {

std::string variableName(Variable v) {
  switch (v) {
    case Variable::N: return "N (params)";
    case Variable::D: return "D (tokens)";
    case Variable::Ratio: return "r (ratio)";
    case Variable::RftTokens: return "D_rft (rft_tokens)";
    case Variable::Y0: return "Y0 (the dense model's value)";
    case Variable::Loss: return "L (a loss metric)";
    case Variable::X: return "x (the plot axis)";
    case Variable::Gmse: return "GMSE of the quantisation (from bits)";
    case Variable::GmseSparsity: return "GMSE of the sparsity (from sparsity)";
    case Variable::Format: return "compression format";
  }
  return "?";
}

double RobustLoss::rho(double r) const {
  const double a = std::fabs(r);
  switch (kind) {
    case Kind::None: return 0.5 * r * r;
    case Kind::Huber: return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    case Kind::Cauchy: return 0.5 * delta * delta * std::log1p(r * r / (delta * delta));
  }
  return 0.5 * r * r;
}

double reportedValue(const ParamSpec& spec, double fitted) {
  return spec.transform == Transform::Exp ? std::exp(fitted) : fitted;
}

std::vector<std::vector<double>> Law::startGrid(const DataSummary&) const {
  std::vector<std::vector<double>> starts{{}};
  for (const ParamSpec& p : info().params) {
    std::vector<std::vector<double>> next;
    for (const auto& partial : starts)
      for (double v : p.grid) {
        next.push_back(partial);
        next.back().push_back(v);
      }
    starts = std::move(next);
  }
  return starts;
}

std::vector<double> gridRange(double lo, double hi, double step) {
  std::vector<double> out;
  const int n = static_cast<int>(std::floor((hi - lo) / step + 1e-9));
  for (int i = 0; i <= n; ++i) out.push_back(lo + i * step);
  return out;
}

}  // namespace rs::laws
