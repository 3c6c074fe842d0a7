#pragma once
// Turns readings of a MachineSource into values over the interval: per-core busy percent,
// network and disk bytes per second, plus the instantaneous load, swap, temperatures and
// battery. Keeps the previous counters and the time they were read; the caller passes a
// monotonic clock reading so tests need no sleeps. Owned by the sampler, read once per tick
// from one thread; nothing here is shared.

#include "machinesource.h"
#include "machinetypes.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ziggie::machine {

class MachineReader final
{
public:
    using Clock = std::chrono::steady_clock;

    explicit MachineReader(std::unique_ptr<MachineSource> source = makeOsMachineSource());
    MachineReader(const MachineReader &) = delete;
    MachineReader &operator=(const MachineReader &) = delete;

    // Sum only these interfaces (exact names, virtual ones allowed) instead of the physical
    // ones; empty = the physical ones. Applies from the next read() on.
    void setInterfaces(std::vector<std::string> names);
    const std::vector<std::string> &interfaces() const { return m_interfaces; }

    // Reads every counter now. `now` is a monotonic reading (Clock::now().time_since_epoch()
    // in production); rates are over the time since the source's previous good reading, so a
    // source that failed for a tick is measured across the gap. The first read gives no rates
    // and no per-core values; one no later than the previous (a clock that stood still or
    // went back) gives no rates. Either way the reading becomes the new baseline. Per-core
    // values need no clock: the CPU counters measure their own interval.
    MachineExtras read(std::chrono::nanoseconds now);

    // The raw counters of the latest read(), for probes and diagnostics.
    const MachineCounters &lastCounters() const { return m_last; }

private:
    template <typename T>
    struct Baseline
    {
        T counters;
        std::chrono::nanoseconds at;
    };

    std::unique_ptr<MachineSource> m_source;
    std::vector<std::string> m_interfaces;
    MachineCounters m_last;
    std::optional<std::chrono::nanoseconds> m_lastAt;
    std::vector<CoreTimes> m_cores;
    std::optional<Baseline<std::vector<InterfaceCounters>>> m_net;
    std::optional<Baseline<std::vector<DiskCounters>>> m_disks;
    std::uint64_t m_rxTotal = 0;
    std::uint64_t m_txTotal = 0;
    std::uint64_t m_readTotal = 0;
    std::uint64_t m_writtenTotal = 0;
};

} // namespace ziggie::machine
