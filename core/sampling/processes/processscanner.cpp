#include "processscanner.h"

#include <algorithm>
#include <array>

namespace ziggie::processes {

class ProcessScanner::Collector final : public ProcessVisitor
{
public:
    Collector(ProcessScanner &scanner, ProcessReader &reader, double unitsPerInterval)
        : m_scanner(scanner)
        , m_reader(reader)
        , m_unitsPerInterval(unitsPerInterval)
    {
    }

    void process(const ProcessRecord &record) override
    {
        Entry &entry = m_scanner.m_current.emplace_back();
        entry.pid = record.pid;
        entry.startTime = record.startTime;
        entry.cpuTime = record.cpuTime;
        entry.residentBytes = record.residentBytes;

        const Entry *before = m_scanner.previous(record.pid);
        if (before && before->startTime == record.startTime) {
            entry.name = before->name;
            // A counter that went backwards is not this process's history: no figure.
            if (m_unitsPerInterval > 0 && record.cpuTime >= before->cpuTime)
                entry.cpuPercent = double(record.cpuTime - before->cpuTime) / m_unitsPerInterval * 100.0;
            return;
        }
        // New since the previous scan (or the pid was reused): it started within the
        // interval, so all of its CPU time was spent in it. That is what catches a
        // compiler that lives for one tick. The first scan has no interval: no figure.
        if (m_unitsPerInterval > 0)
            entry.cpuPercent = double(record.cpuTime) / m_unitsPerInterval * 100.0;
        std::array<char, 4096> scratch;
        entry.name.assign(m_reader.displayName(record, scratch));
        if (entry.name.empty())
            entry.name.assign("?");
    }

    void unreadable() override { ++unreadableCount; }

    std::uint32_t unreadableCount = 0;

private:
    ProcessScanner &m_scanner;
    ProcessReader &m_reader;
    double m_unitsPerInterval; // CPU time units in the interval; 0 when there is none
};

const ProcessScanner::Entry *ProcessScanner::previous(std::uint32_t pid) const
{
    const auto it = std::lower_bound(m_previous.begin(), m_previous.end(), pid,
                                     [](const Entry &e, std::uint32_t p) { return e.pid < p; });
    return it != m_previous.end() && it->pid == pid ? &*it : nullptr;
}

std::optional<ProcessSnapshot> ProcessScanner::scan(ProcessReader &reader, Clock::time_point now, std::size_t topN,
                                                    std::string &error)
{
    double seconds = 0.0;
    if (m_previousTime && now > *m_previousTime)
        seconds = std::chrono::duration<double>(now - *m_previousTime).count();
    const double unitsPerInterval = seconds * double(reader.cpuTimeUnitsPerSecond());

    m_current.clear();
    Collector collector(*this, reader, unitsPerInterval);
    if (!reader.forEachProcess(collector, error)) {
        m_current.clear();
        return std::nullopt;
    }

    // /proc lists in pid order already; a Toolhelp snapshot does not.
    const auto byPid = [](const Entry &a, const Entry &b) { return a.pid < b.pid; };
    if (!std::is_sorted(m_current.begin(), m_current.end(), byPid))
        std::sort(m_current.begin(), m_current.end(), byPid);
    m_current.erase(std::unique(m_current.begin(), m_current.end(),
                                [](const Entry &a, const Entry &b) { return a.pid == b.pid; }),
                    m_current.end());

    ProcessSnapshot snapshot;
    snapshot.count = std::uint32_t(m_current.size()) + collector.unreadableCount;
    snapshot.unreadable = collector.unreadableCount;
    snapshot.intervalSeconds = unitsPerInterval > 0 ? seconds : 0.0;
    select(snapshot.topCpu, topN, true);
    select(snapshot.topMemory, topN, false);

    // The cache is exactly what this scan saw: exited processes drop out here.
    m_previous.swap(m_current);
    m_current.clear();
    // Give back what a burst of processes grew, so memory follows the live count.
    // Either buffer may hold the burst: they take turns.
    if (std::max(m_previous.capacity(), m_current.capacity()) > 4 * std::max<std::size_t>(m_previous.size(), 256)) {
        m_previous.shrink_to_fit();
        m_current.shrink_to_fit();
        m_order.clear();
        m_order.shrink_to_fit();
    }
    m_previousTime = now;
    return snapshot;
}

void ProcessScanner::select(std::vector<ProcessUsage> &out, std::size_t topN, bool byCpu)
{
    m_order.clear();
    for (std::uint32_t i = 0; i < m_current.size(); ++i) {
        const Entry &e = m_current[i];
        if (byCpu ? e.cpuPercent > 0.0 : e.residentBytes > 0)
            m_order.push_back(i);
    }
    const std::size_t n = std::min(topN, m_order.size());
    // Ties go to the lower pid, so equal processes keep their order from tick to tick.
    const auto higher = [&](std::uint32_t a, std::uint32_t b) {
        const Entry &x = m_current[a];
        const Entry &y = m_current[b];
        if (byCpu ? x.cpuPercent != y.cpuPercent : x.residentBytes != y.residentBytes)
            return byCpu ? x.cpuPercent > y.cpuPercent : x.residentBytes > y.residentBytes;
        return x.pid < y.pid;
    };
    std::partial_sort(m_order.begin(), m_order.begin() + std::ptrdiff_t(n), m_order.end(), higher);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Entry &e = m_current[m_order[i]];
        out.push_back({e.pid, std::string(e.name.view()), e.cpuPercent, e.residentBytes});
    }
}

void ProcessScanner::reset()
{
    m_previous.clear();
    m_current.clear();
    m_previousTime.reset();
}

std::size_t ProcessScanner::cacheBytes() const
{
    return (m_previous.capacity() + m_current.capacity()) * sizeof(Entry)
        + m_order.capacity() * sizeof(std::uint32_t);
}

} // namespace ziggie::processes
