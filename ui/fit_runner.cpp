#include "ui/fit_runner.h"

namespace rs::ui {

FitRunner::FitRunner(QObject* parent) : QObject(parent) {}

void FitRunner::cancel() { job_.cancel(); }

void FitRunner::discard() { job_.discard(); }

int FitRunner::submit(FitRequest request) {
  return submit([request = std::move(request)] { return request; });
}

int FitRunner::submit(std::function<FitRequest()> build) {
  const int generation = ++generation_;
  job_.run(
      [build = std::move(build), generation](const LatestJob<FitOutcome>::Cancelled& cancelled,
                                             const LatestJob<FitOutcome>::Progress& report) {
        FitRequest request = build();
        request.options.cancelled = cancelled;
        FitOutcome out = runFitJobs(request, report);
        out.generation = generation;
        return out;
      },
      [this](FitOutcome outcome) {
        if (outcome.cancelled) Q_EMIT cancelled();
        else Q_EMIT finished(outcome);
      },
      [this](int permille) { Q_EMIT progress(permille, 1000); });
  return generation;
}

}  // namespace rs::ui
