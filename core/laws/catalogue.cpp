#include "core/laws/catalogue.h"

#include <algorithm>

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

std::vector<std::string> invertibleLawIds() {
  std::vector<std::string> ids;
  for (const auto& law : lawCatalogue())
    if (law->canInvert()) ids.push_back(law->info().id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::string invertibleLaws() {
  const auto ids = invertibleLawIds();
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? "" : i + 1 == ids.size() ? " or " : ", ") + ids[i];
  return out;
}

}  // namespace rs::laws
