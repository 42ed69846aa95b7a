#pragma once
// The window's document: it owns what is shown (session_state.h) and every
// change to it. Opening a source, runs landing in a followed store or from a
// trial, a new filter, task overrides, exclusions, a fit and the figure
// settings each make a new immutable snapshot, announced with what changed.
// The long work behind a change (reading a source, fitting the native-small
// frontier) runs on LatestJob, the newest request winning, so the window's
// thread only swaps snapshots. Views read snapshots; none holds the data.

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
  // A new run list: the catalogue, the filter's runs and the frontier follow.
  void replaceRuns(SessionState& next, RunList runs);
  TaskCatalog catalogFor(const std::vector<Run>& runs, const QString& overrides) const;
  void fitFrontier();

  SessionSnapshot state_ = std::make_shared<const SessionState>();
  QString pending_;  // the source being read
  LatestJob<LoadedRuns> loader_{this};
  using Frontier = std::shared_ptr<const analysis::NativeFrontier>;
  LatestJob<Frontier> frontierJob_{this};
  LiveView* live_;
};

// Which of `runs` `filter` keeps (nullopt when it keeps every run).
std::optional<std::set<qint64>> visibleRuns(const std::vector<Run>& runs, const RunFilter& filter);

}  // namespace rs::ui
