#include "core/io/json/json_document.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>

#include "core/io/import_error.h"
#include "core/model/run_fields.h"

namespace rs::json {

rapidjson::Document parse(std::string_view bytes, const std::string& file) {
  // A UTF-8 byte-order mark (Windows editors) is not JSON; skip it.
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  rapidjson::Document doc;
  // Not kParseFullPrecisionFlag: in RapidJSON 1.1.0 (Debian 12) it sends a
  // zero significand with an exponent ("0e51") through DiyFp::Normalize,
  // which counts the leading zeros of 0, undefined behaviour the fuzzer found.
  // The default algorithm is within a few units in the last place, far below
  // any metric's precision, and the same text always gives the same double.
  constexpr unsigned kFlags = rapidjson::kParseNanAndInfFlag | rapidjson::kParseValidateEncodingFlag;
  doc.Parse<kFlags>(bytes.data(), bytes.size());
  if (doc.HasParseError()) {
    const std::size_t offset = std::min(doc.GetErrorOffset(), bytes.size());
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
    throw ImportFailure({file, line, "", std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError())});
  }
  return doc;
}

bool looksLikeObject(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const auto first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && head[first] == '{';
}

std::string pointer(const std::string& base, std::string_view token) {
  std::string out = base + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(rapidjson::Value(rapidjson::StringRef(name.data(), name.size())));
  return it == object.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string> stringMember(const rapidjson::Value& object, std::string_view name) {
  const rapidjson::Value* v = member(object, name);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::string> scalarText(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) return formatNumber(v.GetDouble());
  return std::nullopt;
}

}  // namespace rs::json
