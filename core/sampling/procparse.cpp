#include "procparse.h"

#include <array>
#include <charconv>

namespace ziggie::sys {

namespace {

std::string_view nextLine(std::string_view &text)
{
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return line;
}

bool parseNumber(std::string_view &rest, std::uint64_t &out)
{
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
        rest.remove_prefix(1);
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), out);
    if (ec != std::errc() || ptr == rest.data())
        return false;
    rest.remove_prefix(std::size_t(ptr - rest.data()));
    return true;
}

} // namespace

std::optional<CpuTimes> parseProcStat(std::string_view text)
{
    while (!text.empty()) {
        std::string_view line = nextLine(text);
        if (!line.starts_with("cpu ") && !line.starts_with("cpu\t"))
            continue;
        line.remove_prefix(3);
        // user nice system idle iowait irq softirq steal guest guest_nice
        std::array<std::uint64_t, 10> v{};
        std::size_t n = 0;
        std::uint64_t value = 0;
        while (n < v.size() && parseNumber(line, value))
            v[n++] = value;
        if (n < 4)
            return std::nullopt;
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < n && i < 8; ++i)
            total += v[i];
        const std::uint64_t idle = v[3] + v[4];
        return CpuTimes{total >= idle ? total - idle : 0, total};
    }
    return std::nullopt;
}

std::optional<MemoryInfo> parseMeminfo(std::string_view text)
{
    std::optional<std::uint64_t> total, free, available, buffers, cached, reclaimable;
    while (!text.empty()) {
        std::string_view line = nextLine(text);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, colon);
        std::string_view rest = line.substr(colon + 1);
        std::uint64_t kb = 0;
        if (!parseNumber(rest, kb))
            continue;
        const std::uint64_t bytes = kb * 1024;
        if (key == "MemTotal")
            total = bytes;
        else if (key == "MemFree")
            free = bytes;
        else if (key == "MemAvailable")
            available = bytes;
        else if (key == "Buffers")
            buffers = bytes;
        else if (key == "Cached")
            cached = bytes;
        else if (key == "SReclaimable")
            reclaimable = bytes;
    }
    if (!total || !free || *total == 0)
        return std::nullopt;

    const std::uint64_t cachedAll = cached.value_or(0) + reclaimable.value_or(0);
    std::uint64_t avail = available && *available > 0 ? *available : *free + cached.value_or(0);
    if (avail > *total)
        avail = *free;

    const std::uint64_t spent = *free + buffers.value_or(0) + cachedAll;
    const std::uint64_t used = spent <= *total ? *total - spent : *total - std::min(*free, *total);
    return MemoryInfo{*total, avail, used};
}

std::optional<OwnProcess> parseOwnStat(std::string_view text, long ticksPerSecond, long pageSize)
{
    const auto close = text.rfind(')');
    if (close == std::string_view::npos || ticksPerSecond <= 0 || pageSize <= 0)
        return std::nullopt;
    std::string_view rest = text.substr(close + 1);
    // Field 3 (state) is a letter; then numbers from field 4 on.
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    if (rest.empty())
        return std::nullopt;
    rest.remove_prefix(1);
    std::array<std::uint64_t, 21> f{}; // fields 4 to 24
    for (auto &value : f) {
        // Some fields (e.g. priority) may be negative; none of those are needed here.
        while (!rest.empty() && rest.front() == ' ')
            rest.remove_prefix(1);
        if (!rest.empty() && rest.front() == '-')
            rest.remove_prefix(1);
        if (!parseNumber(rest, value))
            return std::nullopt;
    }
    OwnProcess p;
    p.cpuSeconds = double(f[14 - 4] + f[15 - 4]) / double(ticksPerSecond);
    p.virtualBytes = f[23 - 4];
    p.residentBytes = f[24 - 4] * std::uint64_t(pageSize);
    return p;
}

} // namespace ziggie::sys
