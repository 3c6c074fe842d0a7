#pragma once
// How the desktop shows each metric (metric.h): the name and colour every view uses, so
// the tray bars, the chart lines and the value labels always agree.

#include "metric.h"

#include <QColor>
#include <QCoreApplication>
#include <QString>

namespace ziggie::ui {

inline QString metricName(Metric metric)
{
    switch (metric) {
    case Metric::Cpu:
        return QCoreApplication::translate("Metric", "CPU");
    case Metric::Memory:
        return QCoreApplication::translate("Metric", "Memory");
    case Metric::Disk:
        return QCoreApplication::translate("Metric", "Disk");
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

} // namespace ziggie::ui
