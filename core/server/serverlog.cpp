#include "serverlog.h"

Q_LOGGING_CATEGORY(lcServer, "ziggie.server", QtInfoMsg)
