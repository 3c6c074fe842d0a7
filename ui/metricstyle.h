#pragma once
// How the desktop shows each metric (metric.h): the name and colour every view uses, so
// the tray bars, the chart lines and the value labels always agree.

#include "contrast.h"
#include "metric.h"

#include <QColor>
#include <QCoreApplication>
#include <QPalette>
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

// The same hue in a window of `palette`, shaded until it reaches `minimum` on the window and
// on the base colour (cards, tiles): lines, dots and meters need 3:1, text 4.5:1 (WCAG 2.1
// AA). The tray icon keeps metricColor(metric): a panel's colour is not the window's.
inline QColor metricColor(Metric metric, const QPalette &palette, double minimum = contrast::Graphics)
{
    return contrast::readable(metricColor(metric), {palette.color(QPalette::Window), palette.color(QPalette::Base)},
                              minimum);
}

} // namespace ziggie::ui
