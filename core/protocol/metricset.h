#pragma once
// Some of the metrics: what a client subscribed to, and so which parts a system_stats
// message carries. A value type of a few bits, cheap to keep per client.

#include "metric.h"

#include <initializer_list>

namespace ziggie {

class MetricSet final
{
public:
    // Each set has its own index() below Count: the server builds one frame per set and tick.
    static constexpr int Count = 1 << AllMetrics.size();

    constexpr MetricSet() = default;
    constexpr MetricSet(std::initializer_list<Metric> metrics)
    {
        for (const Metric metric : metrics)
            insert(metric);
    }
    static constexpr MetricSet all() { return MetricSet{Metric::Cpu, Metric::Memory, Metric::Disk}; }

    constexpr void insert(Metric metric) { m_bits |= bit(metric); }
    constexpr bool contains(Metric metric) const { return (m_bits & bit(metric)) != 0; }
    constexpr bool isEmpty() const { return m_bits == 0; }
    constexpr int index() const { return m_bits; }

    constexpr bool operator==(const MetricSet &) const = default;

private:
    static constexpr quint8 bit(Metric metric) { return static_cast<quint8>(1u << static_cast<unsigned>(metric)); }

    quint8 m_bits = 0;
};

} // namespace ziggie
