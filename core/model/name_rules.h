#pragma once
// What a name (model, family, method, device, run id, metric) may hold, and
// how a value from a file is quoted back in a message.
//
// Names travel into plots, tables, legends and the store: a NUL inside one is
// cut short by every C string it meets (two different names print the same),
// other control bytes garble terminals and tables, and a name of megabytes
// makes every legend and table slow. Files are data from anywhere, so these
// limits hold for every reader (RunCollector applies them).

#include <cstddef>
#include <string>
#include <string_view>

namespace rs {

// Longer names are refused: a model path from a hub is well under 200 bytes.
inline constexpr std::size_t kMaxNameBytes = 256;
// A run id derived from every run field is longer than any one name.
inline constexpr std::size_t kMaxRunKeyBytes = 1024;

// "" when `text` is an acceptable `what` ("model name", "metric name", ...),
// else why not: too long, or holding a NUL or another control byte.
std::string nameProblem(std::string_view what, std::string_view text, std::size_t maxBytes = kMaxNameBytes);

// A value from a file as it appears in a message: in single quotes, control
// bytes escaped (\0, \n, \xNN), and cut after 60 bytes with the full length
// said, so a 10 MB cell is not echoed into a 10 MB message.
std::string quotedValue(std::string_view text);

}  // namespace rs
