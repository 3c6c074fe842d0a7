#include "runtimelog.h"

Q_LOGGING_CATEGORY(lcSettings, "ziggie.settings", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "ziggie.app", QtInfoMsg)
