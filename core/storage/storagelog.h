#pragma once
// ziggie.storage: the history file (enable debug output with QT_LOGGING_RULES="ziggie.storage.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)
