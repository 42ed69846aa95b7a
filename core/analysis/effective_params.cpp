#include "core/analysis/effective_params.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <cstdio>
#include <random>
#include <set>

#include "core/analysis/dense_design.h"
#include "core/analysis/dense_parent.h"
#include "core/fit/parameter_draws.h"
#include "core/fit/statistics.h"
#include "core/laws/catalogue.h"
#include "core/model/axes.h"
#include "core/model/compact_number.h"

namespace rs::analysis {
namespace {

constexpr int kDraws = 400;  // parameter draws for each N_eff interval

// N with L(N, D) = loss under the law at fitted-space θ (the law's own
// algebra, Law::invert), or nullopt when the loss is out of its reach. D
// goes to the law's token variable, if it reads one.
std::optional<double> invert(const laws::Law& law, const double* theta, double loss, double d) {
  double x[laws::kMaxVariables] = {0, 0, 0, 0};
  const auto& vars = law.info().variables;
  for (std::size_t i = 0; i < vars.size() && i < laws::kMaxVariables; ++i)
    if (vars[i] == laws::Variable::D) x[i] = d;
  const laws::Law::Inverse n = law.invert(theta, loss, x);
  return n.reachable ? std::optional(n.value) : std::nullopt;
}

// Whether the law reads pretraining tokens: then the dense runs' (size,
// tokens) settings test it, else only their sizes, and a compressed run must
// share their token count.
bool readsTokens(const laws::Law& law) {
  const auto& vars = law.info().variables;
  return std::find(vars.begin(), vars.end(), laws::Variable::D) != vars.end();
}

// The dense law's own uncertainty as parameter vectors: its bootstrap
// resamples when it has them (a robust fit's default), else draws from its
// covariance. Draws from a bootstrap covariance would be wrong twice over for
// Chinchilla: log A and α are strongly curved against each other, and a
// Gaussian with their covariance puts most draws where no resample went.
std::vector<std::vector<double>> lawSamples(const fit::FitResult& fit) {
  if (fit.bootstrap_thetas.size() >= 20) return fit.bootstrap_thetas;
  return fit::parameterDraws(fit, kDraws, 1);
}

// The law's floor at token count d, L(N → ∞, D): what no dense model size
// beats at that budget. NaN for a law that does not fall with N.
double floorAt(const laws::Law& law, const double* theta, double d) {
  double x[laws::kMaxVariables] = {0, 0, 0, 0};
  const auto& vars = law.info().variables;
  for (std::size_t i = 0; i < vars.size() && i < laws::kMaxVariables; ++i) x[i] = vars[i] == laws::Variable::D ? d : 1e30;
  const double f = law.predict(theta, x);
  return std::isfinite(f) ? f : std::numeric_limits<double>::quiet_NaN();
}

// The 95% interval of N_eff: the law's samples, each inverted at the run's
// loss moved by its own standard error (a fresh normal draw per sample, so
// the run's evaluation noise counts as well as the law's). A sample that
// never reaches the loss counts as N_eff = ∞: when more than 2.5% do, the
// interval is open above (N_eff ≥ its lower end), and when more than 97.5%
// do there is none.
void setInterval(EffectiveParams& e, const laws::Law& law, const std::vector<std::vector<double>>& samples, double loss,
                 std::optional<double> lossError, double d) {
  if (samples.empty()) {
    e.note = "no interval: the dense law's fit has no covariance or bootstrap";
    return;
  }
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0, 1);
  std::vector<double> spread, floors;
  for (const auto& theta : samples) {
    const double at = lossError && *lossError > 0 ? loss + *lossError * z(rng) : loss;
    const auto n = invert(law, theta.data(), at, d);
    spread.push_back(n && std::isfinite(*n) ? *n : std::numeric_limits<double>::infinity());
    if (const double f = floorAt(law, theta.data(), d); std::isfinite(f)) floors.push_back(f);
  }
  std::sort(spread.begin(), spread.end());
  const auto at = [&](double q) { return spread[static_cast<std::size_t>(q * static_cast<double>(spread.size() - 1))]; };
  if (floors.size() >= 20) {
    e.floor_low = fit::percentile(floors, 0.025);
    e.floor_high = fit::percentile(floors, 0.975);
  }
  if (std::isfinite(at(0.025))) e.n_eff_low = at(0.025);
  if (std::isfinite(at(0.975))) e.n_eff_high = at(0.975);
  e.open_above = e.n_eff_low && !e.n_eff_high;
}

// "0.676 [0.650, 0.702]": the floor and, when known, its interval.
std::string floorText(const EffectiveParams& e) {
  char b[96];
  if (e.floor_low) std::snprintf(b, sizeof b, "%.3f [%.3f, %.3f]", *e.floor, *e.floor_low, *e.floor_high);
  else std::snprintf(b, sizeof b, "%.3f", *e.floor);
  return b;
}

}  // namespace

