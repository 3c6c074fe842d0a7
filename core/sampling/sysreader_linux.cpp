// Linux backend: /proc/stat, /proc/meminfo and statvfs. Parsing lives in procparse.cpp.
#include "procparse.h"
#include "sysreader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ziggie::sys {

namespace {

std::optional<std::string> readFile(const char *path, std::string &error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::string("cannot read ") + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A /proc file read every tick: opened once and read again from offset 0, which costs one
// syscall instead of three and keeps working when the process runs out of descriptors.
class KeptOpen
{
public:
    explicit KeptOpen(const char *path)
        : m_path(path)
    {
    }
    ~KeptOpen()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    KeptOpen(const KeptOpen &) = delete;
    KeptOpen &operator=(const KeptOpen &) = delete;

    std::optional<std::string> read(std::string &error)
    {
        if (m_fd < 0)
            m_fd = ::open(m_path, O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            error = std::string("cannot read ") + m_path + ": " + std::strerror(errno);
            return std::nullopt;
        }
        std::string text;
        char buffer[8192];
        for (off_t at = 0;;) {
            const ssize_t n = ::pread(m_fd, buffer, sizeof buffer, at);
            if (n < 0) {
                error = std::string("cannot read ") + m_path + ": " + std::strerror(errno);
                ::close(m_fd);
                m_fd = -1;
                return std::nullopt;
            }
            if (n == 0)
                return text;
            text.append(buffer, std::size_t(n));
            at += n;
        }
    }

private:
    const char *m_path;
    int m_fd = -1;
};

} // namespace

std::optional<CpuTimes> readCpuTimes(std::string &error)
{
    static KeptOpen file("/proc/stat");
    const auto text = file.read(error);
    if (!text)
        return std::nullopt;
    auto times = parseProcStat(*text);
    if (!times)
        error = "/proc/stat has no aggregate cpu line";
    return times;
}

std::optional<MemoryInfo> readMemory(std::string &error)
{
    static KeptOpen file("/proc/meminfo");
    const auto text = file.read(error);
    if (!text)
        return std::nullopt;
    auto info = parseMeminfo(*text);
    if (!info)
        error = "/proc/meminfo lacks MemTotal or MemFree";
    return info;
}

std::optional<DiskInfo> readDisk(const std::string &path, std::string &error)
{
    struct statvfs st{};
    if (::statvfs(path.c_str(), &st) != 0) {
        error = "cannot stat " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    const std::uint64_t unit = st.f_frsize ? st.f_frsize : st.f_bsize;
    const std::uint64_t total = std::uint64_t(st.f_blocks) * unit;
    const std::uint64_t freeForRoot = std::uint64_t(st.f_bfree) * unit;
    const std::uint64_t freeForUser = std::uint64_t(st.f_bavail) * unit;
    return DiskInfo{total, total >= freeForRoot ? total - freeForRoot : 0, freeForUser};
}

std::optional<OwnProcess> readOwnProcess(std::string &error)
{
    const auto text = readFile("/proc/self/stat", error);
    if (!text)
        return std::nullopt;
    auto own = parseOwnStat(*text, ::sysconf(_SC_CLK_TCK), ::sysconf(_SC_PAGESIZE));
    if (!own) {
        error = "/proc/self/stat is not as expected";
        return std::nullopt;
    }
    if (DIR *fds = ::opendir("/proc/self/fd")) {
        std::int64_t n = 0;
        while (const dirent *entry = ::readdir(fds))
            n += entry->d_name[0] != '.' ? 1 : 0;
        ::closedir(fds);
        own->openFds = n - 1; // not the one opendir itself holds
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        own->maxFds = std::int64_t(limit.rlim_cur);
    return own;
}

std::string systemDiskPath()
{
    return "/";
}

} // namespace ziggie::sys
