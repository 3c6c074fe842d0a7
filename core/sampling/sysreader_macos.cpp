// macOS backend of the sysreader interface: Mach host statistics, sysctl and statfs.
// Definitions follow psutil's macOS module so numbers match the backend this program
// replaces. Reviewed against Apple's headers but not compiled or run in CI (docs/platforms.md).
#include "sysreader.h"

#include <mach/host_info.h>
#include <mach/mach.h>
#include <mach/mach_error.h>
#include <mach/mach_host.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/param.h>
#include <sys/sysctl.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace ziggie::sys {

namespace {

// The host port is a send right: give it back after each query so readings do not leak rights.
class HostPort final
{
public:
    HostPort() : m_port(mach_host_self()) {}
    ~HostPort()
    {
        if (m_port != MACH_PORT_NULL)
            mach_port_deallocate(mach_task_self(), m_port);
    }
    HostPort(const HostPort &) = delete;
    HostPort &operator=(const HostPort &) = delete;

    host_t get() const { return m_port; }

private:
    host_t m_port;
};

std::string machError(const char *call, kern_return_t code)
{
    return std::string(call) + " failed: " + mach_error_string(code);
}

std::string errnoError(const std::string &call, int code)
{
    return call + " failed: " + std::strerror(code);
}

} // namespace

std::optional<CpuTimes> readCpuTimes(std::string &error)
{
    HostPort host;
    if (host.get() == MACH_PORT_NULL) {
        error = "mach_host_self returned no port";
        return std::nullopt;
    }
    host_cpu_load_info_data_t load{};
    mach_msg_type_number_t count = HOST_CPU_LOAD_INFO_COUNT;
    const kern_return_t result =
        host_statistics(host.get(), HOST_CPU_LOAD_INFO, reinterpret_cast<host_info_t>(&load), &count);
    if (result != KERN_SUCCESS) {
        error = machError("host_statistics(HOST_CPU_LOAD_INFO)", result);
        return std::nullopt;
    }
    // Ticks summed over all CPUs, each a 32-bit counter: when one wraps the total goes
    // backwards once and cpuPercent() drops that single interval.
    const std::uint64_t user = load.cpu_ticks[CPU_STATE_USER];
    const std::uint64_t system = load.cpu_ticks[CPU_STATE_SYSTEM];
    const std::uint64_t nice = load.cpu_ticks[CPU_STATE_NICE];
    const std::uint64_t idle = load.cpu_ticks[CPU_STATE_IDLE];
    return CpuTimes{user + system + nice, user + system + nice + idle};
}

std::optional<MemoryInfo> readMemory(std::string &error)
{
    std::uint64_t total = 0;
    std::size_t totalSize = sizeof(total);
    if (sysctlbyname("hw.memsize", &total, &totalSize, nullptr, 0) != 0) {
        const int code = errno;
        error = errnoError("sysctl hw.memsize", code);
        return std::nullopt;
    }
    if (totalSize != sizeof(total) || total == 0) {
        error = "sysctl hw.memsize gave no usable size";
        return std::nullopt;
    }

    HostPort host;
    if (host.get() == MACH_PORT_NULL) {
        error = "mach_host_self returned no port";
        return std::nullopt;
    }
    // Page counts are in kernel pages; host_page_size gives that size (16 KiB on Apple
    // silicon, also for x86_64 processes under Rosetta), as vm_stat uses it.
    vm_size_t pageSize = 0;
    kern_return_t result = host_page_size(host.get(), &pageSize);
    if (result != KERN_SUCCESS) {
        error = machError("host_page_size", result);
        return std::nullopt;
    }
    if (pageSize == 0) {
        error = "host_page_size reported a zero page size";
        return std::nullopt;
    }
    vm_statistics64_data_t vm{};
    mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
    result = host_statistics64(host.get(), HOST_VM_INFO64, reinterpret_cast<host_info64_t>(&vm), &count);
    if (result != KERN_SUCCESS) {
        error = machError("host_statistics64(HOST_VM_INFO64)", result);
        return std::nullopt;
    }

    // psutil: available = inactive + free, used = active + wired (compressed memory is
    // in neither, so used + available < total).
    const std::uint64_t page = pageSize;
    std::uint64_t available = (std::uint64_t(vm.inactive_count) + vm.free_count) * page;
    std::uint64_t used = (std::uint64_t(vm.active_count) + vm.wire_count) * page;
    if (available > total)
        available = total;
    if (used > total)
        used = total;
    return MemoryInfo{total, available, used};
}

std::optional<DiskInfo> readDisk(const std::string &path, std::string &error)
{
    if (path.empty()) {
        error = "empty disk path";
        return std::nullopt;
    }
    // statfs, not statvfs: Darwin's statvfs has 32-bit block counts and scales them on
    // large volumes; statfs reports 64-bit counts of f_bsize-byte blocks.
    struct statfs st {};
    if (statfs(path.c_str(), &st) != 0) {
        const int code = errno;
        try {
            error = errnoError("statfs " + path, code);
        } catch (const std::bad_alloc &) {
            error.clear();
        }
        return std::nullopt;
    }
    const std::uint64_t blockSize = st.f_bsize;
    const std::uint64_t total = std::uint64_t(st.f_blocks) * blockSize;
    const std::uint64_t freeForRoot = std::uint64_t(st.f_bfree) * blockSize;
    const std::uint64_t availableToUser = std::uint64_t(st.f_bavail) * blockSize;
    // psutil.disk_usage: used = total - free (root's reserve counts as free, not used).
    const std::uint64_t used = freeForRoot < total ? total - freeForRoot : 0;
    return DiskInfo{total, used, availableToUser};
}

std::optional<OwnProcess> readOwnProcess(std::string &error)
{
    rusage usage{};
    if (::getrusage(RUSAGE_SELF, &usage) != 0) {
        error = errnoError("getrusage", errno);
        return std::nullopt;
    }
    mach_task_basic_info_data_t info{};
    mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
    const kern_return_t kr =
        task_info(mach_task_self(), MACH_TASK_BASIC_INFO, reinterpret_cast<task_info_t>(&info), &count);
    if (kr != KERN_SUCCESS) {
        error = machError("task_info", kr);
        return std::nullopt;
    }
    OwnProcess own;
    own.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                     + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    own.residentBytes = info.resident_size;
    own.virtualBytes = info.virtual_size;
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        own.maxFds = std::int64_t(limit.rlim_cur);
    return own;
}

std::string systemDiskPath()
{
    return "/";
}

} // namespace ziggie::sys
