#pragma once
// The law catalogue: every law Ratioscope can fit, by stable id.

#include <memory>
#include <string>
#include <vector>

#include "core/laws/law.h"

namespace rs::laws {

const std::vector<std::shared_ptr<const Law>>& lawCatalogue();
std::shared_ptr<const Law> findLaw(const std::string& id);  // null when unknown
std::string lawIds();  // "kaplan-n, kaplan-d, ..." for messages

}  // namespace rs::laws
