#pragma once
// The series that history keeps of each sample, named by their place in a system_stats message
// ("cpu.usage", "memory.used_gb", …) and valued in hundredths — exactly what the wire carries,
// so a stored point reads back as the numbers the dashboards saw. New metrics add names here;
// the store gives each new name a row of its own, so nothing stored before changes.

#include "sample.h"

#include <QByteArray>
#include <QList>

namespace ziggie::storage {

struct SeriesValue
{
    QByteArray name;
    qint64 hundredths = 0;
};

QList<SeriesValue> seriesOf(const Sample &sample);

// Hundredths back to the number they stand for.
inline double fromHundredths(qint64 value)
{
    return double(value) / 100.0;
}
qint64 toHundredths(double value);

} // namespace ziggie::storage
