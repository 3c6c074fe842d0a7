#pragma once
// Pure parsers for the Linux /proc text the machine reader needs, fed by tests with fixtures
// from several kernels. Each takes the whole file and skips lines it cannot read rather than
// giving up on the file: one odd line must not hide every other device.

#include "machinetypes.h"

#include <string_view>

namespace ziggie::machine {

// The cpuN lines of /proc/stat (not the aggregate "cpu" line). 4 to 10+ columns: user nice
// system idle [iowait irq softirq [steal [guest [guest_nice]]]]; guest time is already inside
// user and nice, so it is not counted again. Only online CPUs have a line: numbers may skip.
std::vector<CoreTimes> parsePerCpuStat(std::string_view text);

// /proc/loadavg: "0.52 0.40 0.31 1/123 4567".
std::optional<LoadAverage> parseLoadavg(std::string_view text);

// SwapTotal and SwapFree of /proc/meminfo (kB); nothing when either line is missing.
std::optional<SwapInfo> parseSwap(std::string_view meminfo);

// /proc/net/dev: two header lines, then "name: rx_bytes rx_packets … tx_bytes …". Kernels
// before 2.6.x print no space after the colon once the counter is wide ("eth0:12345678").
// `physical` is left false: classifying needs /sys (machinesysfs.h).
std::vector<InterfaceCounters> parseNetDev(std::string_view text);

// /proc/diskstats: "major minor name" then 11 (2.6.x–4.17), 15 (4.18+, discards), 17 (5.5+,
// flushes) or more fields (later kernels may add some); early 2.6 kernels give partitions 4. Sectors are 512 bytes whatever
// the device's own sector size. `counted` is left false (machinesysfs.h decides).
std::vector<DiskCounters> parseDiskstats(std::string_view text);

} // namespace ziggie::machine
