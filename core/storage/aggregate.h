#pragma once
// Min, average and maximum of a run of values, and how many there were: what every stored
// bucket keeps of every series so that no spike is averaged away. Values are hundredths
// (the two decimals the wire carries), exact in integers; the average is rounded on output.

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace ziggie::storage {

struct Aggregate
{
    qint64 n = 0;
    qint64 min = 0;
    qint64 max = 0;
    double sum = 0.0; // of the values (avg × n for merged buckets)

    void add(qint64 value) { merge(1, value, double(value), value); }

    // Another bucket of `count` values with these statistics.
    void merge(qint64 count, qint64 lowest, double average, qint64 highest)
    {
        if (count <= 0)
            return;
        min = n == 0 ? lowest : std::min(min, lowest);
        max = n == 0 ? highest : std::max(max, highest);
        sum += average * double(count);
        n += count;
    }

    qint64 average() const { return n == 0 ? 0 : qint64(std::llround(sum / double(n))); }
};

} // namespace ziggie::storage
