#include "core/analysis/dropout_table.h"

#include "core/model/uncertain_number.h"

namespace rs::analysis {

const char* dropoutStatusId(Dropout::Status s) {
  switch (s) {
    case Dropout::Status::Dropped: return "dropped";
    case Dropout::Status::Never: return "never";
    case Dropout::Status::AtChanceFromStart: return "at-chance-from-start";
    case Dropout::Status::NoUncertainty: return "no-uncertainty";
  }
  return "?";
}

TextTable dropoutTable(const std::vector<Dropout>& dropouts, TableFormat format, const std::vector<std::string>& provenance) {
  TextTable t;
  t.caption = provenance;
  if (format == TableFormat::Csv) {
    t.header = {"series", "task", "category", "status", "ratio", "ci_low", "ci_high", "criterion", "explanation"};
    for (const Dropout& d : dropouts) {
      const bool dropped = d.status == Dropout::Status::Dropped;
      t.rows.push_back({d.series, d.task, std::string(categoryId(d.category)), dropoutStatusId(d.status), dropped ? fullPrecision(d.ratio) : "",
                        dropped ? fullPrecision(d.ci_low) : "", dropped ? fullPrecision(d.ci_high) : "", d.criterion, d.explanation});
    }
    return t;
  }
  const bool latex = format == TableFormat::Latex;
  t.header = {"Series", "Task", "Category", "Status", "Dropout ratio"};
  if (!latex) t.header.push_back("Explanation");
  t.align = "llllr";
  const auto text = [&](const std::string& s) { return latex ? latexText(s) : s; };
  const auto ratio = [](double r) { return toText(roundToError(r, 0)); };
  for (const Dropout& d : dropouts) {
    const std::string at = d.status == Dropout::Status::Dropped ? ratio(d.ratio) + " [" + ratio(d.ci_low) + ", " + ratio(d.ci_high) + "]" : "";
    std::vector<std::string> row = {text(d.series), text(d.task), std::string(categoryId(d.category)), dropoutStatusId(d.status), text(at)};
    if (!latex) row.push_back(d.explanation);
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace rs::analysis
