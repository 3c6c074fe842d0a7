#include "processreader_linux.h"

#include "processparse.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace ziggie::processes {

namespace {

enum class Outcome { Read, Vanished, Unreadable };

// "<pid>/<file>" relative to the root's descriptor, without touching the heap.
struct RelativePath
{
    char text[32];
    RelativePath(std::uint32_t pid, const char *file)
    {
        auto [end, ec] = std::to_chars(text, text + 12, pid);
        (void)ec; // 10 digits at most: always fits
        *end++ = '/';
        std::strcpy(end, file); // "stat", "cmdline"
    }
};

// Reads the whole file (or as much as fits) into `buffer`: one open, usually one read.
Outcome readInto(int dirFd, const RelativePath &path, std::span<char> buffer, std::size_t &size)
{
    size = 0;
    const int fd = ::openat(dirFd, path.text, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return classifyReadError(errno) == ReadFailure::Vanished ? Outcome::Vanished : Outcome::Unreadable;
    Outcome outcome = Outcome::Read;
    while (size < buffer.size()) {
        const ssize_t n = ::read(fd, buffer.data() + size, buffer.size() - size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            outcome = classifyReadError(errno) == ReadFailure::Vanished ? Outcome::Vanished : Outcome::Unreadable;
            break;
        }
        if (n == 0)
            break;
        size += std::size_t(n);
    }
    ::close(fd);
    return outcome;
}

} // namespace

LinuxProcessReader::LinuxProcessReader(std::string root, long ticksPerSecond, long pageSize)
    : m_root(std::move(root))
    , m_ticksPerSecond(std::uint64_t(ticksPerSecond > 0 ? ticksPerSecond : ::sysconf(_SC_CLK_TCK)))
    , m_pageSize(std::uint64_t(pageSize > 0 ? pageSize : ::sysconf(_SC_PAGESIZE)))
{
}

LinuxProcessReader::~LinuxProcessReader()
{
    if (m_dir)
        ::closedir(m_dir);
}

bool LinuxProcessReader::forEachProcess(ProcessVisitor &visitor, std::string &error)
{
    if (m_dir) {
        ::rewinddir(m_dir);
    } else {
        m_dir = ::opendir(m_root.c_str());
        if (!m_dir) {
            error = "cannot list " + m_root + ": " + std::strerror(errno);
            return false;
        }
    }
    const int dirFd = ::dirfd(m_dir);
    // A stat line is about 300 bytes; a comm of 15 bytes keeps it far below this.
    char buffer[1024];
    for (;;) {
        errno = 0; // readdir() tells the end from a failure only through errno
        const dirent *entry = ::readdir(m_dir);
        if (!entry) {
            if (errno == 0)
                return true;
            error = "cannot list " + m_root + ": " + std::strerror(errno);
            return false;
        }
        const auto pid = parsePid(entry->d_name);
        if (!pid)
            continue;
        std::size_t size = 0;
        const Outcome outcome = readInto(dirFd, RelativePath(*pid, "stat"), buffer, size);
        if (outcome == Outcome::Vanished || (outcome == Outcome::Read && size == 0))
            continue; // exited between the listing and the read
        const auto stat = outcome == Outcome::Read ? parseProcessStat(std::string_view(buffer, size)) : std::nullopt;
        if (!stat) {
            visitor.unreadable();
            continue;
        }
        ProcessRecord record;
        record.pid = *pid;
        record.startTime = stat->startTime;
        record.cpuTime = stat->utime + stat->stime;
        record.residentBytes = stat->residentPages * m_pageSize;
        record.shortName = stat->comm;
        m_visitingKernelThread = (stat->flags & KernelThreadFlag) != 0 || stat->state == 'Z';
        visitor.process(record);
    }
}

std::string_view LinuxProcessReader::displayName(const ProcessRecord &record, std::span<char> scratch)
{
    // Kernel threads and zombies have no cmdline; a short comm was not cut: no read.
    if (m_visitingKernelThread || record.shortName.size() < CommMaxLength || !m_dir)
        return chooseDisplayName(record.shortName, {});
    std::size_t size = 0;
    if (readInto(::dirfd(m_dir), RelativePath(record.pid, "cmdline"), scratch, size) != Outcome::Read)
        size = 0;
    return chooseDisplayName(record.shortName, std::string_view(scratch.data(), size));
}

std::unique_ptr<ProcessReader> systemProcessReader()
{
    return std::make_unique<LinuxProcessReader>();
}

} // namespace ziggie::processes
