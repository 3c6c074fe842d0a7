#include "processreader_linux.h"

#include "processparse.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

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

Outcome failure(int error)
{
    return classifyReadError(error) == ReadFailure::Vanished ? Outcome::Vanished : Outcome::Unreadable;
}

// The whole file from offset 0, or as much as fits. /proc generates a file whole on each
// read, so a read that leaves room is the end: asking again to see 0 would cost a second
// syscall per process per tick.
Outcome readFrom(int fd, std::span<char> buffer, std::size_t &size)
{
    size = 0;
    while (size < buffer.size()) {
        const std::size_t wanted = buffer.size() - size;
        const ssize_t n = ::pread(fd, buffer.data() + size, wanted, off_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return failure(errno);
        }
        size += std::size_t(n);
        if (n == 0 || std::size_t(n) < wanted)
            break;
    }
    // An empty stat or cmdline: the process was reaped while being read.
    return Outcome::Read;
}

int openIn(int dirFd, const RelativePath &path)
{
    return ::openat(dirFd, path.text, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

// Opened, read and closed: for files read once per process.
Outcome readOnce(int dirFd, const RelativePath &path, std::span<char> buffer, std::size_t &size)
{
    size = 0;
    const int fd = openIn(dirFd, path);
    if (fd < 0)
        return failure(errno);
    const Outcome outcome = readFrom(fd, buffer, size);
    ::close(fd);
    return outcome;
}

std::size_t defaultKeepOpen()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return 1024;
    return std::min<std::size_t>(1024, std::size_t(limit.rlim_cur / 8));
}

} // namespace

LinuxProcessReader::LinuxProcessReader(std::string root, long ticksPerSecond, long pageSize, std::size_t keepOpen)
    : m_root(std::move(root))
    , m_ticksPerSecond(std::uint64_t(ticksPerSecond > 0 ? ticksPerSecond : ::sysconf(_SC_CLK_TCK)))
    , m_pageSize(std::uint64_t(pageSize > 0 ? pageSize : ::sysconf(_SC_PAGESIZE)))
    , m_keepOpenLimit(keepOpen == DefaultKeepOpen ? defaultKeepOpen() : keepOpen)
{
}

LinuxProcessReader::~LinuxProcessReader()
{
    for (const Kept &kept : m_kept)
        ::close(kept.fd);
    if (m_dir)
        ::closedir(m_dir);
}

int LinuxProcessReader::takeKept(std::uint32_t pid)
{
    const auto it = std::lower_bound(m_kept.begin(), m_kept.end(), pid,
                                     [](const Kept &k, std::uint32_t p) { return k.pid < p; });
    if (it == m_kept.end() || it->pid != pid || it->fd < 0)
        return -1;
    return std::exchange(it->fd, -1);
}

void LinuxProcessReader::finishPass()
{
    // What was not taken again belongs to processes that are gone.
    for (const Kept &kept : m_kept)
        if (kept.fd >= 0)
            ::close(kept.fd);
    m_kept.swap(m_keptNext);
    m_keptNext.clear();
    const auto byPid = [](const Kept &a, const Kept &b) { return a.pid < b.pid; };
    if (!std::is_sorted(m_kept.begin(), m_kept.end(), byPid)) // /proc lists in pid order, fixtures need not
        std::sort(m_kept.begin(), m_kept.end(), byPid);
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
            const int listError = errno;
            finishPass();
            if (listError == 0)
                return true;
            error = "cannot list " + m_root + ": " + std::strerror(listError);
            return false;
        }
        const auto pid = parsePid(entry->d_name);
        if (!pid)
            continue;
        std::size_t size = 0;
        Outcome outcome = Outcome::Vanished;
        int fd = takeKept(*pid);
        if (fd >= 0) {
            outcome = readFrom(fd, buffer, size);
            if (outcome != Outcome::Read || size == 0) {
                // Its process is gone; the pid may already name another one.
                ::close(fd);
                fd = -1;
            }
        }
        if (fd < 0) {
            fd = openIn(dirFd, RelativePath(*pid, "stat"));
            outcome = fd >= 0 ? readFrom(fd, buffer, size) : failure(errno);
        }
        if (fd >= 0) {
            if (outcome == Outcome::Read && size > 0 && m_keptNext.size() < m_keepOpenLimit)
                m_keptNext.push_back({*pid, fd});
            else
                ::close(fd);
        }
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
    if (readOnce(::dirfd(m_dir), RelativePath(record.pid, "cmdline"), scratch, size) != Outcome::Read)
        size = 0;
    return chooseDisplayName(record.shortName, std::string_view(scratch.data(), size));
}

std::unique_ptr<ProcessReader> systemProcessReader()
{
    return std::make_unique<LinuxProcessReader>();
}

} // namespace ziggie::processes
