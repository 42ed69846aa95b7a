#pragma once
// The "Effective params" dock: what each compressed run is worth in dense
// parameters. The family's dense law (chinchilla or kaplan-nd) is fitted to
// its dense runs and inverted at each compressed run's loss; the panel plots
// the multiplier N_eff/N against bits or sparsity, one colour per method,
// with the dense-equivalent line at 1.

#include <QWidget>
#include <memory>
#include <vector>

#include "core/analysis/analysis_report.h"
#include "ui/session/session_state.h"

class QComboBox;
class QLabel;
class QCustomPlot;

namespace rs::ui {

class Session;

class EffectivePanel : public QWidget {
  Q_OBJECT
 public:
  explicit EffectivePanel(QWidget* parent = nullptr);
  // Refits when the loaded runs change; redraws for the visible ones.
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible);
  void setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible);

  QComboBox* lawBox() const { return law_; }
  QComboBox* axisBox() const { return axis_; }
  QCustomPlot* plot() const { return plot_; }
  QString status() const;
  // Asks `session` for the effective parameters and shows them when it publishes them.
  void follow(Session* session);
  // The session's effective parameters, when they are the ones asked for last.
  void showSession(const SessionSnapshot& state);
  const std::vector<analysis::EffectiveParamsResult>& results() const;
  int plottedPoints() const { return plotted_; }
  // True while the dense laws are being fitted in the background.
  bool pending() const { return pending_; }

 Q_SIGNALS:
  void ready();  // the effective sizes of the loaded runs are in
  void effectiveWanted(const rs::ui::EffectiveRequest& request);  // for the session ("" key: none)

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  void refit();
  void redraw();
  QComboBox* law_;
  QComboBox* axis_;
  QLabel* status_;
  QCustomPlot* plot_;
  std::shared_ptr<const std::vector<Run>> all_;
  std::shared_ptr<const std::vector<Run>> visible_ = std::make_shared<const std::vector<Run>>();
  std::shared_ptr<const EffectiveResult> shown_;  // the session's, as asked for last
  std::string wantedKey_;
  int requests_ = 0;
  bool pending_ = false;
  int plotted_ = 0;
};

}  // namespace rs::ui
