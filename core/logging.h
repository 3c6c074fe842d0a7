#pragma once
// One logging category per module (enable with QT_LOGGING_RULES="ziggie.*.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSettings) // ziggie.settings
Q_DECLARE_LOGGING_CATEGORY(lcApp)      // ziggie.app
