// macOS backend: per-CPU ticks from host_processor_info, the load average from getloadavg,
// swap from the vm.swapusage sysctl, interfaces from the NET_RT_IFLIST2 sysctl (64-bit byte
// counters: getifaddrs' if_data has 32-bit ones that wrap every 4 GiB). Disk I/O (IOKit
// IOBlockStorageDriver statistics), the battery (IOKit power sources) and SMC temperatures
// are not read: they stay absent (docs/metrics.md). Follows psutil's _psutil_osx.c; reviewed
// against Apple's headers but not compiled or run in CI (docs/platforms.md).
#include "machinerates.h"
#include "machinesource.h"

#include <mach/mach.h>
#include <mach/mach_error.h>
#include <mach/mach_host.h>
#include <mach/processor_info.h>
// BSD order: the socket headers before the net/ ones that use their types.
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_types.h>
#include <net/route.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ziggie::machine {

namespace {

std::string errnoText(const char *call)
{
    return std::string(call) + " failed: " + std::strerror(errno);
}

void readCores(MachineCounters &c)
{
    const host_t host = mach_host_self();
    natural_t cpuCount = 0;
    processor_info_array_t info = nullptr;
    mach_msg_type_number_t infoCount = 0;
    const kern_return_t kr = host_processor_info(host, PROCESSOR_CPU_LOAD_INFO, &cpuCount, &info, &infoCount);
    mach_port_deallocate(mach_task_self(), host);
    if (kr != KERN_SUCCESS) {
        c.faults.push_back(std::string("host_processor_info failed: ") + mach_error_string(kr));
        return;
    }
    const auto *load = reinterpret_cast<const processor_cpu_load_info_data_t *>(info);
    for (natural_t i = 0; i < cpuCount; ++i) {
        // 32-bit tick counters: when one wraps, coreBusyPercent() drops that one interval.
        const unsigned *ticks = load[i].cpu_ticks;
        c.cores.push_back({unsigned(i),
                           std::uint64_t(ticks[CPU_STATE_USER]) + ticks[CPU_STATE_SYSTEM] + ticks[CPU_STATE_NICE],
                           ticks[CPU_STATE_IDLE], 0});
    }
    vm_deallocate(mach_task_self(), reinterpret_cast<vm_address_t>(info), vm_size_t(infoCount) * sizeof(integer_t));
}

void readLoad(MachineCounters &c)
{
    double load[3] = {};
    if (::getloadavg(load, 3) != 3) {
        c.faults.push_back("getloadavg failed");
        return;
    }
    c.load = LoadAverage{load[0], load[1], load[2]};
}

void readSwap(MachineCounters &c)
{
    xsw_usage usage{};
    std::size_t size = sizeof(usage);
    if (::sysctlbyname("vm.swapusage", &usage, &size, nullptr, 0) != 0) {
        c.faults.push_back(errnoText("sysctl vm.swapusage"));
        return;
    }
    c.swap = SwapInfo{usage.xsu_total, usage.xsu_avail};
}

void readInterfaces(MachineCounters &c)
{
    int mib[] = {CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0};
    std::vector<char> buffer;
    std::size_t length = 0;
    // The table may grow between asking its size and reading it: retry a few times.
    for (int attempt = 0;; ++attempt) {
        if (::sysctl(mib, 6, nullptr, &length, nullptr, 0) != 0) {
            c.faults.push_back(errnoText("sysctl NET_RT_IFLIST2"));
            return;
        }
        length += length / 8 + 512;
        buffer.resize(length);
        if (::sysctl(mib, 6, buffer.data(), &length, nullptr, 0) == 0)
            break;
        if (errno != ENOMEM || attempt == 3) {
            c.faults.push_back(errnoText("sysctl NET_RT_IFLIST2"));
            return;
        }
    }
    std::vector<InterfaceCounters> interfaces;
    for (std::size_t at = 0; at + sizeof(if_msghdr) <= length;) {
        if_msghdr header{};
        std::memcpy(&header, buffer.data() + at, sizeof(header));
        if (header.ifm_msglen == 0 || at + header.ifm_msglen > length)
            break;
        if (header.ifm_type == RTM_IFINFO2 && header.ifm_msglen >= sizeof(if_msghdr2) + sizeof(sockaddr_dl)) {
            if_msghdr2 info{};
            std::memcpy(&info, buffer.data() + at, sizeof(info));
            sockaddr_dl link{};
            std::memcpy(&link, buffer.data() + at + sizeof(if_msghdr2), sizeof(link));
            // The name starts in sdl_data and may run past the struct's declared size.
            const std::size_t nameAt = at + sizeof(if_msghdr2) + offsetof(sockaddr_dl, sdl_data);
            if (link.sdl_nlen > 0 && nameAt + link.sdl_nlen <= at + header.ifm_msglen) {
                std::string name(buffer.data() + nameAt, link.sdl_nlen);
                // Wi-Fi and Ethernet are both IFT_ETHER; so are AirDrop's awdl0 and llw0,
                // which the name rules leave out.
                const bool physical = info.ifm_data.ifi_type == IFT_ETHER && looksPhysicalInterface(name);
                interfaces.push_back({std::move(name), info.ifm_data.ifi_ibytes, info.ifm_data.ifi_obytes, physical});
            }
        }
        at += header.ifm_msglen;
    }
    c.interfaces = std::move(interfaces);
}

class MacMachineSource final : public MachineSource
{
public:
    MachineCounters read() override
    {
        MachineCounters c;
        try {
            readCores(c);
            readLoad(c);
            readSwap(c);
            readInterfaces(c);
        } catch (const std::bad_alloc &) {
            c.faults.push_back("out of memory");
        }
        return c;
    }
};

} // namespace

std::unique_ptr<MachineSource> makeOsMachineSource(const OsSourceOptions &)
{
    return std::make_unique<MacMachineSource>();
}

} // namespace ziggie::machine
