#pragma once
// Linux reader: one /proc/[pid]/stat per process per pass (CPU time, start time, state,
// RSS are all in it), and /proc/[pid]/cmdline only for a new process whose comm may have
// been cut (see chooseDisplayName). The root is a parameter so tests read fixture trees
// (tests/data/proctree/<case>/<pid>/stat) instead of /proc.
//
// Opening a stat file costs as much as generating it, so the descriptors stay open from
// pass to pass and are read again from offset 0: one pread per process instead of
// openat, read and close. A descriptor belongs to the process it was opened on: once that
// process is gone it reads ESRCH, even if its pid was given to another, and is replaced.
// Each costs one descriptor and about 4 KiB of kernel memory (the seq_file buffer), so
// only a bounded number are kept; the rest are opened and closed each pass.

#include "processreader.h"

#include <dirent.h>

#include <string>
#include <vector>

namespace ziggie::processes {

class LinuxProcessReader final : public ProcessReader
{
public:
    // Without a `keepOpen`: 1,024 descriptors, or an eighth of RLIMIT_NOFILE if less.
    static constexpr std::size_t DefaultKeepOpen = std::size_t(-1);

    // `ticksPerSecond` and `pageSize` default to this machine's (sysconf) when 0.
    explicit LinuxProcessReader(std::string root = "/proc", long ticksPerSecond = 0, long pageSize = 0,
                                std::size_t keepOpen = DefaultKeepOpen);
    ~LinuxProcessReader() override;
    LinuxProcessReader(const LinuxProcessReader &) = delete;
    LinuxProcessReader &operator=(const LinuxProcessReader &) = delete;

    std::uint64_t cpuTimeUnitsPerSecond() const override { return m_ticksPerSecond; }
    bool forEachProcess(ProcessVisitor &visitor, std::string &error) override;
    std::string_view displayName(const ProcessRecord &record, std::span<char> scratch) override;

    // Stat descriptors held open until the next pass.
    std::size_t keptOpen() const { return m_kept.size(); }

private:
    struct Kept
    {
        std::uint32_t pid;
        int fd;
    };
    int takeKept(std::uint32_t pid);
    void finishPass();

    std::string m_root;
    std::uint64_t m_ticksPerSecond;
    std::uint64_t m_pageSize;
    std::size_t m_keepOpenLimit;
    DIR *m_dir = nullptr; // kept open: rewound each pass instead of opened again
    std::vector<Kept> m_kept;     // from the previous pass, sorted by pid
    std::vector<Kept> m_keptNext; // filled by this pass
    // Of the process being visited, for displayName().
    bool m_visitingKernelThread = false;
};

} // namespace ziggie::processes
