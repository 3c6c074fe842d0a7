#pragma once
// Plain C++ view of the operating system's counters: one implementation per OS
// (sysreader_linux.cpp, sysreader_windows.cpp, sysreader_macos.cpp), chosen by CMake.
// No Qt types here, so each reader can be cross-compiled and tested off-platform.
// Definitions follow psutil, so numbers match the backend this program replaces.

#include <cstdint>
#include <optional>
#include <string>

namespace ziggie::sys {

// Cumulative CPU time of all CPUs, in any fixed unit (ticks, 100 ns, ...).
struct CpuTimes
{
    std::uint64_t busy = 0;   // total - idle - iowait
    std::uint64_t total = 0;  // every state, guest time not counted twice
};

// Bytes. percent = (total - available) / total; used = total - free - buffers - cached.
struct MemoryInfo
{
    std::uint64_t total = 0;
    std::uint64_t available = 0;
    std::uint64_t used = 0;
};

// Bytes. percent = used / (used + availableToUser), as psutil.disk_usage computes it.
struct DiskInfo
{
    std::uint64_t total = 0;
    std::uint64_t used = 0;
    std::uint64_t availableToUser = 0;
};

// This process itself, for the standard process_* metrics of /metrics.
struct OwnProcess
{
    double cpuSeconds = 0.0;          // user + system time
    std::uint64_t residentBytes = 0;
    std::uint64_t virtualBytes = 0;
    std::int64_t openFds = -1;        // -1 where the OS has no such count
    std::int64_t maxFds = -1;
};

// Each reader returns nothing and fills `error` (a short human-readable reason) on failure.
std::optional<CpuTimes> readCpuTimes(std::string &error);
std::optional<MemoryInfo> readMemory(std::string &error);
std::optional<DiskInfo> readDisk(const std::string &path, std::string &error);
std::optional<OwnProcess> readOwnProcess(std::string &error);

// The system disk: "/" on Linux and macOS, the system drive ("C:\\") on Windows.
std::string systemDiskPath();

// Busy share in percent [0, 100] between two readings. Counters that went backwards
// (CPU hot-plug, suspend on some kernels) or no elapsed time give nothing.
std::optional<double> cpuPercent(const CpuTimes &previous, const CpuTimes &current);

// Percent helpers shared by every backend, clamped to [0, 100].
double memoryPercent(const MemoryInfo &m);
double diskPercent(const DiskInfo &d);

} // namespace ziggie::sys
