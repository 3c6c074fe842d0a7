#pragma once
// Which processes use the machine: one pass over the process table per tick, giving the
// process count and the top N by CPU over the interval and by resident memory.
//
// Owned by the sampler, which calls scan() once per tick on its own thread. Between scans
// it keeps one small entry per live process (pid, start time, CPU time, name: about
// 90 bytes, no heap per entry); every scan rebuilds that cache from what it saw, so
// processes that exited are gone the next tick and memory follows the number of live
// processes, not how many ever ran.

#include "processname.h"
#include "processreader.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ziggie::processes {

struct ProcessUsage
{
    std::uint32_t pid = 0;
    std::string name;
    // Percent of ONE CPU over the interval, like top: 100 is one full core, a process
    // with threads on several cores goes past 100.
    double cpuPercent = 0.0;
    std::uint64_t residentBytes = 0;
};

struct ProcessSnapshot
{
    std::uint32_t count = 0;      // processes in the table, unreadable ones included
    std::uint32_t unreadable = 0; // listed but not readable: counted, never in the lists
    // Seconds since the previous scan; 0 on the first scan, which has no CPU figures.
    double intervalSeconds = 0.0;
    // Highest first, at most N each. topCpu holds only processes that used CPU in the
    // interval; topMemory only those with resident memory (not kernel threads, zombies).
    std::vector<ProcessUsage> topCpu;
    std::vector<ProcessUsage> topMemory;
};

class ProcessScanner final
{
public:
    using Clock = std::chrono::steady_clock;

    ProcessScanner() = default;
    ProcessScanner(const ProcessScanner &) = delete;
    ProcessScanner &operator=(const ProcessScanner &) = delete;

    // One pass: `now` is when it is taken (tests pass made-up times; the interval is
    // now minus the previous scan's now). Ask for the largest N any consumer serves: the
    // first 5 of a top 10 are the top 5. On failure returns nothing, fills `error` and
    // keeps the previous scan as the base of the next interval.
    std::optional<ProcessSnapshot> scan(ProcessReader &reader, Clock::time_point now, std::size_t topN,
                                        std::string &error);
    std::optional<ProcessSnapshot> scan(ProcessReader &reader, std::size_t topN, std::string &error)
    {
        return scan(reader, Clock::now(), topN, error);
    }

    // Forget every process: the next scan is a first scan again.
    void reset();

    // What the cache holds between scans, for the benchmark and tests.
    std::size_t cachedProcesses() const { return m_previous.size(); }
    std::size_t cacheBytes() const;

private:
    struct Entry
    {
        std::uint32_t pid = 0;
        std::uint64_t startTime = 0;
        std::uint64_t cpuTime = 0;
        std::uint64_t residentBytes = 0;
        double cpuPercent = 0.0;
        ProcessName name;
    };
    class Collector;

    const Entry *previous(std::uint32_t pid) const;
    void select(std::vector<ProcessUsage> &out, std::size_t topN, bool byCpu);

    std::vector<Entry> m_previous; // sorted by pid
    std::vector<Entry> m_current;  // filled by a scan, then swapped into m_previous
    std::vector<std::uint32_t> m_order; // scratch for the top-N selection
    std::optional<Clock::time_point> m_previousTime;
};

} // namespace ziggie::processes
