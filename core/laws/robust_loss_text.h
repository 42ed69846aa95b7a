#pragma once
// A robust loss as text, one way everywhere: the CLI's --robust, a project
// file's fit.options.robust and the options line under a fit table. The
// kind is read in any case ("HUBER:0.01" is "huber:0.01"), so a project file
// written by hand reads as the same words typed on the command line.
// Header-only and plain C++, so the Qt-Core-only project library and the
// CLI share it without linking the law catalogue.

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "core/laws/law.h"

namespace rs::laws {

// "none", "huber:DELTA" or "cauchy:DELTA" with DELTA a finite number > 0.
// Returns "" and sets `out`, or says why not (without naming the option,
// which the caller knows): "must be none, huber:DELTA or cauchy:DELTA with
// DELTA > 0, not 'huber:-1'".
inline std::string parseRobustLoss(std::string_view text, RobustLoss& out) {
  const std::size_t colon = text.find(':');
  std::string kind(text.substr(0, colon));
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string why = "must be none, huber:DELTA or cauchy:DELTA with DELTA > 0, not '" + std::string(text) + "'";
  if (kind == "none") {
    if (colon != std::string_view::npos) return why;  // "none:1" is a typo, not a loss
    out = {};
    return {};
  }
  if ((kind != "huber" && kind != "cauchy") || colon == std::string_view::npos) return why;
  const std::string_view number = text.substr(colon + 1);
  double delta = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), delta);
  // The whole rest must be the number; inf and nan are no scale.
  if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(delta) || !(delta > 0)) return why;
  out = {kind == "huber" ? RobustLoss::Kind::Huber : RobustLoss::Kind::Cauchy, delta};
  return {};
}

// The loss in the words parseRobustLoss reads: "none", "huber:0.01"; δ in
// the shortest form that reads back to the same double.
inline std::string robustLossText(const RobustLoss& loss) {
  if (loss.kind == RobustLoss::Kind::None) return "none";
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, loss.delta).ptr;
  return std::string(loss.kind == RobustLoss::Kind::Huber ? "huber:" : "cauchy:") + std::string(digits, end);
}

}  // namespace rs::laws
