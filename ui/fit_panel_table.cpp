// The fit panel's parameter table as text (LaTeX, CSV, Markdown: the same
// as `ratioscope-cli fit --format`), with the record of what made it.
#include <algorithm>

#include "core/fit/fit_table.h"
#include "core/model/provenance.h"
#include "ui/fit_options_widget.h"
#include "ui/fit_panel.h"

namespace rs::ui {

TableProvenance FitPanel::tableProvenance() const {
  const SeriesFit* f = shownFit();
  if (!f || !f->result.ok) return {};
  // What produced the numbers: the panel, the law, the plotted metric and
  // axis, the series and the exclusions; then the files the runs came from
  // with their hashes, the options and the runs fitted.
  std::string what = "Ratioscope fit panel: law " + last_->law->info().id + ", " + fittedSpec_.metric + " against " +
                     std::string(axisInfo(fittedSpec_.axis).label) + ", series " + f->label;
  if (!excluded_.empty()) what += ", " + std::to_string(excluded_.size()) + " runs excluded";
  std::vector<Run> fitted;  // in the fit's order; dense anchors come from every run
  const std::vector<Run>& pool = all_ ? *all_ : *visible_;
  for (std::int64_t id : f->result.run_ids) {
    const auto it = std::find_if(pool.begin(), pool.end(), [id](const Run& r) { return r.id == id; });
    if (it != pool.end()) fitted.push_back(*it);
  }
  TableProvenance p = rs::tableProvenance(producedBy(what), {}, fitted);
  p.settings.push_back({"fit options", FitOptionsWidget::describe(fittedOptions_)});
  return p;
}

std::string FitPanel::tableText(TableFormat format) const {
  const SeriesFit* f = shownFit();
  if (!f || !f->result.ok) return {};
  return fit::fitTableText(*last_->law, f->result, format, provenanceLines(tableProvenance()));
}

}  // namespace rs::ui
