#pragma once
// Internal to core/fit: the multi-start solve shared by fits, bootstrap
// resamples and holdout fits.

#include <string>
#include <vector>

#include "core/fit/fit_data.h"
#include "core/fit/fitter.h"

namespace rs::fit::detail {

struct SolveOutcome {
  bool found = false;          // some start reached a finite objective
  std::vector<double> theta;
  double objective = 0;
  bool converged = false;
  std::string termination;
  int starts = 0, converged_starts = 0;  // starts usable; polished starts converged
  bool cancelled = false;
};

SolveOutcome solveMultiStart(const laws::Law& law, const FitData& data, const std::vector<std::vector<double>>& starts,
                             laws::ResidualSpace space, laws::RobustLoss robust, const FitOptions& options);

// The law's starting points: its grid, or random starts in the grid's box.
std::vector<std::vector<double>> startingPoints(const laws::Law& law, const FitData& data, const FitOptions& options);

int threadCount(const FitOptions& options);

}  // namespace rs::fit::detail
