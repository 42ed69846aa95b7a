#include "core/io/store/store_url.h"

#include <regex>

namespace rs {

std::string redactedStoreUrl(const std::string& url) {
  // postgresql://user:secret@host/db -> postgresql://user@host/db (any
  // scheme: a mysql:// URL given by mistake is named in a message too)
  std::string out = std::regex_replace(url, std::regex(R"(^([a-z][a-z0-9+.-]*://[^:/@?]*):[^@/?]*@)"), "$1@");
  return std::regex_replace(out, std::regex(R"((password=)[^&\s]*)"), "$1***");
}

}  // namespace rs
