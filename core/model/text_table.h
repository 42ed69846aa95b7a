#pragma once
// One table written out for a paper or a spreadsheet: LaTeX (booktabs),
// CSV or Markdown. Every table that Ratioscope copies or exports (the fit
// parameters, the fairness checks, the dropout list) goes through here, so
// the CLI and the panels write the same text.
//
// A LaTeX or Markdown table starts with its caption lines, saying what
// produced it, as the format's comments: "% …" in LaTeX, "<!-- … -->" in
// Markdown, so a reader of the pasted table can trace every number and no
// tool that reads the table trips over them. CSV has no comments (a "# …"
// line is a data row to Python's csv module, pandas and R), so a CSV table
// is the header and rows alone; written to a file, its provenance goes in
// the sidecar beside it (TABLE.csv -> TABLE.json).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rs {

enum class TableFormat { Latex, Csv, Markdown };

// "latex", "csv", "markdown"; null for anything else.
std::optional<TableFormat> tableFormatFromId(std::string_view id);
const char* tableFormatId(TableFormat format);

struct TextTable {
  std::vector<std::string> caption;  // what produced the table, one comment line each
  std::vector<std::string> header;
  // LaTeX column letters, one a column ("lrr"); 'l' for any not given.
  // Markdown aligns a column right for 'r'.
  std::string align;
  std::vector<std::vector<std::string>> rows;
  // LaTeX: rows starting a new group (index into rows) get a little space
  // above them (\addlinespace), booktabs' way of grouping without rules.
  std::vector<std::size_t> group_starts;
};

// Cells are taken as written for the format: LaTeX cells must already be
// LaTeX (latexText() for words); CSV cells are quoted here where needed
// (RFC 4180); a '|' in a Markdown cell is escaped here.
std::string renderTable(const TextTable& table, TableFormat format);

// Words as LaTeX text: \ & % $ # _ { } ~ ^ escaped, Unicode kept (± becomes $\pm$).
std::string latexText(std::string_view text);

// A parameter name as a LaTeX symbol: "alpha_N" → "$\alpha_{N}$",
// "N_c" → "$N_{c}$", "E" → "$E$"; other names in \texttt.
std::string latexSymbol(std::string_view name);

}  // namespace rs
