#pragma once
// JSON as evaluation tools write it, read with RapidJSON. Python's json module
// writes bare NaN, Infinity and -Infinity (a collapsed model's perplexity),
// which Qt's parser rejects along with the whole document; RapidJSON reads
// them as doubles, so one non-finite metric can be left out and named
// instead of losing the file. Private to core/io.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>

namespace rs::json {

// Parses `bytes` (UTF-8, NaN/Infinity allowed).
// Throws ImportFailure naming `file` and the line of a syntax error.
rapidjson::Document parse(std::string_view bytes, const std::string& file);

// True when the first non-blank byte opens a JSON object.
bool looksLikeObject(std::string_view head);

// `base` + "/" + token, with "~" and "/" escaped as RFC 6901 requires.
std::string pointer(const std::string& base, std::string_view token);

// Members by name, or null when absent (any type).
const rapidjson::Value* member(const rapidjson::Value& object, std::string_view name);
// A member that is a string, or nullopt.
std::optional<std::string> stringMember(const rapidjson::Value& object, std::string_view name);
// A scalar as text for settings ("auto", 8, 1.5, true); nullopt for null,
// objects and arrays.
std::optional<std::string> scalarText(const rapidjson::Value& value);

}  // namespace rs::json
