#include "samplinglog.h"

Q_LOGGING_CATEGORY(lcSampler, "ziggie.sampler", QtInfoMsg)
