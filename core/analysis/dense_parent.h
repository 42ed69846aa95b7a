#pragma once
// The dense run a compressed run was made from: same family and model,
// preferring the same pretraining tokens and then the same seed, since a
// data set may hold the same model trained several ways.

#include <vector>

#include "core/model/run.h"

namespace rs::analysis {

const Run* denseParent(const Run& compressed, const std::vector<Run>& all);

}  // namespace rs::analysis
