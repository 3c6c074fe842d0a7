#pragma once
// The machine beyond CPU, memory and disk space: what a backend reads (MachineCounters, raw
// cumulative counters of one moment) and what MachineReader hands the sampler (MachineExtras,
// values over the interval between two readings). Plain C++, no Qt, so every backend
// cross-compiles and the arithmetic is tested off-platform. Definitions follow psutil.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ziggie::machine {

// ---- Raw readings -----------------------------------------------------------------------

// Cumulative time of one logical CPU in the OS's own unit (USER_HZ ticks on Linux, 100 ns on
// Windows, ticks on macOS); only differences are used, so the unit cancels out.
struct CoreTimes
{
    unsigned cpu = 0;         // cpuN on Linux, the processor's index elsewhere
    std::uint64_t work = 0;   // user + nice + system + irq + softirq + steal (guest is inside user/nice)
    std::uint64_t idle = 0;
    std::uint64_t iowait = 0; // idle waiting for I/O; counted as idle, as psutil does; 0 where none
};

struct LoadAverage
{
    double one = 0.0;
    double five = 0.0;
    double fifteen = 0.0;
};

// Bytes. Windows: the paging file (commit limit minus RAM), as psutil 5.9 reports it.
struct SwapInfo
{
    std::uint64_t total = 0;
    std::uint64_t free = 0;
};

// Cumulative bytes of one network interface since it appeared.
struct InterfaceCounters
{
    std::string name;
    std::uint64_t rxBytes = 0;
    std::uint64_t txBytes = 0;
    bool physical = false; // counted when no interface list is given (docs/metrics.md)
};

// Cumulative bytes of one block device (Linux: diskstats sectors × 512).
struct DiskCounters
{
    std::string name;
    std::uint64_t readBytes = 0;
    std::uint64_t writtenBytes = 0;
    bool counted = false; // a whole physical disk; partitions and stacked devices are not
};

struct Temperature
{
    std::string chip;  // hwmon "name" or thermal zone "type": coretemp, acpitz, nvme, x86_pkg_temp
    std::string label; // temp*_label ("Package id 0", "Composite"); empty when the chip has none
    double celsius = 0.0;

    // What a person is shown: the label where there is one, else the chip.
    const std::string &displayName() const { return label.empty() ? chip : label; }
};

enum class BatteryState { Unknown, Charging, Discharging, NotCharging, Full };

struct Battery
{
    double percent = 0.0;                         // [0, 100]
    BatteryState state = BatteryState::Unknown;
    std::optional<bool> powerPlugged;             // mains power, where the OS says

    bool charging() const { return state == BatteryState::Charging; }
};

// One reading of everything. A source the OS does not have is left empty or absent; one that
// should be there but could not be read is absent too, with a line in `faults` saying why.
struct MachineCounters
{
    std::vector<CoreTimes> cores; // ascending by cpu; only the CPUs online now
    std::optional<LoadAverage> load;
    std::optional<SwapInfo> swap;
    std::optional<std::vector<InterfaceCounters>> interfaces; // every interface the OS lists
    std::optional<std::vector<DiskCounters>> disks;           // every block device the OS lists
    std::vector<Temperature> temperatures;
    std::optional<Battery> battery;
    std::vector<std::string> faults;
};

// ---- Values over an interval ------------------------------------------------------------

struct CoreBusy
{
    unsigned cpu = 0;
    double percent = 0.0; // [0, 100]
};

struct SwapUsage
{
    std::uint64_t total = 0;
    std::uint64_t used = 0; // total - free
    std::uint64_t free = 0;
    double percent = 0.0;   // used / total; 0 with no swap
};

struct DeviceRate
{
    std::string name;
    double inBytesPerSecond = 0.0;  // received / read
    double outBytesPerSecond = 0.0; // sent / written
};

// Totals are monotonic: the bytes accepted over every interval since the reader started, so
// they suit a Prometheus counter even when an interface disappears or its counter resets.
struct NetRates
{
    double rxBytesPerSecond = 0.0;
    double txBytesPerSecond = 0.0;
    std::uint64_t rxBytesTotal = 0;
    std::uint64_t txBytesTotal = 0;
    std::vector<DeviceRate> interfaces; // the selected interfaces present in both readings
};

struct DiskIoRates
{
    double readBytesPerSecond = 0.0;
    double writeBytesPerSecond = 0.0;
    std::uint64_t readBytesTotal = 0;
    std::uint64_t writtenBytesTotal = 0;
    std::vector<DeviceRate> disks; // the counted disks present in both readings
};

// What the sampler receives each tick. Rates and per-core values need two readings: the first
// read() gives none of them, intervalSeconds 0. Absent = the OS has none, the source failed
// this tick (see faults), or no time passed; the sampler keeps its last values then.
struct MachineExtras
{
    double intervalSeconds = 0.0;
    std::vector<CoreBusy> cores; // CPUs measured over the whole interval, ascending by cpu
    std::optional<LoadAverage> load;
    std::optional<SwapUsage> swap;
    std::optional<NetRates> network;
    std::optional<DiskIoRates> diskIo;
    std::vector<Temperature> temperatures; // empty where there are no sensors (a VM)
    std::optional<Battery> battery;
    std::vector<std::string> faults;
};

} // namespace ziggie::machine
