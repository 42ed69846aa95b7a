#pragma once
// Fits in the window's tests start from each law's default options, whatever
// a user's settings remember: the fit options widget keeps the last options
// under the settings group "fit" (ui/fit_options_widget.h). Settings go to a
// file of Qt's test mode, and that group is cleared. Call in initTestCase.

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QString>

namespace rs::test {

inline void startFitsFromTheLawDefaults() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("RatioscopeTest"));
  QSettings().remove(QStringLiteral("fit"));
}

}  // namespace rs::test
