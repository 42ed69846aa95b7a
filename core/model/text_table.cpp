#include "core/model/text_table.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rs {

std::optional<TableFormat> tableFormatFromId(std::string_view id) {
  if (id == "latex") return TableFormat::Latex;
  if (id == "csv") return TableFormat::Csv;
  if (id == "markdown") return TableFormat::Markdown;
  return std::nullopt;
}

const char* tableFormatId(TableFormat format) {
  switch (format) {
    case TableFormat::Latex: return "latex";
    case TableFormat::Csv: return "csv";
    case TableFormat::Markdown: return "markdown";
  }
  return "";
}

std::string latexText(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '&': case '%': case '$': case '#': case '_': case '{': case '}': out += '\\'; out += c; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      default:
        // ± and × are common in evidence and in pdfLaTeX need math mode.
        if (text.substr(i, 2) == "±") { out += "$\\pm$"; ++i; }
        else if (text.substr(i, 2) == "×") { out += "$\\times$"; ++i; }
        else out += c;
    }
  }
  return out;
}

std::string latexSymbol(std::string_view name) {
  static constexpr std::array<std::string_view, 24> greek = {"alpha", "beta",  "gamma", "delta", "epsilon", "zeta", "eta",   "theta",
                                                             "iota",  "kappa", "lambda", "mu",   "nu",      "xi",   "omicron", "pi",
                                                             "rho",   "sigma", "tau",   "upsilon", "phi",   "chi",  "psi",   "omega"};
  const std::size_t cut = name.find('_');
  const std::string_view base = name.substr(0, cut), sub = cut == std::string_view::npos ? std::string_view() : name.substr(cut + 1);
  const bool isGreek = std::find(greek.begin(), greek.end(), base) != greek.end();
  const auto plain = [](std::string_view s) { return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }); };
  // A symbol is one letter or a Greek name, with at most one plain subscript.
  if (!(isGreek || (base.size() == 1 && std::isalpha(static_cast<unsigned char>(base[0])))) || !plain(sub) || (cut != std::string_view::npos && sub.empty()))
    return "\\texttt{" + latexText(name) + "}";
  std::string out = "$" + std::string(isGreek ? "\\" : "") + std::string(base);
  if (!sub.empty()) out += "_{" + std::string(sub) + "}";
  return out + "$";
}

namespace {

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string markdownCell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
  return out;
}

char alignOf(const TextTable& t, std::size_t column) { return column < t.align.size() ? t.align[column] : 'l'; }

std::string latex(const TextTable& t) {
  std::string out;
  for (const std::string& c : t.caption) out += "% " + c + "\n";
  std::string spec;
  for (std::size_t i = 0; i < t.header.size(); ++i) spec += alignOf(t, i);
  out += "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  const auto line = [](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) s += (i ? " & " : "") + cells[i];
    return s + " \\\\\n";
  };
  out += line(t.header) + "\\midrule\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    if (r > 0 && std::find(t.group_starts.begin(), t.group_starts.end(), r) != t.group_starts.end()) out += "\\addlinespace\n";
    out += line(t.rows[r]);
  }
  return out + "\\bottomrule\n\\end{tabular}\n";
}

std::string csv(const TextTable& t) {
  // No caption: CSV has no comments, and a "# …" line is a row to Python's
  // csv module, pandas and R's read.csv (pandas takes it for the header).
  // A CSV table's provenance goes in its sidecar (TABLE.csv -> TABLE.json).
  std::string out;
  const auto line = [](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i) s += (i ? "," : "") + csvCell(cells[i]);
    return s + "\n";
  };
  out += line(t.header);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string markdown(const TextTable& t) {
  std::string out;
  for (const std::string& c : t.caption) out += "<!-- " + c + " -->\n";
  const auto line = [](const std::vector<std::string>& cells) {
    std::string s = "|";
    for (const std::string& c : cells) s += " " + markdownCell(c) + " |";
    return s + "\n";
  };
  out += line(t.header) + "|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out += alignOf(t, i) == 'r' ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : t.rows) out += line(row);
  return out;
}

}  // namespace

std::string renderTable(const TextTable& table, TableFormat format) {
  switch (format) {
    case TableFormat::Latex: return latex(table);
    case TableFormat::Csv: return csv(table);
    case TableFormat::Markdown: return markdown(table);
  }
  return {};
}

}  // namespace rs
