// Runs the Windows sysreader as the sampler does (two CPU readings a tick apart, memory,
// the system disk), plus error and non-ASCII path cases, and prints one line of JSON.
// Cross-compiled with mingw-w64 and run under Wine by runwinprobe.cmake, which checks the
// numbers against the host. Exit code 0 only when every reading is within its bounds.
#include "sysreader.h"

#include <windows.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace {

std::string jsonString(const std::string &text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            continue;
        out += c;
    }
    return out + "\"";
}

// This process's own CPU time (kernel + user), in the same 100 ns unit as GetSystemTimes.
std::uint64_t ownCpuTime()
{
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return 0;
    const auto value = [](const FILETIME &ft) { return (std::uint64_t(ft.dwHighDateTime) << 32) | ft.dwLowDateTime; };
    return value(kernel) + value(user);
}

int fail(const char *what, const std::string &reason)
{
    std::printf("{\"ok\":false,\"failed\":%s,\"error\":%s}\n", jsonString(what).c_str(), jsonString(reason).c_str());
    return 1;
}

} // namespace

int main()
{
    using namespace ziggie::sys;
    std::string error;

    // Keep one CPU busy between the two readings: the system's busy time over the interval
    // must then cover at least this process's own CPU time (user time included).
    const std::uint64_t ownBefore = ownCpuTime();
    const auto before = readCpuTimes(error);
    if (!before)
        return fail("cpu", error);
    // Spin until this process has used 250 ms of CPU (bounded by 5 s on a crowded machine).
    using Clock = std::chrono::steady_clock;
    const auto giveUp = Clock::now() + std::chrono::seconds(5);
    volatile std::uint64_t spins = 0;
    while (ownCpuTime() - ownBefore < 2500000 && Clock::now() < giveUp) {
        const auto slice = Clock::now() + std::chrono::milliseconds(1);
        while (Clock::now() < slice)
            spins = spins + 1;
    }
    const auto after = readCpuTimes(error);
    if (!after)
        return fail("cpu", error);
    const std::uint64_t ownDelta = ownCpuTime() - ownBefore;
    const auto cpu = cpuPercent(*before, *after);
    if (!cpu)
        return fail("cpu", "no CPU time elapsed between two readings");

    const auto memory = readMemory(error);
    if (!memory)
        return fail("memory", error);

    const std::string diskPath = systemDiskPath();
    const auto disk = readDisk(diskPath, error);
    if (!disk)
        return fail("disk", error);

    // Wide-char paths: runwinprobe.cmake creates this directory inside the prefix's drive_c.
    const std::string unicodePath = "C:\\ziggie-\xc3\xbc\xc3\xa9\\";
    if (!readDisk(unicodePath, error))
        return fail("disk", "non-ASCII path: " + error);
    // Failures come back as nothing plus a reason, never as an exception or garbage.
    std::string missingError, invalidError;
    const bool missingFails = !readDisk("Q:\\ziggie-missing\\", missingError) && !missingError.empty();
    const bool invalidFails = !readDisk("C:\\\xff\\", invalidError) && !invalidError.empty();
    if (!missingFails || !invalidFails)
        return fail("disk", "a missing drive or an invalid UTF-8 path did not report an error");

    const bool ok = *cpu >= 0.0 && *cpu <= 100.0 && memory->total > 0 && memory->available <= memory->total
        && memory->used <= memory->total && disk->total > 0 && disk->used <= disk->total;

    std::printf("{\"ok\":%s,\"cpu_percent\":%.2f,\"cpu_busy_delta\":%llu,\"cpu_total_delta\":%llu,\"cpu_own_delta\":%llu,"
                "\"memory_total\":%llu,\"memory_available\":%llu,\"memory_used\":%llu,\"memory_percent\":%.2f,"
                "\"disk_path\":%s,\"disk_total\":%llu,\"disk_used\":%llu,\"disk_available_to_user\":%llu,"
                "\"disk_percent\":%.2f,\"missing_drive_error\":%s,\"invalid_path_error\":%s}\n",
                ok ? "true" : "false", *cpu, static_cast<unsigned long long>(after->busy - before->busy),
                static_cast<unsigned long long>(after->total - before->total),
                static_cast<unsigned long long>(ownDelta),
                static_cast<unsigned long long>(memory->total), static_cast<unsigned long long>(memory->available),
                static_cast<unsigned long long>(memory->used), memoryPercent(*memory), jsonString(diskPath).c_str(),
                static_cast<unsigned long long>(disk->total), static_cast<unsigned long long>(disk->used),
                static_cast<unsigned long long>(disk->availableToUser), diskPercent(*disk),
                jsonString(missingError).c_str(), jsonString(invalidError).c_str());
    return ok ? 0 : 1;
}
