#include "ui/session/session.h"

#include <unordered_map>

#include "core/analysis/analysis_report.h"
#include "core/io/store/experiment_store.h"
#include "core/io/task_overrides.h"
#include "core/fit/fit_table.h"
#include "ui/live_view.h"

namespace rs::ui {

std::optional<std::set<qint64>> visibleRuns(const std::vector<Run>& runs, const RunFilter& filter) {
  if (filter.isEmpty()) return std::nullopt;
  std::set<qint64> ids;
  for (const Run& r : runs)
    if (filter.acceptsRun(r)) ids.insert(r.id);
  return ids;
}

Session::Session(QObject* parent) : QObject(parent), live_(new LiveView(this)) {
  connect(live_, &LiveView::runsChanged, this, &Session::mergeArrived);
  connect(live_, &LiveView::failed, this, &Session::liveViewFailed);
}

void Session::publish(SessionState next, SessionChanges what) {
  state_ = std::make_shared<const SessionState>(std::move(next));
  Q_EMIT changed(state_, what);
}

TaskCatalog Session::catalogFor(const std::vector<Run>& runs, const QString& overrides) const {
  // As the CLI builds it: the built-in tasks, the overrides file, then the
  // directions the runs' files state (lm-eval's higher_is_better).
  TaskCatalog tasks;
  if (!overrides.isEmpty()) applyTaskOverrides(overrides.toStdString(), tasks);
  tasks.learnDirections(runs);
  return tasks;
}

void Session::replaceRuns(SessionState& next, RunList runs) {
  next.runs = std::move(runs);
  next.tasks = catalogFor(*next.runs, next.task_overrides);
  next.visible = visibleRuns(*next.runs, next.filter);
  next.frontier.reset();
  next.frontier_pending = true;
}

void Session::fitFrontier() {
  // The native-small frontier, fitted once per run list for the fairness
  // panel and the slider readout, with the analysis report's options (the
  // full grid of starts, as `analyze` fits it).
  frontierJob_.run(
      [runs = state_->runs](const LatestJob<Frontier>::Cancelled& cancelled) {
        analysis::AnalysisOptions options;
        options.fit.cancelled = cancelled;
        return analysis::nativeFrontier(*runs, options);
      },
      [this](Frontier frontier) {
        SessionState next = *state_;
        next.frontier = std::move(frontier);
        next.frontier_pending = false;
        publish(std::move(next), SessionChange::Frontier);
        Q_EMIT frontierReady();
      });
}

void Session::open(const QString& source) {
  pending_ = source;
  // Off the window's thread; a newer open drops this one's result.
  loader_.run([p = source.toStdString()](const LatestJob<LoadedRuns>::Cancelled&) { return loadRuns(p); },
              [this](LoadedRuns result) {
                if (!result.ok()) {
                  Q_EMIT loadFailed(QString::fromStdString(result.error));
                  return;
                }
                SessionState next = *state_;
                next.source = pending_;
                next.warnings = std::move(result.warnings);
                next.excluded.clear();  // exclusions and fits refer to the previous source's runs
                next.fit = {};
                replaceRuns(next, std::make_shared<const std::vector<Run>>(std::move(result.runs)));
                publish(std::move(next), SessionChange::Source | SessionChange::Runs | SessionChange::Tasks |
                                             SessionChange::Filter | SessionChange::Exclusions | SessionChange::Fit |
                                             SessionChange::Frontier);
                fitFrontier();
                // A store others write to is followed: runs that land appear by themselves.
                live_->follow(ExperimentStore::isStore(state_->source.toStdString()) ? state_->source : QString());
                Q_EMIT loaded(state_->source);
              });
}

void Session::mergeArrived(const std::vector<Run>& arrived) {
  if (state_->source.isEmpty()) return;
  // Store ids are stable: a run seen again (an import added metrics to it)
  // replaces its old copy; the others are new.
  std::vector<Run> runs = *state_->runs;
  std::unordered_map<std::int64_t, std::size_t> index;
  for (std::size_t i = 0; i < runs.size(); ++i) index.emplace(runs[i].id, i);
  int added = 0;
  for (const Run& r : arrived) {
    if (auto it = index.find(r.id); it != index.end()) runs[it->second] = r;
    else runs.push_back(r), ++added;
  }
  SessionState next = *state_;
  replaceRuns(next, std::make_shared<const std::vector<Run>>(std::move(runs)));
  publish(std::move(next), SessionChange::Runs | SessionChange::Tasks | SessionChange::Filter | SessionChange::Frontier);
  fitFrontier();
  Q_EMIT runsArrived(added, static_cast<int>(arrived.size()) - added);
}

void Session::addRun(Run run) {
  std::vector<Run> runs = *state_->runs;
  std::int64_t id = 0;
  for (const Run& r : runs) id = std::max(id, r.id);
  run.id = id + 1;
  runs.push_back(std::move(run));
  SessionState next = *state_;
  replaceRuns(next, std::make_shared<const std::vector<Run>>(std::move(runs)));
  publish(std::move(next), SessionChange::Runs | SessionChange::Tasks | SessionChange::Filter | SessionChange::Frontier);
  fitFrontier();
}

QString Session::setFilter(const QString& text) {
  RunFilter filter;
  if (QString why = filter.parse(text); !why.isEmpty()) return why;
  if (text == state_->filter_text) return {};
  SessionState next = *state_;
  next.filter_text = text;
  next.filter = filter;
  next.visible = visibleRuns(*next.runs, filter);
  publish(std::move(next), SessionChange::Filter);
  return {};
}

QString Session::setTaskOverrides(const QString& path) {
  if (!path.isEmpty()) {
    TaskCatalog check;
    if (const std::string why = applyTaskOverrides(path.toStdString(), check); !why.empty()) return QString::fromStdString(why);
  }
  SessionState next = *state_;
  next.task_overrides = path;
  next.tasks = catalogFor(*next.runs, path);
  publish(std::move(next), SessionChange::Tasks);
  return {};
}

void Session::setExcluded(const std::set<qint64>& ids) {
  if (ids == state_->excluded) return;
  SessionState next = *state_;
  next.excluded = ids;
  publish(std::move(next), SessionChange::Exclusions);
}

void Session::setFit(SessionFit fit) {
  const SessionFit& now = state_->fit;
  if (fit.outcome == now.outcome && fit.metric == now.metric && fit.axis == now.axis) return;
  SessionState next = *state_;
  next.fit = std::move(fit);
  publish(std::move(next), SessionChange::Fit);
}

bool sameFitChoice(const FitChoice& a, const FitChoice& b) {
  return a.law == b.law && a.per_series == b.per_series && fit::describeFitOptions(a.options) == fit::describeFitOptions(b.options);
}

void Session::setFitChoice(const FitChoice& request) {
  if (sameFitChoice(request, state_->fit_choice)) return;
  SessionState next = *state_;
  next.fit_choice = request;
  publish(std::move(next), SessionChange::FitChoice);
}

template <class T>
std::function<void(T)> Session::into(T SessionState::*field, SessionChange what) {
  return [this, field, what](T value) {
    SessionState next = *state_;
    next.*field = std::move(value);
    publish(std::move(next), what);
  };
}

void Session::analysePlot(PlotAnalysisRequest request) {
  if (request.key == analysisKey_ && request.runs == analysisRuns_) return;  // held, or on its way
  analysisKey_ = request.key;
  analysisRuns_ = request.runs;
  if (request.key.empty()) {
    analysisJob_.discard();
    return;
  }
  analysisJob_.run(
      [r = std::move(request)](const LatestJob<Analysed>::Cancelled&) {
        auto a = std::make_shared<PlotAnalysis>();
        a->key = r.key;
        a->runs = r.runs;
        a->series = analyseSeries(r.labels, *r.runs, r.metric, r.tasks, r.knees);
        a->dropouts = dropoutsBySeries(r.labels, *r.runs, r.tasks);
        return Analysed(std::move(a));
      },
      into(&SessionState::plot_analysis, SessionChange::Analysis));
}

void Session::checkFairness(FairnessRequest request) {
  if (request.key.empty()) {
    fairnessJob_.discard();
    return;
  }
  // The analysis report's pairing rule and checks, as `ratioscope-cli analyze`.
  fairnessJob_.run(
      [r = std::move(request)](const LatestJob<Checked>::Cancelled&) {
        auto out = std::make_shared<FairnessResult>();
        out->key = r.key;
        for (const Run& run : *r.visible)
          if (!run.isDense()) ++out->compressed;
        out->listed = out->compressed <= r.max_compressed;
        if (out->listed) out->comparisons = analysis::fairnessChecks(*r.visible, *r.all, r.tasks, r.frontier.get(), r.options);
        return Checked(std::move(out));
      },
      into(&SessionState::fairness, SessionChange::Fairness));
}

void Session::fitEffective(EffectiveRequest request) {
  if (request.key.empty()) {
    effectiveJob_.discard();
    return;
  }
  // The analysis report's options (the law's full grid of starts), so
  // N_eff in the window is `analyze`'s N_eff.
  effectiveJob_.run(
      [r = std::move(request)](const LatestJob<Effective>::Cancelled& cancelled) {
        analysis::AnalysisOptions options;
        options.dense_law = r.dense_law;
        options.fit.cancelled = cancelled;
        auto out = std::make_shared<EffectiveResult>();
        out->key = r.key;
        out->families = analysis::effectiveParams(*r.all, options);
        return Effective(std::move(out));
      },
      into(&SessionState::effective, SessionChange::Effective));
}

void Session::setFigure(const FigureSettings& figure) {
  if (figure == state_->figure) return;
  SessionState next = *state_;
  next.figure = figure;
  publish(std::move(next), SessionChange::Figure);
}

}  // namespace rs::ui
