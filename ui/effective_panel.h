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
#include "ui/jobs/latest_job.h"

class QComboBox;
class QLabel;
class QCustomPlot;

namespace rs::ui {

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
  const std::vector<analysis::EffectiveParamsResult>& results() const { return results_; }
  int plottedPoints() const { return plotted_; }
  // True while the dense laws are being fitted in the background.
  bool pending() const { return pending_; }

 Q_SIGNALS:
  void ready();  // the effective sizes of the loaded runs are in

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
  using Results = std::vector<analysis::EffectiveParamsResult>;
  Results results_;
  LatestJob<Results> job_{this};
  bool pending_ = false;
  int plotted_ = 0;
};

}  // namespace rs::ui
