#pragma once
// Internal: one factory per law file, collected by catalogue.cpp.
#include <memory>
#include <string>
#include <vector>

#include "core/laws/law.h"

namespace rs::laws {
std::unique_ptr<Law> makeKaplanN();
std::unique_ptr<Law> makeKaplanD();
std::unique_ptr<Law> makeKaplanND();
std::unique_ptr<Law> makeChinchilla();
std::unique_ptr<Law> makeCompression();
std::unique_ptr<Law> makeCompressionQuadratic();
std::unique_ptr<Law> makeCompressionLinear();
std::unique_ptr<Law> makeGadreDownstream();
std::unique_ptr<Law> makePower();
std::unique_ptr<Law> makeLogistic();
std::unique_ptr<Law> makeSegmented();
std::unique_ptr<Law> makeEpm(std::vector<std::string> formats);
std::unique_ptr<Law> makeCapacity();
}  // namespace rs::laws
