#include "core/model/name_rules.h"

#include <cstdio>

namespace rs {
namespace {

constexpr std::size_t kQuotedBytes = 60;

std::string escaped(unsigned char c) {
  switch (c) {
    case '\0': return "\\0";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      return hex;
    }
  }
}

bool control(unsigned char c) { return c < 0x20 || c == 0x7F; }

}  // namespace

std::string quotedValue(std::string_view text) {
  std::size_t cut = std::min(text.size(), kQuotedBytes);
  // Never cut inside a UTF-8 sequence: back up to a lead byte.
  while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out = "'";
  for (std::size_t i = 0; i < cut; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += control(c) ? escaped(c) : std::string(1, text[i]);
  }
  out += "'";
  if (cut < text.size()) out.insert(out.size() - 1, "…"), out += " (" + std::to_string(text.size()) + " bytes)";
  return out;
}

std::string nameProblem(std::string_view what, std::string_view text, std::size_t maxBytes) {
  if (text.size() > maxBytes)
    return std::string(what) + " " + quotedValue(text) + " is too long: " + std::to_string(text.size()) + " bytes, at most " +
           std::to_string(maxBytes) + " are allowed";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (control(c))
      return std::string(what) + " " + quotedValue(text) + " holds " + (c == 0 ? std::string("a NUL byte") : "the control character " + escaped(c)) +
             " at byte " + std::to_string(i + 1) + "; names must be printable text";
  }
  return "";
}

}  // namespace rs
