#pragma once
// The program's own logging categories: settings and the application around the server
// (enable with QT_LOGGING_RULES="ziggie.*.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSettings) // ziggie.settings
Q_DECLARE_LOGGING_CATEGORY(lcApp)      // ziggie.app