std::vector<EffectiveParamsResult> effectiveParameters(const std::vector<Run>& runs, const std::string& loss, const std::string& denseLaw,
                                                       const fit::FitOptions& requested) {
  const fit::FitOptions options = denseReferenceOptions(requested);
  std::map<std::string, std::vector<Run>> byFamily;
  for (const Run& r : runs) byFamily[r.family].push_back(r);
  std::vector<EffectiveParamsResult> out;
  for (const auto& [family, familyRuns] : byFamily) {
    EffectiveParamsResult res;
    res.family = family;
    std::vector<Run> dense;
    for (const Run& r : familyRuns)
      if (r.isDense() && r.metric(loss)) dense.push_back(r);
    // "auto": what the dense runs' design supports, richest law first (a
    // choice of laws, not their algebra: that is on the law).
    const DenseDesign design = denseDesign(dense, loss);
    std::vector<std::string> candidates{denseLaw};
    if (denseLaw == "auto") {
      if (design.kind == DenseDesign::Kind::Confounded) {
        res.law = denseLaw;
        res.error = "cannot choose a dense law for " + family + ": " + design.why;
        out.push_back(res);
        continue;
      }
      candidates = design.kind == DenseDesign::Kind::SizeAndTokens ? std::vector<std::string>{"chinchilla", "kaplan-nd"}
                                                                   : std::vector<std::string>{"power"};
    }
    std::string tried = design.kind == DenseDesign::Kind::SizeOnly && denseLaw == "auto"
                            ? "the dense runs share one token count, so only L(N) applies"
                            : "";
    for (const std::string& id : candidates) {
      res.law = id;
      const auto law = laws::findLaw(id);
      if (!law || !law->canInvert()) {
        res.error = "cannot invert '" + id + "': effective parameters use " + laws::invertibleLaws() + " (in N)";
        break;
      }
      fit::FitDataSpec spec;
      spec.metric = loss;
      spec.x_axis = Axis::Params;  // power: N is its variable
      const fit::FitData data = fit::buildFitData(*law, dense, spec, options.space.value_or(law->info().default_space));
      res.dense_fit = fit::fitLaw(*law, data, options);
      if (res.dense_fit.ok) {
        res.error.clear();
        res.note = tried;
        break;
      }
      res.error = res.dense_fit.error + " (from the family's dense runs)";
      tried += (tried.empty() ? "" : "; ") + res.dense_fit.error;
    }
    if (!res.error.empty()) {
      out.push_back(res);
      continue;
    }
    const auto fitted = laws::findLaw(res.law);
    const bool tokens = readsTokens(*fitted);
    // The sizes the law saw, and whether anything was left to test it.
    {
      std::set<double> sizes;
      std::set<std::pair<double, double>> settings;  // distinct (N, D) the law can tell apart
      for (const Run& r : dense)
        if (r.params) sizes.insert(*r.params), settings.insert({*r.params, tokens ? r.tokens.value_or(0.0) : 0.0});
      res.dense_min_params = sizes.empty() ? 0 : *sizes.begin();
      res.dense_max_params = sizes.empty() ? 0 : *sizes.rbegin();
      const int p = fitted->parameterCount(), distinct = static_cast<int>(settings.size());
      if (distinct <= p)
        res.limits.push_back("no spare degrees of freedom: " + std::to_string(distinct) + " distinct dense " +
                             (tokens ? "(size, tokens) settings" : "sizes") + " for " + res.law + "'s " + std::to_string(p) +
                             " parameters, so the law passes through them and nothing tests it");
      for (const std::string& l : res.dense_fit.limits) res.limits.push_back("the dense law: " + l);
    }
    const double* best = res.dense_fit.theta.data();
    const auto samples = lawSamples(res.dense_fit);
    for (const Run& r : familyRuns) {
      if (r.isDense()) continue;
      const Metric* m = r.metric(loss);
      if (!m || !r.params) continue;
      EffectiveParams e;
      e.run = r.id;
      e.series = r.model + " · " + r.method;
      e.method = r.method;
      e.params = *r.params;
      e.ratio = axisValue(r, Axis::Ratio);
      e.bits = r.bits;
      e.sparsity = r.sparsity;
      if (!r.tokens) {
        e.note = "no pretraining tokens recorded";
      } else if (!tokens && design.shared_tokens && std::fabs(*r.tokens - *design.shared_tokens) > 0.01 * *design.shared_tokens) {
        e.note = "trained on another token count than the dense runs the law describes";
      } else if (const auto n = invert(*fitted, best, m->value, *r.tokens)) {
        e.n_eff = *n;
        e.multiplier = *n / *r.params;
        if (res.dense_max_params > 0 && (*n > kExtrapolation * res.dense_max_params || *n * kExtrapolation < res.dense_min_params)) {
          const bool above = *n > res.dense_max_params;
          e.extrapolation = "N_eff " + compactNumber(*n) + " is " + compactNumber(above ? *n / res.dense_max_params : res.dense_min_params / *n) +
                            "× " + (above ? "the largest" : "below the smallest") + " dense size (" +
                            compactNumber(above ? res.dense_max_params : res.dense_min_params) +
                            "): the law is read far outside the sizes it was fitted to";
        }
        setInterval(e, *fitted, samples, m->value, m->std_error, *r.tokens);
        if (e.open_above) {
          e.floor = floorAt(*fitted, best, *r.tokens);
          e.note = "N_eff ≥ " + compactNumber(*e.n_eff_low) + " (95%), no upper bound: within the dense law's uncertainty and the run's own" +
                   " standard error, some dense laws never reach this loss" +
                   (std::isfinite(*e.floor) ? " (their floor at this token count: " + floorText(e) + ")" : "");
        } else if (!e.n_eff_low && e.note.empty()) {
          e.note = "no interval: within the dense law's uncertainty, most laws never reach this loss";
        }
        const Run* parent = denseParent(r, familyRuns);
        const Metric* parentLoss = parent ? parent->metric(loss) : nullptr;
        if (parentLoss && parent->params && parent->tokens)
          if (const auto np = invert(*fitted, best, parentLoss->value, *parent->tokens)) {
            e.parent_multiplier = *np / *parent->params;
            e.vs_parent = *n / *np;
          }
      } else {
        // Beyond the law's reach: at or below its floor at this D (no dense
        // size reaches the loss under the fitted law), or, for L(N) rising
        // towards small N, above what even the smallest model would score.
        // The law's samples still bound N_eff from below when enough of
        // them reach the loss.
        e.floor = floorAt(*fitted, best, *r.tokens);
        setInterval(e, *fitted, samples, m->value, m->std_error, *r.tokens);
        e.n_eff_high.reset();
        const bool belowFloor = std::isfinite(*e.floor) && m->value <= *e.floor;
        if (!belowFloor) e.n_eff_low.reset(), e.floor.reset(), e.floor_low.reset(), e.floor_high.reset();
        e.open_above = e.n_eff_low.has_value();
        if (belowFloor) {
          e.note = "below the dense law's floor at this token count, " + floorText(e) +
                   ": no dense size reaches this loss under the fitted law; " +
                   (e.n_eff_low ? "N_eff ≥ " + compactNumber(*e.n_eff_low) + " (95%, from the law's uncertainty and the run's standard error)"
                                : std::string("fewer than 2.5% of the law's samples reach it, so no bound on N_eff"));
        } else {
          e.note = "no dense model size reaches this loss at this token count under the fitted law";
        }
      }
      res.runs.push_back(e);
    }
    out.push_back(res);
  }
  return out;
}

}  // namespace rs::analysis
