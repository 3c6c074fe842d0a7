#pragma once
// The sampler's logging category, ziggie.sampler: each target logs under its own name
// (enable with QT_LOGGING_RULES="ziggie.*.debug=true").
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSampler) // ziggie.sampler
