// Windows backend: per-processor times from ntdll, the paging file as swap, interfaces from
// GetIfTable2, the battery from GetSystemPowerStatus. Plain Win32 so it cross-compiles with
// mingw-w64 and runs under Wine in the test suite (tests/windows/machine.cmake). Windows has
// no load average; disk I/O counters need a handle and an IOCTL per disk and temperatures
// need WMI (administrator, and often nothing behind it): those stay absent (docs/metrics.md).
#include "machinesource.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2ipdef.h> // before iphlpapi.h: MIB_IF_ROW2 and GetIfTable2 need it
#include <windows.h>
#include <iphlpapi.h>
#include <netioapi.h>

#include <algorithm>
#include <new>

namespace ziggie::machine {

namespace {

// SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION as ntdll fills it (winternl.h hides the last fields).
struct ProcessorTimes
{
    LARGE_INTEGER idle;
    LARGE_INTEGER kernel; // includes idle
    LARGE_INTEGER user;
    LARGE_INTEGER dpc;       // inside kernel already
    LARGE_INTEGER interrupt; // inside kernel already
    ULONG interruptCount;
};

constexpr ULONG kSystemProcessorPerformanceInformation = 8;
using NtQuerySystemInformationFn = LONG(WINAPI *)(ULONG, PVOID, ULONG, PULONG);

// ntdll's entry points are not in the import libraries mingw links by default, and the
// documented way to call this one is to look it up at run time.
NtQuerySystemInformationFn lookUpQuery()
{
    const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (!ntdll)
        return nullptr;
    const FARPROC proc = GetProcAddress(ntdll, "NtQuerySystemInformation");
    // Through void(*)(): the one function pointer type GCC lets stand for any other.
    return reinterpret_cast<NtQuerySystemInformationFn>(reinterpret_cast<void (*)()>(proc));
}

std::string utf8(const wchar_t *wide)
{
    const int length = WideCharToMultiByte(CP_UTF8, 0, wide, -1, nullptr, 0, nullptr, nullptr);
    if (length <= 1)
        return {};
    std::string out(std::size_t(length), '\0');
    if (WideCharToMultiByte(CP_UTF8, 0, wide, -1, out.data(), length, nullptr, nullptr) != length)
        return {};
    out.pop_back(); // the terminating NUL
    return out;
}

std::string failed(const char *call, unsigned long code)
{
    return std::string(call) + " failed (error " + std::to_string(code) + ")";
}

class WindowsMachineSource final : public MachineSource
{
public:
    MachineCounters read() override
    {
        MachineCounters c;
        try {
            readCores(c);
            readSwap(c);
            readInterfaces(c);
            readBattery(c);
        } catch (const std::bad_alloc &) {
            c.faults.push_back("out of memory");
        }
        return c;
    }

private:
    void readCores(MachineCounters &c)
    {
        if (!m_query) {
            c.faults.push_back("ntdll has no NtQuerySystemInformation");
            return;
        }
        // One processor group (up to 64 logical CPUs): the class answers for the caller's group.
        std::vector<ProcessorTimes> times(64);
        ULONG returned = 0;
        const LONG status = m_query(kSystemProcessorPerformanceInformation, times.data(),
                                    ULONG(times.size() * sizeof(ProcessorTimes)), &returned);
        if (status < 0) {
            c.faults.push_back(failed("NtQuerySystemInformation(SystemProcessorPerformanceInformation)",
                                      static_cast<unsigned long>(status)));
            return;
        }
        const std::size_t count = std::min<std::size_t>(returned / sizeof(ProcessorTimes), times.size());
        for (std::size_t i = 0; i < count; ++i) {
            const auto idle = std::uint64_t(times[i].idle.QuadPart);
            const auto kernel = std::uint64_t(times[i].kernel.QuadPart);
            const auto user = std::uint64_t(times[i].user.QuadPart);
            if (kernel < idle)
                continue; // not a reading to trust; the CPU is measured again next time
            c.cores.push_back({unsigned(i), kernel - idle + user, idle, 0});
        }
    }

    static void readSwap(MachineCounters &c)
    {
        MEMORYSTATUSEX status{};
        status.dwLength = sizeof(status);
        if (!GlobalMemoryStatusEx(&status)) {
            c.faults.push_back(failed("GlobalMemoryStatusEx", GetLastError()));
            return;
        }
        // psutil 5.9: the commit limit counts RAM too, so the paging file is what lies beyond it.
        const std::uint64_t total =
            status.ullTotalPageFile > status.ullTotalPhys ? status.ullTotalPageFile - status.ullTotalPhys : 0;
        const std::uint64_t free =
            status.ullAvailPageFile > status.ullAvailPhys ? status.ullAvailPageFile - status.ullAvailPhys : 0;
        c.swap = SwapInfo{total, std::min(free, total)};
    }

    static void readInterfaces(MachineCounters &c)
    {
        MIB_IF_TABLE2 *table = nullptr;
        const DWORD result = GetIfTable2(&table);
        if (result != NO_ERROR || !table) {
            c.faults.push_back(failed("GetIfTable2", result));
            return;
        }
        std::vector<InterfaceCounters> interfaces;
        try {
            interfaces.reserve(table->NumEntries);
            for (ULONG i = 0; i < table->NumEntries; ++i) {
                const MIB_IF_ROW2 &row = table->Table[i];
                std::string name = utf8(row.Alias);
                if (name.empty())
                    continue;
                // A NIC appears once per filter driver bound to it (QoS, WFP): only the row of
                // the hardware itself counts, or its bytes would be summed several times.
                const bool physical = row.InterfaceAndOperStatusFlags.HardwareInterface
                                      && !row.InterfaceAndOperStatusFlags.FilterInterface
                                      && row.Type != IF_TYPE_SOFTWARE_LOOPBACK;
                interfaces.push_back({std::move(name), row.InOctets, row.OutOctets, physical});
            }
        } catch (...) {
            FreeMibTable(table);
            throw;
        }
        FreeMibTable(table);
        c.interfaces = std::move(interfaces);
    }

    static void readBattery(MachineCounters &c)
    {
        SYSTEM_POWER_STATUS status{};
        if (!GetSystemPowerStatus(&status)) {
            c.faults.push_back(failed("GetSystemPowerStatus", GetLastError()));
            return;
        }
        constexpr BYTE kNoBattery = 128, kUnknown = 255, kCharging = 8;
        if (status.BatteryFlag == kNoBattery || status.BatteryFlag == kUnknown || status.BatteryLifePercent > 100)
            return; // a desktop: no battery is not a fault
        Battery battery;
        battery.percent = status.BatteryLifePercent;
        if (status.ACLineStatus == 0 || status.ACLineStatus == 1)
            battery.powerPlugged = status.ACLineStatus == 1;
        if (status.BatteryFlag & kCharging)
            battery.state = BatteryState::Charging;
        else if (status.ACLineStatus == 0)
            battery.state = BatteryState::Discharging;
        else if (status.ACLineStatus == 1)
            battery.state = status.BatteryLifePercent == 100 ? BatteryState::Full : BatteryState::NotCharging;
        c.battery = battery;
    }

    NtQuerySystemInformationFn m_query = lookUpQuery();
};

} // namespace

std::unique_ptr<MachineSource> makeOsMachineSource(const OsSourceOptions &)
{
    return std::make_unique<WindowsMachineSource>();
}

} // namespace ziggie::machine
