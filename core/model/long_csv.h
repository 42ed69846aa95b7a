#pragma once
// Writing runs in the long CSV shape every reader takes (issue #2): one row
// per metric, the run columns in the run-field table's order. Plain C++, so
// the Qt-free trials runner writes exactly what ratioscope-cli writes.
#include <string>

#include "core/model/run.h"

namespace rs {

std::string longCsvHeader();            // with the trailing newline
std::string longCsvRows(const Run& run);  // one line per metric

}  // namespace rs
