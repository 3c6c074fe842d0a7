#pragma once
// The three metrics a Sample carries, defined once: their keys on the wire (JSON objects,
// subscribe messages), which value of a sample each one is, and the unit the wire counts
// memory and disk in. The server keys subscriptions by this type and the desktop keys its
// colours and display names by it (ui/metricstyle.h).

#include "sample.h"

#include <QLatin1StringView>
#include <QStringView>
#include <QtGlobal>

#include <array>
#include <optional>

namespace ziggie {

enum class Metric : quint8 { Cpu, Memory, Disk };

inline constexpr std::array<Metric, 3> AllMetrics = {Metric::Cpu, Metric::Memory, Metric::Disk};

// "cpu", "memory", "disk": the metric's key in messages.
QLatin1StringView metricKey(Metric metric);
std::optional<Metric> metricFromKey(QStringView key);
// "cpu, memory, disk": for messages that list the choices.
QString metricKeys();

// The metric's value in percent: CPU usage, memory or disk in use.
double metricPercent(const Sample &sample, Metric metric);

// GB as the wire protocol counts them: 1024^3 bytes (psutil's and the old backend's).
inline constexpr double BytesPerGb = 1024.0 * 1024.0 * 1024.0;
constexpr double toGb(quint64 bytes)
{
    return static_cast<double>(bytes) / BytesPerGb;
}

} // namespace ziggie
