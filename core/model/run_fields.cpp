#include "core/model/run_fields.h"
#include "core/model/name_rules.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>

namespace rs {
std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

std::string_view trim(std::string_view s) { return trimBlanks(s); }
std::string lower(std::string_view s) { return lowerCase(s); }

// Accessors of one optional numeric field, with its validity rule.
struct NumberField {
  std::optional<double> Run::*member;
  std::function<bool(double)> valid;
};

const std::vector<RunFieldSpec> kSpecs = {
    {"family", FieldKind::Text, "any text"},
    {"model", FieldKind::Text, "non-empty text"},
    {"method", FieldKind::Text, "any text; empty means dense"},
    {"params", FieldKind::Number, "a number > 0"},
    {"tokens", FieldKind::Number, "a number >= 0"},
    {"ratio", FieldKind::Number, "a number in [0, 1)"},
    {"bits", FieldKind::Number, "a number in (0, 64]"},
    {"sparsity", FieldKind::Number, "a number in [0, 1]"},
    {"structured", FieldKind::Boolean, "true/false, yes/no or 1/0"},
    {"rank", FieldKind::Number, "a number >= 0"},
    {"rft_tokens", FieldKind::Number, "a number >= 0"},
    {"distilled", FieldKind::Boolean, "true/false, yes/no or 1/0"},
    {"seed", FieldKind::Integer, "an integer"},
    {"size_bytes", FieldKind::Number, "a number >= 0"},
    {"latency_ms", FieldKind::Number, "a number >= 0"},
    {"device", FieldKind::Text, "any text; empty when unknown"},
};

const NumberField* numberField(std::string_view name) {
  static const auto nonNegative = [](double v) { return v >= 0; };
  static const std::vector<std::pair<std::string_view, NumberField>> fields = {
      {"params", {&Run::params, [](double v) { return v > 0; }}},
      {"tokens", {&Run::tokens, nonNegative}},
      {"ratio", {&Run::ratio, [](double v) { return v >= 0 && v < 1; }}},
      {"bits", {&Run::bits, [](double v) { return v > 0 && v <= 64; }}},
      {"sparsity", {&Run::sparsity, [](double v) { return v >= 0 && v <= 1; }}},
      {"rank", {&Run::rank, nonNegative}},
      {"rft_tokens", {&Run::rft_tokens, nonNegative}},
      {"size_bytes", {&Run::size_bytes, nonNegative}},
      {"latency_ms", {&Run::latency_ms, nonNegative}},
  };
  for (const auto& [n, f] : fields)
    if (n == name) return &f;
  return nullptr;
}

std::optional<bool> Run::*booleanField(std::string_view name) {
  if (name == "structured") return &Run::structured;
  if (name == "distilled") return &Run::distilled;
  return nullptr;
}

}  // namespace

const std::vector<RunFieldSpec>& runFieldSpecs() { return kSpecs; }

const RunFieldSpec* findRunField(std::string_view name) {
  for (const RunFieldSpec& s : kSpecs)
    if (s.name == name) return &s;
  return nullptr;
}

std::string runFieldNames() {
  std::string out;
  for (const RunFieldSpec& s : kSpecs) {
    if (!out.empty()) out += ", ";
    out += s.name;
  }
  return out;
}

std::optional<double> parseFiniteNumber(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  // -0 is 0: the store keeps an integral REAL as an integer (losing the
  // sign), and a re-import must find the run it stored, not a "conflict".
  return v == 0 ? 0.0 : v;
}

bool parseNumberList(std::string_view text, std::vector<double>& out) {
  out.clear();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    if (!trim(part).empty()) {
      const auto v = parseFiniteNumber(part);
      if (!v) return false;
      out.push_back(*v);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return !out.empty();
}

std::optional<bool> parseBoolean(std::string_view text) {
  const std::string t = lower(trim(text));
  if (t == "true" || t == "yes" || t == "1") return true;
  if (t == "false" || t == "no" || t == "0") return false;
  return std::nullopt;
}

std::string formatNumber(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

std::string setRunField(Run& run, std::string_view name, std::string_view raw) {
  const std::string_view text = trim(raw);
  if (name == "family") { run.family = text; return ""; }
  if (name == "device") { run.device = text; return ""; }
  if (name == "model") {
    if (text.empty()) return "model name is empty";
    run.model = text;
    return "";
  }
  if (name == "method") {
    const std::string l = lower(text);
    run.method = (l.empty() || l == "dense" || l == "none") ? std::string(kDenseMethod) : std::string(text);
    return "";
  }
  if (text.empty()) return "";  // optional field left unset
  const RunFieldSpec* spec = findRunField(name);
  if (!spec) return "unknown run field";
  if (auto member = booleanField(name)) {
    const auto b = parseBoolean(text);
    if (!b) return quotedValue(text) + " is not " + std::string(spec->rule);
    run.*member = *b;
    return "";
  }
  const auto v = parseFiniteNumber(text);
  if (!v) return quotedValue(text) + " is not a finite number";
  if (name == "seed") {
    if (*v != std::floor(*v) || std::fabs(*v) > 9.0e15) return quotedValue(text) + " is not an integer";
    run.seed = static_cast<std::int64_t>(*v);
    return "";
  }
  const NumberField* f = numberField(name);
  if (!f->valid(*v)) return std::string(text) + " is out of range: expected " + std::string(spec->rule);
  run.*(f->member) = *v;
  return "";
}

std::optional<std::string> runFieldText(const Run& run, std::string_view name) {
  if (name == "family") return run.family;
  if (name == "model") return run.model;
  if (name == "method") return run.method;
  if (name == "device") return run.device.empty() ? std::nullopt : std::optional(run.device);
  if (name == "seed") return run.seed ? std::optional(std::to_string(*run.seed)) : std::nullopt;
  if (auto member = booleanField(name))
    return (run.*member) ? std::optional<std::string>(*(run.*member) ? "true" : "false") : std::nullopt;
  if (const NumberField* f = numberField(name))
    return (run.*(f->member)) ? std::optional(formatNumber(*(run.*(f->member)))) : std::nullopt;
  return std::nullopt;
}

std::optional<double> runFieldNumber(const Run& run, std::string_view name) {
  if (name == "seed") return run.seed ? std::optional<double>(static_cast<double>(*run.seed)) : std::nullopt;
  if (auto member = booleanField(name))
    return (run.*member) ? std::optional<double>(*(run.*member) ? 1.0 : 0.0) : std::nullopt;
  if (const NumberField* f = numberField(name)) return run.*(f->member);
  return std::nullopt;
}

}  // namespace rs
