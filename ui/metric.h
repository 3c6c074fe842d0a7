#pragma once
// The three metrics the desktop shows, with the name and color every view uses for
// them, so the tray bars, the chart lines and the value labels always agree.

#include "sample.h"

#include <QColor>
#include <QString>

#include <array>

namespace ziggie::ui {

enum class Metric { Cpu, Memory, Disk };

inline constexpr std::array<Metric, 3> AllMetrics = {Metric::Cpu, Metric::Memory, Metric::Disk};

inline QString metricName(Metric metric)
{
    switch (metric) {
    case Metric::Cpu:
        return QStringLiteral("CPU");
    case Metric::Memory:
        return QStringLiteral("Memory");
    case Metric::Disk:
        return QStringLiteral("Disk");
    }
    return {};
}

// Saturated enough to read on a light panel, light enough to read on a dark one.
inline QColor metricColor(Metric metric)
{
    switch (metric) {
    case Metric::Cpu:
        return QColor(0x1d, 0x99, 0xf3); // blue
    case Metric::Memory:
        return QColor(0x9b, 0x59, 0xd0); // violet
    case Metric::Disk:
        return QColor(0xf6, 0x74, 0x00); // orange
    }
    return {};
}

inline double metricPercent(const Sample &sample, Metric metric)
{
    switch (metric) {
    case Metric::Cpu:
        return sample.cpuPercent;
    case Metric::Memory:
        return sample.memoryPercent;
    case Metric::Disk:
        return sample.diskPercent;
    }
    return 0.0;
}

// GB as the wire protocol counts them (1024^3 bytes).
inline double toGb(quint64 bytes)
{
    return static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0);
}

} // namespace ziggie::ui
