#pragma once
// Follows the open experiment store while runs land (a sweep on this
// machine, jobs on a cluster writing to the lab store). A worker thread with
// its own connection asks the store a few times a second whether another
// writer committed (SQLite: PRAGMA data_version; PostgreSQL: a NOTIFY on the
// runs channel), and only then reads the runs that the new imports created
// or added metrics to. The window gets just those runs, never a frozen wait.

#include <QObject>
#include <QThread>
#include <vector>

#include "core/model/run.h"

namespace rs::ui {

class LiveView : public QObject {
  Q_OBJECT
 public:
  explicit LiveView(QObject* parent = nullptr);
  ~LiveView() override;
  // Follows `location` (a store path or URL) from its newest import on;
  // an empty location stops following.
  void follow(const QString& location);
  static constexpr int kPollMs = 100;  // data_version and PQconsumeInput cost no I/O

 Q_SIGNALS:
  // Runs created or changed since the last report, whole, with store ids.
  void runsChanged(const std::vector<rs::Run>& runs);
  void failed(const QString& message);

 private:
  QThread thread_;
  QObject* worker_ = nullptr;
};

}  // namespace rs::ui
