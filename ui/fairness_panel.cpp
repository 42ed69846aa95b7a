#include "ui/fairness_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QToolButton>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/analysis/fairness_table.h"
#include "core/model/provenance.h"
#include "ui/session/session.h"
#include "ui/table_copy.h"

namespace rs::ui {
namespace {

QColor badgeColour(analysis::Verdict v) {
  switch (v) {
    case analysis::Verdict::Pass: return QColor(0x00, 0x9E, 0x73);  // Okabe-Ito bluish green
    case analysis::Verdict::Warn: return QColor(0xE6, 0x9F, 0x00);  // orange
    case analysis::Verdict::Fail: return QColor(0xD5, 0x5E, 0x00);  // vermillion
    case analysis::Verdict::Unknown: return QColor(0x88, 0x88, 0x88);
  }
  return Qt::gray;
}

}  // namespace

FairnessPanel::FairnessPanel(QWidget* parent) : QWidget(parent) {
  budget_ = new QComboBox;
  budget_->setObjectName(QStringLiteral("budgetBox"));
  for (auto b : {analysis::Budget::Params, analysis::Budget::Bytes, analysis::Budget::Flops, analysis::Budget::Latency})
    budget_->addItem(QString::fromStdString(analysis::budgetId(b)), static_cast<int>(b));
  tree_ = new QTreeWidget;
  tree_->setObjectName(QStringLiteral("fairnessTree"));
  tree_->setHeaderLabels({QStringLiteral("Comparison / check"), QStringLiteral("Verdict")});
  tree_->header()->setStretchLastSection(false);
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  copier_ = new TableCopier(tree_, [this](TableFormat format) { return tableText(format); }, this);
  copier_->setProvenance([this] { return tableProvenance(); });
  auto* form = new QFormLayout;
  auto* budgetRow = new QHBoxLayout;
  budgetRow->addWidget(budget_, 1);
  budgetRow->addWidget(copier_->button());
  form->addRow(QStringLiteral("Match on"), budgetRow);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(form);
  layout->addWidget(tree_, 1);
  connect(budget_, &QComboBox::currentIndexChanged, this, &FairnessPanel::refresh);
}

void FairnessPanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::vector<Run> visible, const TaskCatalog& tasks,
                               std::shared_ptr<const analysis::NativeFrontier> frontier) {
  setContext(std::move(all), std::make_shared<const std::vector<Run>>(std::move(visible)), tasks, std::move(frontier));
}

void FairnessPanel::setContext(std::shared_ptr<const std::vector<Run>> all, std::shared_ptr<const std::vector<Run>> visible, const TaskCatalog& tasks,
                               std::shared_ptr<const analysis::NativeFrontier> frontier) {
  frontier_ = std::move(frontier);
  all_ = std::move(all);
  visible_ = std::move(visible);
  tasks_ = tasks;
  refresh();
}

TableProvenance FairnessPanel::tableProvenance() const {
  if (comparisons().empty()) return {};
  analysis::AnalysisOptions options;  // as refresh() runs the checks
  options.budget = static_cast<analysis::Budget>(budget_->currentData().toInt());
  const std::string what = "Ratioscope fairness panel: " + std::to_string(comparisons().size()) + " comparisons of the plotted runs";
  TableProvenance p = rs::tableProvenance(producedBy(what), {}, *visible_);
  p.settings.push_back({"analysis options", analysis::describeAnalysisOptions(options)});
  return p;
}

std::string FairnessPanel::tableText(TableFormat format) const {
  if (comparisons().empty()) return {};
  return renderTable(analysis::fairnessTable(comparisons(), format, provenanceLines(tableProvenance())), format);
}

void FairnessPanel::refresh() {
  shown_.reset();
  tree_->clear();
  if (!all_) {
    pending_ = false;
    wantedKey_.clear();
    Q_EMIT checksWanted({});
    return;
  }
  pending_ = true;
  new QTreeWidgetItem(tree_, {QStringLiteral("Pairing the plotted runs with their native baselines…"), QString()});
  // The session pairs them off the window's thread, with the analysis
  // report's rule and checks (as `ratioscope-cli analyze`). A tree of
  // thousands of comparisons is no use: beyond kMaxComparisons none are made.
  analysis::AnalysisOptions options;
  options.budget = static_cast<analysis::Budget>(budget_->currentData().toInt());
  wantedKey_ = "fairness " + std::to_string(++requests_);
  Q_EMIT checksWanted(FairnessRequest{wantedKey_, all_, visible_, tasks_, frontier_, options, kMaxComparisons});
}

void FairnessPanel::follow(Session* session) {
  connect(this, &FairnessPanel::checksWanted, session, &Session::checkFairness);
  connect(session, &Session::changed, this, [this, session](const SessionSnapshot&, SessionChanges what) {
    if (what & SessionChange::Fairness) showSession(session->state());
  });
}

void FairnessPanel::showSession(const SessionSnapshot& state) {
  if (!pending_ || !state->fairness || state->fairness->key != wantedKey_) return;
  pending_ = false;
  shown_ = state->fairness;
  showChecks(shown_->compressed);
  Q_EMIT ready();
}

const std::vector<analysis::Comparison>& FairnessPanel::comparisons() const {
  static const std::vector<analysis::Comparison> none;
  return shown_ ? shown_->comparisons : none;
}

void FairnessPanel::showChecks(std::size_t compressed) {
  tree_->clear();
  if (static_cast<int>(compressed) > kMaxComparisons) {
    new QTreeWidgetItem(tree_, {QStringLiteral("%1 compressed runs are plotted; filter to at most %2 to check them (or use ratioscope-cli analyze).")
                                    .arg(compressed).arg(kMaxComparisons),
                                QString()});
    return;
  }
  for (const analysis::Comparison& cmp : comparisons()) {
    int fails = 0, warns = 0;
    for (const auto& k : cmp.checks) {
      fails += k.verdict == analysis::Verdict::Fail;
      warns += k.verdict == analysis::Verdict::Warn;
    }
    auto* top = new QTreeWidgetItem(tree_, {QString::fromStdString(cmp.compressed_label + "  vs  " + cmp.baseline_label),
                                            QStringLiteral("%1 fail · %2 warn").arg(fails).arg(warns)});
    // The whole label, which a narrow dock cuts off, and where the baseline comes from.
    top->setToolTip(0, QString::fromStdString(cmp.compressed_label + "  vs  " + cmp.baseline_label) +
                           (cmp.baseline_predicted ? QStringLiteral("\nNo native model of this budget was run: the baseline is predicted from "
                                                                    "the family's dense law.")
                                                   : QString()));
    top->setForeground(1, badgeColour(fails ? analysis::Verdict::Fail : warns ? analysis::Verdict::Warn : analysis::Verdict::Pass));
    for (const analysis::Check& k : cmp.checks) {
      auto* row = new QTreeWidgetItem(top, {QString::fromStdString(k.id), QString::fromStdString(analysis::verdictId(k.verdict)).toUpper()});
      row->setForeground(1, badgeColour(k.verdict));
      QFont bold = row->font(1);
      bold.setBold(true);
      row->setFont(1, bold);
      const QString tip = QString::fromStdString(k.explanation) + (k.evidence.empty() ? QString() : QStringLiteral("\n") + QString::fromStdString(k.evidence));
      row->setToolTip(0, tip);
      row->setToolTip(1, tip);
    }
  }
  if (comparisons().empty())
    new QTreeWidgetItem(tree_, {QStringLiteral("No plotted compressed run has a native baseline with a known budget."), QString()});
  tree_->resizeColumnToContents(1);
}

}  // namespace rs::ui
