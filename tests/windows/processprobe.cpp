// Runs the Windows process reader as the sampler does (two scans an interval apart, this
// probe spinning in between) and prints one line of JSON. Cross-compiled with mingw-w64
// and run under Wine by runprocessprobe.cmake, which checks the figures.
// Exit code 0 only when this process was found with figures that agree with its own
// GetProcessTimes.
#include "processreader.h"
#include "processscanner.h"

#include <windows.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace {

using ziggie::processes::ProcessScanner;
using ziggie::processes::ProcessSnapshot;
using ziggie::processes::ProcessUsage;

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

// This process's CPU time (kernel + user) in 100 ns units, as the reader sees it.
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

const ProcessUsage *find(const std::vector<ProcessUsage> &list, std::uint32_t pid)
{
    for (const auto &p : list)
        if (p.pid == pid)
            return &p;
    return nullptr;
}

bool sortedDescending(const ProcessSnapshot &s)
{
    for (std::size_t i = 1; i < s.topCpu.size(); ++i)
        if (s.topCpu[i].cpuPercent > s.topCpu[i - 1].cpuPercent)
            return false;
    for (std::size_t i = 1; i < s.topMemory.size(); ++i)
        if (s.topMemory[i].residentBytes > s.topMemory[i - 1].residentBytes)
            return false;
    return true;
}

} // namespace

int main()
{
    using Clock = ProcessScanner::Clock;
    const auto reader = ziggie::processes::systemProcessReader();
    ProcessScanner scanner;
    std::string error;

    const auto firstTime = Clock::now();
    const std::uint64_t ownBefore = ownCpuTime();
    if (!scanner.scan(*reader, firstTime, 1000, error))
        return fail("first scan", error);

    // Spin until this process has used 400 ms of CPU (bounded by 5 s on a crowded machine).
    const auto giveUp = Clock::now() + std::chrono::seconds(5);
    volatile std::uint64_t spins = 0;
    while (ownCpuTime() - ownBefore < 4000000 && Clock::now() < giveUp)
        spins = spins + 1;

    const std::uint64_t ownAfter = ownCpuTime();
    const auto secondTime = Clock::now();
    const auto snapshot = scanner.scan(*reader, secondTime, 1000, error);
    if (!snapshot)
        return fail("second scan", error);

    const double interval = std::chrono::duration<double>(secondTime - firstTime).count();
    const double expected = double(ownAfter - ownBefore) / 1e7 / interval * 100.0;
    const std::uint32_t self = GetCurrentProcessId();
    const ProcessUsage *byCpu = find(snapshot->topCpu, self);
    const ProcessUsage *byMemory = find(snapshot->topMemory, self);
    if (!byCpu || !byMemory)
        return fail("own process", "this process is not in the lists");
    if (find(snapshot->topCpu, 0) || find(snapshot->topMemory, 0))
        return fail("idle process", "pid 0 (the System Idle Process) was listed");

    std::string topNames;
    for (std::size_t i = 0; i < snapshot->topCpu.size() && i < 5; ++i)
        topNames += (i ? "," : "") + jsonString(snapshot->topCpu[i].name);

    const bool ok = sortedDescending(*snapshot) && snapshot->intervalSeconds > 0.0;
    std::printf("{\"ok\":%s,\"count\":%u,\"unreadable\":%u,\"interval_seconds\":%.3f,\"own_pid\":%u,\"own_name\":%s,"
                "\"own_cpu_percent\":%.2f,\"expected_cpu_percent\":%.2f,\"own_cpu_centi\":%lld,\"expected_cpu_centi\":%lld,\"own_rss\":%llu,\"own_rank\":%u,"
                "\"top_cpu\":[%s]}\n",
                ok ? "true" : "false", snapshot->count, snapshot->unreadable, snapshot->intervalSeconds, self,
                jsonString(byCpu->name).c_str(), byCpu->cpuPercent, expected,
                static_cast<long long>(byCpu->cpuPercent * 100.0 + 0.5), static_cast<long long>(expected * 100.0 + 0.5),
                static_cast<unsigned long long>(byMemory->residentBytes),
                static_cast<unsigned>(byCpu - snapshot->topCpu.data()), topNames.c_str());
    return ok ? 0 : 1;
}
