#include "core/analysis/native_frontier.h"

#include <cmath>
#include <set>

#include "core/analysis/dense_design.h"
#include "core/fit/bands.h"
#include "core/fit/statistics.h"
#include "core/laws/catalogue.h"
#include "core/model/compact_number.h"

namespace rs::analysis {
namespace {

constexpr const char* kPredictedSource = "predicted by ";

// x for a law reading N, D or X (= parameters) at (n, d).
std::vector<double> pointFor(const laws::Law& law, double n, double d) {
  std::vector<double> x(laws::kMaxVariables, 0.0);
  const auto& vars = law.info().variables;
  for (std::size_t i = 0; i < vars.size() && i < x.size(); ++i) x[i] = vars[i] == laws::Variable::D ? d : n;
  return x;
}

// The parameter count of a native model at the compressed run's budget.
std::optional<double> nativeParams(const Run& c, Budget budget) {
  switch (budget) {
    case Budget::Params: return budgetOf(c, budget);
    case Budget::Bytes: return c.size_bytes ? std::optional(*c.size_bytes / 2) : std::nullopt;  // a native model at 16 bits
    case Budget::Flops: {
      const auto f = budgetOf(c, budget);
      return f ? std::optional(*f / 2) : std::nullopt;
    }
    case Budget::Latency: return std::nullopt;  // no law maps latency to size
  }
  return std::nullopt;
}

}  // namespace

NativeFrontier::NativeFrontier(const std::vector<Run>& runs, const std::string& loss, const fit::FitOptions& requested) : loss_(loss) {
  const fit::FitOptions options = denseReferenceOptions(requested);
  std::map<std::string, std::vector<Run>> dense;
  for (const Run& r : runs)
    if (r.isDense() && r.params && r.metric(loss)) dense[r.family].push_back(r);
  for (const Run& r : runs)
    if (!r.isDense()) dense.try_emplace(r.family);  // a family with compressed runs only: say why there is no frontier
  for (auto& [name, list] : dense) {
    FrontierFit f;
    f.dense_runs = static_cast<int>(list.size());
    const DenseDesign design = denseDesign(list, loss);
    f.law = design.kind == DenseDesign::Kind::SizeAndTokens ? "chinchilla" : "power";
    f.shared_tokens = design.shared_tokens;
    if (design.kind == DenseDesign::Kind::Confounded) {
      f.error = "cannot predict native models of " + name + ": " + design.why;
      families_[name] = f;
      continue;
    }
    if (design.kind == DenseDesign::Kind::SizeOnly && design.sizes < 4) {
      f.error = "cannot predict native models of " + name + ": " + std::to_string(design.sizes) +
                " dense model size(s) with '" + loss + "' (the frontier needs at least 4)";
      families_[name] = f;
      continue;
    }
    const auto law = laws::findLaw(f.law);
    fit::FitDataSpec spec;
    spec.metric = loss;
    spec.x_axis = Axis::Params;
    const fit::FitData data = fit::buildFitData(*law, list, spec, options.space.value_or(law->info().default_space));
    f.fit = fit::fitLaw(*law, data, options);
    if (!f.fit.ok) f.error = "cannot predict native models of " + name + ": " + f.fit.error;
    families_[name] = f;
  }
}

const FrontierFit* NativeFrontier::family(const std::string& name) const {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : &it->second;
}

std::optional<Run> NativeFrontier::predict(const Run& c, Budget budget, std::string& why) const {
  const FrontierFit* f = family(c.family);
  if (!f) return why = "no dense runs of " + c.family, std::nullopt;
  if (!f->error.empty()) return why = f->error, std::nullopt;
  const auto n = nativeParams(c, budget);
  if (!n || !(*n > 0)) return why = "the compressed run's " + budgetId(budget) + " budget does not map to a parameter count", std::nullopt;
  if (!c.tokens) return why = "the compressed run records no pretraining tokens", std::nullopt;
  // L(N) describes models trained on the dense runs' one token count only.
  if (f->shared_tokens && std::fabs(*c.tokens - *f->shared_tokens) > 0.01 * *f->shared_tokens)
    return why = "the dense runs of " + c.family + " all saw " + std::to_string(*f->shared_tokens) +
                 " tokens, the compressed run's parent another count: L(N) says nothing about other budgets",
           std::nullopt;
  const auto law = laws::findLaw(f->law);
  const double d = c.tokens.value_or(0);
  const auto x = pointFor(*law, *n, d);
  const fit::BandPoint band = fit::predictWithBand(*law, f->fit, x.data());
  if (!std::isfinite(band.y)) return why = "the fitted law gives no finite loss at " + std::to_string(*n) + " parameters", std::nullopt;

  Run r;
  r.id = -c.id;  // never a stored id
  r.key = "frontier/" + c.key;
  r.family = c.family;
  r.model = "native " + compactNumber(*n) + " (" + f->law + ")";
  r.method = kDenseMethod;
  r.params = *n;
  if (c.tokens) r.tokens = c.tokens;
  r.size_bytes = *n * 2;
  r.seed = c.seed;
  r.source.producer = kPredictedSource + f->law + " fitted to " + std::to_string(f->dense_runs) + " dense runs of " + c.family;
  // The prediction interval's half-width as a standard error: where a newly
  // trained native model would land, not only where the curve lies.
  std::optional<double> se;
  if (band.has_band) se = (band.pred_high - band.pred_low) / (2 * fit::kZ95);
  r.metrics.push_back({loss_, band.y, se, std::nullopt});
  return r;
}

bool isPredictedBaseline(const Run& run) { return run.source.file.empty() && run.source.producer.rfind(kPredictedSource, 0) == 0; }

BaselinePairing pairWithBaselines(const std::vector<Run>& compressed, const std::vector<Run>& all, Budget budget,
                                  const NativeFrontier* frontier) {
  BaselinePairing out;
  const auto measured = pairWithNativeBaselines(compressed, all, budget);
  std::map<const Run*, const Run*> closest(measured.begin(), measured.end());
  for (const Run& c : compressed) {
    if (c.isDense()) continue;
    const Run* best = closest.count(&c) ? closest[&c] : nullptr;
    bool near = false;
    if (best) {
      const auto bc = budgetOf(c, budget), bb = budgetOf(*best, budget);
      near = bc && bb && std::fabs(std::log(*bb / *bc)) <= kFrontierGap;
    }
    if (!near && frontier) {
      std::string why;
      if (auto predicted = frontier->predict(c, budget, why)) {
        out.predicted.push_back(std::make_unique<Run>(std::move(*predicted)));
        out.pairs.push_back({&c, out.predicted.back().get()});
        continue;
      }
    }
    if (best) out.pairs.push_back({&c, best});
  }
  return out;
}

}  // namespace rs::analysis
