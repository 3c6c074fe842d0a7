// OS-independent arithmetic shared by every sysreader backend.
#include "sysreader.h"

#include <algorithm>

namespace ziggie::sys {

namespace {
double clampPercent(double v)
{
    return std::clamp(v, 0.0, 100.0);
}
} // namespace

std::optional<double> cpuPercent(const CpuTimes &previous, const CpuTimes &current)
{
    if (current.total <= previous.total || current.busy < previous.busy)
        return std::nullopt;
    const double totalDelta = double(current.total - previous.total);
    const double busyDelta = double(current.busy - previous.busy);
    return clampPercent(busyDelta / totalDelta * 100.0);
}

double memoryPercent(const MemoryInfo &m)
{
    if (m.total == 0)
        return 0.0;
    const double inUse = m.available >= m.total ? 0.0 : double(m.total - m.available);
    return clampPercent(inUse / double(m.total) * 100.0);
}

double diskPercent(const DiskInfo &d)
{
    const double denominator = double(d.used) + double(d.availableToUser);
    if (denominator <= 0.0)
        return 0.0;
    return clampPercent(double(d.used) / denominator * 100.0);
}

} // namespace ziggie::sys
