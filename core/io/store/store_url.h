#pragma once
// Store URLs as messages show them. Plain text handling, no client library:
// a build without libpq still names a postgresql:// URL without its password.
#include <string>

namespace rs {

// The URL with its password (user:PASSWORD@ or password=...) removed, for
// messages.
std::string redactedStoreUrl(const std::string& url);

}  // namespace rs
