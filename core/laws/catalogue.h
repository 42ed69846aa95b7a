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
// The laws that can be solved for their first variable (Law::canInvert()),
// by id in alphabetical order, as a message lists them: "chinchilla,
// kaplan-nd or power".
std::vector<std::string> invertibleLawIds();
std::string invertibleLaws();

}  // namespace rs::laws
