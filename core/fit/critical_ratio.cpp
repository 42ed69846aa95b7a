#include "core/fit/critical_ratio.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace rs::fit {

std::optional<CriticalRatio> criticalRatio(const laws::Law& law, const FitResult& fit, double sigma, const double* x) {
  const std::size_t p = fit.params.size();
  if (!fit.ok || !law.hasCriticalRatio() || fit.theta.size() != p) return std::nullopt;
  std::vector<double> grad(p, 0.0);
  const laws::Law::Inverse r = law.criticalRatio(fit.theta.data(), sigma, x, grad.data());
  if (!r.reachable) return std::nullopt;
  CriticalRatio c;
  c.sigma = sigma;
  c.value = r.value;
  // Where it was evaluated, by the law's variables: Y0 and recovery tokens.
  const auto& vars = law.info().variables;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (vars[i] == laws::Variable::Y0) c.y0 = x[i];
    if (vars[i] == laws::Variable::RftTokens) c.rft_tokens = std::isnan(x[i]) ? 0.0 : x[i];
  }
  // Delta method: gᵀΣg with the full covariance, else the standard errors alone.
  double var = 0;
  if (fit.covariance.size() == p * p) {
    for (std::size_t i = 0; i < p; ++i)
      for (std::size_t j = 0; j < p; ++j) var += grad[i] * grad[j] * fit.covariance[i * p + j];
  } else {
    for (std::size_t i = 0; i < p; ++i) var += grad[i] * grad[i] * fit.params[i].std_error * fit.params[i].std_error;
  }
  c.std_error = std::sqrt(std::max(0.0, var));
  return c;
}

std::vector<ModelCriticalRatio> criticalRatiosByModel(const laws::Law& law, const FitResult& fit, const FitData& data,
                                                      const std::vector<Run>& runs, double sigma) {
  std::map<std::int64_t, const Run*> byId;
  for (const Run& r : runs) byId[r.id] = &r;
  // Per model: each variable's value where all its points agree, else NaN.
  std::map<std::string, std::array<double, laws::kMaxVariables>> models;
  for (int i = 0; i < data.size(); ++i) {
    const auto it = byId.find(data.run_ids[static_cast<std::size_t>(i)]);
    if (it == byId.end()) continue;
    const double* x = data.xAt(i);
    const auto [at, first] = models.try_emplace(it->second->model);
    for (int v = 0; v < laws::kMaxVariables; ++v)
      if (first) at->second[v] = x[v];
      else if (!(at->second[v] == x[v])) at->second[v] = std::nan("");
  }
  std::vector<ModelCriticalRatio> out;
  for (const auto& [model, x] : models)
    if (auto c = criticalRatio(law, fit, sigma, x.data())) out.push_back({model, *c});
  return out;
}

}  // namespace rs::fit
