#pragma once
// The window's document: it owns what is shown (session_state.h) and every
// change to it. Opening a source, runs landing in a followed store or from a
// trial, a new filter, task overrides, exclusions, the fit asked for and the
// fit drawn, the plot's dropouts and knees, the fairness checks, the
// effective parameters and the figure settings each make a new immutable
// snapshot, announced with what changed. The long work behind a change
// (reading a source, fitting the native-small frontier, analysing the
// plotted series, checking fairness, fitting dense laws) runs on LatestJob, the newest request
// winning, so the window's thread only swaps snapshots. Views read
// snapshots; none holds the data.

#include <QObject>

#include "core/io/dataset_source.h"
#include "ui/jobs/latest_job.h"
#include "ui/session/session_state.h"

namespace rs::ui {

class LiveView;

class Session : public QObject {
  Q_OBJECT
 public:
  explicit Session(QObject* parent = nullptr);

  SessionSnapshot state() const { return state_; }

  // Reads `source` (a file or store URL) in the background; a newer open
  // supersedes it. Emits loaded() with the new runs, or loadFailed().
  void open(const QString& source);
  bool loading() const { return loader_.busy(); }
  // Runs a followed store reported (new ones, or ones with new metrics).
  void mergeArrived(const std::vector<Run>& runs);
  // A run from a trial on this machine; it gets the next free id.
  void addRun(Run run);
  // The browser's filter; returns "" or why `text` is not one (the
  // previous filter then stays).
  QString setFilter(const QString& text);
  // Chance levels, categories and directions from a JSON file (the CLI's
  // --tasks), kept for every source opened after it; "" goes back to the
  // built-in tasks. Returns "" or the message.
  QString setTaskOverrides(const QString& path);
  void setExcluded(const std::set<qint64>& ids);
  void setFit(SessionFit fit);
  void setFitChoice(const FitChoice& choice);
  // The plotted series' dropouts and knees, computed in the background and
  // published as plot_analysis (SessionChange::Analysis); a newer request
  // supersedes an older one, and the one held or on its way is not asked
  // again. `request.key` empty: none wanted (a running one is dropped).
  // Nothing is published on request, so a view may ask while it draws.
  void analysePlot(PlotAnalysisRequest request);
  // The fairness panel's checks and the effective-parameters panel's dense
  // laws, likewise computed here and published (Fairness, Effective); every
  // request with a new key runs, superseding the one before.
  void checkFairness(FairnessRequest request);
  void fitEffective(EffectiveRequest request);
  void setFigure(const FigureSettings& figure);

 Q_SIGNALS:
  void changed(const rs::ui::SessionSnapshot& state, rs::ui::SessionChanges what);
  void loaded(const QString& source);
  void loadFailed(const QString& message);
  // A followed store's runs arrived: `added` new ones, `updated` with new metrics.
  void runsArrived(int added, int updated);
  void liveViewFailed(const QString& message);
  // The native-small frontier of the loaded runs is fitted.
  void frontierReady();

 private:
  // Publishes `next` (replacing the snapshot) and announces `what`.
  void publish(SessionState next, SessionChanges what);
  // A job's result as one field of the next snapshot, announced as `what`.
  template <class T>
  std::function<void(T)> into(T SessionState::*field, SessionChange what);
  // A new run list: the catalogue, the filter's runs and the frontier follow.
  void replaceRuns(SessionState& next, RunList runs);
  TaskCatalog catalogFor(const std::vector<Run>& runs, const QString& overrides) const;
  void fitFrontier();

  SessionSnapshot state_ = std::make_shared<const SessionState>();
  QString pending_;  // the source being read
  LatestJob<LoadedRuns> loader_{this};
  using Frontier = std::shared_ptr<const analysis::NativeFrontier>;
  LatestJob<Frontier> frontierJob_{this};
  using Analysed = std::shared_ptr<const PlotAnalysis>;
  LatestJob<Analysed> analysisJob_{this};
  std::string analysisKey_;  // of the analysis held or being computed
  std::shared_ptr<const std::vector<Run>> analysisRuns_;
  using Checked = std::shared_ptr<const FairnessResult>;
  LatestJob<Checked> fairnessJob_{this};
  using Effective = std::shared_ptr<const EffectiveResult>;
  LatestJob<Effective> effectiveJob_{this};
  LiveView* live_;
};

// The same law, scope and options (as the CLI words them).
bool sameFitChoice(const FitChoice& a, const FitChoice& b);

// Which of `runs` `filter` keeps (nullopt when it keeps every run).
std::optional<std::set<qint64>> visibleRuns(const std::vector<Run>& runs, const RunFilter& filter);

}  // namespace rs::ui
