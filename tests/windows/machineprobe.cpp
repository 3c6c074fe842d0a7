// Runs the Windows machine source through MachineReader as the sampler will (a baseline, a
// busy interval, a second reading) and prints one line of JSON for runmachineprobe.cmake to
// check against the host Wine runs on. Exit code 0 only when the readings are within bounds.
#include "machinereader.h"

#include <windows.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace ziggie::machine;

namespace {

std::string quoted(const std::string &text)
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

std::uint64_t ownCpuTime()
{
    FILETIME created{}, exited{}, kernel{}, user{};
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return 0;
    const auto value = [](const FILETIME &ft) { return (std::uint64_t(ft.dwHighDateTime) << 32) | ft.dwLowDateTime; };
    return value(kernel) + value(user);
}

std::chrono::nanoseconds monotonic()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(MachineReader::Clock::now().time_since_epoch());
}

int fail(const char *what, const std::string &reason)
{
    std::printf("{\"ok\":false,\"failed\":%s,\"error\":%s}\n", quoted(what).c_str(), quoted(reason).c_str());
    return 1;
}

} // namespace

int main()
{
    MachineReader reader;
    const MachineExtras first = reader.read(monotonic());
    if (!first.faults.empty())
        return fail("first reading", first.faults.front());
    const MachineCounters before = reader.lastCounters();

    // Spin until this process has used 250 ms of CPU (bounded by 5 s on a crowded machine):
    // the CPUs' busy time over the interval must then cover it.
    const std::uint64_t ownBefore = ownCpuTime();
    using Clock = std::chrono::steady_clock;
    const auto giveUp = Clock::now() + std::chrono::seconds(5);
    volatile std::uint64_t spins = 0;
    while (ownCpuTime() - ownBefore < 2500000 && Clock::now() < giveUp) {
        const auto slice = Clock::now() + std::chrono::milliseconds(1);
        while (Clock::now() < slice)
            spins = spins + 1;
    }
    const MachineExtras x = reader.read(monotonic());
    const std::uint64_t ownDelta = ownCpuTime() - ownBefore;
    if (!x.faults.empty())
        return fail("second reading", x.faults.front());
    const MachineCounters &after = reader.lastCounters();

    if (after.cores.empty() || after.cores.size() != before.cores.size())
        return fail("cores", "no per-processor times, or a different number of processors each time");
    std::uint64_t workDelta = 0, totalDelta = 0;
    std::string percents;
    for (std::size_t i = 0; i < after.cores.size(); ++i) {
        const CoreTimes &a = before.cores[i], &b = after.cores[i];
        if (b.work < a.work || b.idle < a.idle)
            return fail("cores", "per-processor times went backwards");
        workDelta += b.work - a.work;
        totalDelta += (b.work - a.work) + (b.idle - a.idle);
    }
    for (const CoreBusy &c : x.cores) {
        if (c.percent < 0.0 || c.percent > 100.0)
            return fail("cores", "a busy percent outside [0, 100]");
        percents += (percents.empty() ? "" : ",") + std::to_string(c.percent);
    }
    if (!x.swap)
        return fail("swap", "no paging file figures");
    if (!x.network || !after.interfaces)
        return fail("network", "no interface table");

    std::string interfaces;
    for (const InterfaceCounters &i : *after.interfaces) {
        interfaces += interfaces.empty() ? "" : ",";
        interfaces += "{\"name\":" + quoted(i.name) + ",\"rx\":" + std::to_string(i.rxBytes)
                      + ",\"tx\":" + std::to_string(i.txBytes) + ",\"physical\":" + (i.physical ? "true" : "false")
                      + "}";
    }
    std::string battery = "null";
    if (x.battery)
        battery = "{\"percent\":" + std::to_string(x.battery->percent)
                  + ",\"charging\":" + (x.battery->charging() ? "true" : "false") + "}";

    std::printf("{\"ok\":true,\"cores\":%zu,\"core_percents\":[%s],\"core_work_delta\":%llu,"
                "\"core_total_delta\":%llu,\"own_cpu_delta\":%llu,\"interval_s\":%.6f,"
                "\"load_absent\":%s,\"disk_io_absent\":%s,\"temperatures\":%zu,"
                "\"swap_total\":%llu,\"swap_used\":%llu,\"swap_percent\":%.3f,"
                "\"rx_bytes_per_s\":%.3f,\"tx_bytes_per_s\":%.3f,\"interfaces\":[%s],\"battery\":%s}\n",
                after.cores.size(), percents.c_str(), static_cast<unsigned long long>(workDelta),
                static_cast<unsigned long long>(totalDelta), static_cast<unsigned long long>(ownDelta),
                x.intervalSeconds, x.load ? "false" : "true", x.diskIo ? "false" : "true", x.temperatures.size(),
                static_cast<unsigned long long>(x.swap->total), static_cast<unsigned long long>(x.swap->used),
                x.swap->percent, x.network->rxBytesPerSecond, x.network->txBytesPerSecond, interfaces.c_str(),
                battery.c_str());
    return 0;
}
