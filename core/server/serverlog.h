#pragma once
// The server's logging category, ziggie.server (enable with QT_LOGGING_RULES="ziggie.*.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcServer) // ziggie.server
