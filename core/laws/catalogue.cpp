#include "core/laws/catalogue.h"

#include "core/laws/law_factories.h"

namespace rs::laws {

const std::vector<std::shared_ptr<const Law>>& lawCatalogue() {
  static const std::vector<std::shared_ptr<const Law>> laws = [] {
    std::vector<std::shared_ptr<const Law>> v;
    for (auto make : {makeKaplanN, makeKaplanD, makeKaplanND, makeChinchilla, makeCompression, makeCompressionQuadratic,
                      makeCompressionLinear, makeGadreDownstream, makePower, makeLogistic, makeSegmented})
      v.push_back(make());
    v.push_back(makeEpm({}));  // a template: fits use withFormats() for the data's formats
    v.push_back(makeCapacity());
    return v;
  }();
  return laws;
}

std::shared_ptr<const Law> findLaw(const std::string& id) {
  for (const auto& law : lawCatalogue())
    if (law->info().id == id) return law;
  return nullptr;
}

std::string lawIds() {
  std::string out;
  for (const auto& law : lawCatalogue()) out += (out.empty() ? "" : ", ") + law->info().id;
  return out;
}

}  // namespace rs::laws
