#include "storagelog.h"

Q_LOGGING_CATEGORY(lcStorage, "ziggie.storage", QtInfoMsg)
