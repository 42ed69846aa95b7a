#include "ui/dropout_panel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/analysis/dropout_table.h"
#include "ui/session/session.h"
#include "ui/table_copy.h"

namespace rs::ui {
namespace {
QString q(const std::string& s) { return QString::fromStdString(s); }
}  // namespace

DropoutPanel::DropoutPanel(QWidget* parent) : QWidget(parent) {
  note_ = new QLabel(QStringLiteral("Plot accuracies against the compression ratio to list where each task drops to chance."));
  note_->setWordWrap(true);
  tree_ = new QTreeWidget;
  tree_->setObjectName(QStringLiteral("dropoutTree"));
  tree_->setHeaderLabels({QStringLiteral("Series / task"), QStringLiteral("Dropout ratio")});
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  copier_ = new TableCopier(tree_, [this](TableFormat format) { return tableText(format); }, this);
  copier_->setProvenance([this] { return tableProvenance(); });
  auto* top = new QHBoxLayout;
  top->addWidget(note_, 1);
  top->addWidget(copier_->button());
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addWidget(tree_, 1);
}

void DropoutPanel::follow(Session* session) {
  connect(session, &Session::changed, this, [this, session](const SessionSnapshot&, SessionChanges what) {
    if (what & SessionChange::Analysis) showSession(session->state());
  });
}

void DropoutPanel::showSession(const SessionSnapshot& state) {
  shown_ = state->plot_analysis;
  tree_->clear();
  if (!shown_ || shown_->dropouts.empty()) {
    note_->setText(QStringLiteral("No plotted compressed series has an accuracy task with a chance level."));
    return;
  }
  int dropped = 0, tasks = 0;
  for (const auto& [series, list] : shown_->dropouts) {
    auto* top = new QTreeWidgetItem(tree_, {q(series), QString()});
    for (const analysis::Dropout& d : list) {
      ++tasks;
      const bool at = d.status == analysis::Dropout::Status::Dropped;
      dropped += at;
      auto* row = new QTreeWidgetItem(top, {q(d.task), at ? QStringLiteral("%1 [%2, %3]").arg(d.ratio, 0, 'g', 4).arg(d.ci_low, 0, 'g', 4).arg(d.ci_high, 0, 'g', 4)
                                                         : q(analysis::dropoutStatusId(d.status))});
      row->setToolTip(0, q(d.explanation));
      row->setToolTip(1, q(d.explanation));
    }
  }
  tree_->expandAll();
  tree_->resizeColumnToContents(1);
  note_->setText(QStringLiteral("%1 of %2 tasks drop to chance within the measured ratios (criterion: %3).")
                     .arg(dropped)
                     .arg(tasks)
                     .arg(q(shown_->dropouts.begin()->second.empty() ? std::string("chance") : shown_->dropouts.begin()->second.front().criterion)));
}

std::vector<analysis::Dropout> DropoutPanel::dropouts() const {
  std::vector<analysis::Dropout> all;
  if (shown_)
    for (const auto& [series, list] : shown_->dropouts) all.insert(all.end(), list.begin(), list.end());
  return all;
}

TableProvenance DropoutPanel::tableProvenance() const {
  if (!shown_ || shown_->dropouts.empty()) return {};
  const std::string what = "Ratioscope dropout list: " + std::to_string(shown_->dropouts.size()) + " plotted series";
  return rs::tableProvenance(producedBy(what), {}, *shown_->runs);
}

std::string DropoutPanel::tableText(TableFormat format) const {
  const std::vector<analysis::Dropout> all = dropouts();
  if (all.empty()) return {};
  return renderTable(analysis::dropoutTable(all, format, provenanceLines(tableProvenance())), format);
}

}  // namespace rs::ui
