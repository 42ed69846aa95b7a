#pragma once
// A single-shot zero timer: the window's way of doing work in an event-loop
// turn of its own. A timer, not a posted call: timers take turns with the
// window's other timers and input, posted calls run back to back.

#include <QObject>
#include <QString>
#include <QTimer>

namespace rs::ui {

inline QTimer* zeroTimer(QObject* parent, const QString& name) {
  auto* t = new QTimer(parent);
  t->setSingleShot(true);
  t->setInterval(0);
  t->setObjectName(name);  // named, so a trace of the window's events says which turn
  return t;
}

}  // namespace rs::ui
