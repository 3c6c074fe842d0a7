#pragma once
// Linux reader: one /proc/[pid]/stat per process per pass (CPU time, start time, state,
// RSS are all in it), and /proc/[pid]/cmdline only for a new process whose comm may have
// been cut (see chooseDisplayName). The root is a parameter so tests read fixture trees
// (tests/data/proctree/<case>/<pid>/stat) instead of /proc.

#include "processreader.h"

#include <dirent.h>

#include <string>

namespace ziggie::processes {

class LinuxProcessReader final : public ProcessReader
{
public:
    // `ticksPerSecond` and `pageSize` default to this machine's (sysconf) when 0.
    explicit LinuxProcessReader(std::string root = "/proc", long ticksPerSecond = 0, long pageSize = 0);
    ~LinuxProcessReader() override;
    LinuxProcessReader(const LinuxProcessReader &) = delete;
    LinuxProcessReader &operator=(const LinuxProcessReader &) = delete;

    std::uint64_t cpuTimeUnitsPerSecond() const override { return m_ticksPerSecond; }
    bool forEachProcess(ProcessVisitor &visitor, std::string &error) override;
    std::string_view displayName(const ProcessRecord &record, std::span<char> scratch) override;

private:
    std::string m_root;
    std::uint64_t m_ticksPerSecond;
    std::uint64_t m_pageSize;
    DIR *m_dir = nullptr; // kept open: rewound each pass instead of opened again
    // Of the process being visited, for displayName().
    bool m_visitingKernelThread = false;
};

} // namespace ziggie::processes
