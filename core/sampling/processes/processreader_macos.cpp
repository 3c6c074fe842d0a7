// macOS reader: proc_listpids for the table, then one proc_pidinfo(PROC_PIDTASKALLINFO)
// per process, which returns the BSD part (start time, status, names) and the Mach task
// part (CPU times, resident size) together, so identity and figures come from one call.
//
// Written from Apple's <libproc.h> and <sys/proc_info.h>; NOT compiled or run on a Mac in
// CI (docs/processes.md). Known limits: without root, proc_pidinfo refuses task info of
// other users' processes (EPERM), so those are counted as unreadable; zombies have no
// task and fail the same way.
#include "processreader.h"

#include <libproc.h>
#include <mach/mach_time.h>
#include <sys/proc_info.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

namespace ziggie::processes {

namespace {

std::string_view fixedString(const char *text, std::size_t capacity)
{
    return {text, ::strnlen(text, capacity)};
}

class MacProcessReader final : public ProcessReader
{
public:
    MacProcessReader()
    {
        // pti_total_user and pti_total_system are in Mach absolute time units: nanoseconds
        // on Intel (timebase 1/1), 125/3 ns on Apple silicon. Units per second =
        // 10^9 * denom / numer (24,000,000 on Apple silicon).
        mach_timebase_info_data_t timebase{};
        if (mach_timebase_info(&timebase) == KERN_SUCCESS && timebase.numer != 0 && timebase.denom != 0)
            m_unitsPerSecond = 1'000'000'000ull * timebase.denom / timebase.numer;
    }

    std::uint64_t cpuTimeUnitsPerSecond() const override { return m_unitsPerSecond; }

    bool forEachProcess(ProcessVisitor &visitor, std::string &error) override
    {
        // The table can grow between asking its size and reading it: leave headroom and
        // retry while the answer fills the whole buffer.
        for (int attempt = 0;; ++attempt) {
            const int needed = proc_listpids(PROC_ALL_PIDS, 0, nullptr, 0);
            if (needed <= 0) {
                error = std::string("proc_listpids failed: ") + std::strerror(errno);
                return false;
            }
            std::size_t slots = std::size_t(needed) / sizeof(pid_t) + 64;
            if (attempt > 0)
                slots = std::max(slots, m_pids.size() * 2);
            if (m_pids.size() < slots)
                m_pids.resize(slots);
            const int bytes = proc_listpids(PROC_ALL_PIDS, 0, m_pids.data(), int(m_pids.size() * sizeof(pid_t)));
            if (bytes <= 0) {
                error = std::string("proc_listpids failed: ") + std::strerror(errno);
                return false;
            }
            m_count = std::size_t(bytes) / sizeof(pid_t);
            if (m_count < m_pids.size() || attempt == 2)
                break;
        }

        for (std::size_t i = 0; i < m_count; ++i) {
            const pid_t pid = m_pids[i];
            if (pid <= 0) // pid 0 is kernel_task, its task info needs root; and unused slots
                continue;
            proc_taskallinfo info{};
            const int size = proc_pidinfo(pid, PROC_PIDTASKALLINFO, 0, &info, int(sizeof info));
            if (size != int(sizeof info)) {
                if (errno != ESRCH) // ESRCH: it exited after the listing
                    visitor.unreadable();
                continue;
            }
            ProcessRecord record;
            record.pid = std::uint32_t(pid);
            record.startTime = info.pbsd.pbi_start_tvsec * 1'000'000ull + info.pbsd.pbi_start_tvusec;
            record.cpuTime = info.ptinfo.pti_total_user + info.ptinfo.pti_total_system;
            record.residentBytes = info.ptinfo.pti_resident_size;
            // What proc_name() returns: the long name when one is registered, else comm.
            const std::string_view name = fixedString(info.pbsd.pbi_name, sizeof info.pbsd.pbi_name);
            record.shortName = name.empty() ? fixedString(info.pbsd.pbi_comm, sizeof info.pbsd.pbi_comm) : name;
            visitor.process(record);
        }
        return true;
    }

    std::string_view displayName(const ProcessRecord &record, std::span<char>) override
    {
        return record.shortName;
    }

private:
    std::uint64_t m_unitsPerSecond = 1'000'000'000;
    std::vector<pid_t> m_pids; // reused: grows to the largest table seen, no allocation per pass
    std::size_t m_count = 0;
};

} // namespace

std::unique_ptr<ProcessReader> systemProcessReader()
{
    return std::make_unique<MacProcessReader>();
}

} // namespace ziggie::processes
