#pragma once
// Rate and percent arithmetic between two readings, shared by every backend. Nothing here
// knows the OS or the clock: callers pass the elapsed seconds. The rules for counters that
// wrap or reset are in docs/metrics.md ("Counters that wrap or reset").

#include "machinetypes.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ziggie::machine {

// Width of the counters some drivers keep: 32-bit byte counters on network interfaces,
// 32-bit sector counters (× 512 bytes) on 32-bit kernels' diskstats.
inline constexpr std::uint64_t kNetWrap = std::uint64_t(1) << 32;
inline constexpr std::uint64_t kDiskWrap = (std::uint64_t(1) << 32) * 512;

// How far a cumulative counter moved. Forward: the difference. Backwards: a wrap of a counter
// `wrap` wide when both readings fit below `wrap` and the wrapped distance is under half of
// it (the counter was high and is now low); anything else backwards is a reset (interface
// down/up, driver reload) and gives nothing for this interval.
std::optional<std::uint64_t> counterDelta(std::uint64_t previous, std::uint64_t current, std::uint64_t wrap);

// Busy share of one CPU, psutil's way: idle and iowait are idle, everything else is busy.
// iowait alone may go backwards (proc(5) says it can); it then counts as no iowait. Busy or
// idle time going backwards (the CPU was hot-plugged, counters reset) or no time at all
// gives nothing.
std::optional<double> coreBusyPercent(const CoreTimes &previous, const CoreTimes &current);

// Per CPU, matched by number: only CPUs in both readings with a usable interval, ascending by
// cpu. A CPU that came online is measured from the next interval on; one that went away is
// simply not there.
std::vector<CoreBusy> coreBusy(const std::vector<CoreTimes> &previous, const std::vector<CoreTimes> &current);

// psutil.swap_memory(): used = total - free, percent = used / total, 0 when there is no swap.
SwapUsage swapUsage(const SwapInfo &swap);

// The interfaces summed: those named in `only` when it is not empty (exact names, virtual
// ones too), else the physical ones.
bool interfaceSelected(const InterfaceCounters &interface, const std::vector<std::string> &only);

// Bytes moved over the interval, per device present in both readings (matched by name, a name
// listed twice counted once) and summed. Rates are
// those bytes over `seconds`; with no positive `seconds` there is no rate at all. The totals
// of the result hold this interval's bytes (MachineReader accumulates them).
std::optional<NetRates> netRates(const std::vector<InterfaceCounters> &previous,
                                 const std::vector<InterfaceCounters> &current, double seconds,
                                 const std::vector<std::string> &only = {});
std::optional<DiskIoRates> diskIoRates(const std::vector<DiskCounters> &previous,
                                       const std::vector<DiskCounters> &current, double seconds);

// Name rules for when the OS cannot say what an interface or a disk is (a fixture, a /proc
// without its /sys): loopback, bridges, veth, tun/tap, container and VM networks, VPNs,
// bonds and VLANs are virtual; loop, ram, zram, device-mapper, md and nbd are not disks of
// their own, and sda1, nvme0n1p2, mmcblk0p1 are partitions.
bool looksPhysicalInterface(std::string_view name);
bool looksWholeDisk(std::string_view name);

} // namespace ziggie::machine
