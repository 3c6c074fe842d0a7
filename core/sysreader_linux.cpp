// Linux backend: /proc/stat, /proc/meminfo and statvfs. Parsing lives in procparse.cpp.
#include "procparse.h"
#include "sysreader.h"

#include <sys/statvfs.h>

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

} // namespace

std::optional<CpuTimes> readCpuTimes(std::string &error)
{
    const auto text = readFile("/proc/stat", error);
    if (!text)
        return std::nullopt;
    auto times = parseProcStat(*text);
    if (!times)
        error = "/proc/stat has no aggregate cpu line";
    return times;
}

std::optional<MemoryInfo> readMemory(std::string &error)
{
    const auto text = readFile("/proc/meminfo", error);
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

std::string systemDiskPath()
{
    return "/";
}

} // namespace ziggie::sys
