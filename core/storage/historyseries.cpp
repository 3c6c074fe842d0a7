#include "historyseries.h"

#include <cmath>

namespace ziggie::storage {

namespace {
constexpr double BytesPerGb = 1024.0 * 1024.0 * 1024.0;

double gb(quint64 bytes)
{
    return double(bytes) / BytesPerGb;
}
} // namespace

qint64 toHundredths(double value)
{
    return std::isfinite(value) ? qint64(std::llround(value * 100.0)) : 0;
}

QList<SeriesValue> seriesOf(const Sample &s)
{
    return {
        {"cpu.usage", toHundredths(s.cpuPercent)},
        {"memory.percent", toHundredths(s.memoryPercent)},
        {"memory.used_gb", toHundredths(gb(s.memoryUsed))},
        {"memory.total_gb", toHundredths(gb(s.memoryTotal))},
        {"disk.percent", toHundredths(s.diskPercent)},
        {"disk.used_gb", toHundredths(gb(s.diskUsed))},
        {"disk.total_gb", toHundredths(gb(s.diskTotal))},
    };
}

} // namespace ziggie::storage
