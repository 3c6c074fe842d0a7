#include "metric.h"

#include <QString>

namespace ziggie {

QLatin1StringView metricKey(Metric metric)
{
    switch (metric) {
    case Metric::Cpu:
        return QLatin1StringView("cpu");
    case Metric::Memory:
        return QLatin1StringView("memory");
    case Metric::Disk:
        return QLatin1StringView("disk");
    }
    return {};
}

std::optional<Metric> metricFromKey(QStringView key)
{
    for (const Metric metric : AllMetrics) {
        if (key == metricKey(metric))
            return metric;
    }
    return std::nullopt;
}

QString metricKeys()
{
    QString list;
    for (const Metric metric : AllMetrics)
        list += (list.isEmpty() ? QString() : QStringLiteral(", ")) + metricKey(metric);
    return list;
}

double metricPercent(const Sample &sample, Metric metric)
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

} // namespace ziggie
