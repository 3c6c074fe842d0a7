#include "machineproc.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <string>

namespace ziggie::machine {

namespace {

std::string_view nextLine(std::string_view &text)
{
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    return line;
}

void skipSpace(std::string_view &rest)
{
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t' || rest.front() == '\r'))
        rest.remove_prefix(1);
}

bool parseNumber(std::string_view &rest, std::uint64_t &out)
{
    skipSpace(rest);
    const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), out);
    if (ec != std::errc() || ptr == rest.data())
        return false;
    rest.remove_prefix(std::size_t(ptr - rest.data()));
    // "12abc" is not a number followed by a word: refuse the field.
    return rest.empty() || rest.front() == ' ' || rest.front() == '\t' || rest.front() == '\r';
}

std::string_view nextWord(std::string_view &rest)
{
    skipSpace(rest);
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != '\t' && rest[n] != '\r')
        ++n;
    std::string_view word = rest.substr(0, n);
    rest.remove_prefix(n);
    return word;
}

// Load figures are plain decimals ("0.52"); strtod on a bounded copy, as the C library's
// getloadavg() itself reads them, so both give the same double.
bool parseDecimal(std::string_view word, double &out)
{
    if (word.empty() || word.size() > 31)
        return false;
    char buffer[32];
    word.copy(buffer, word.size());
    buffer[word.size()] = '\0';
    char *end = nullptr;
    out = std::strtod(buffer, &end);
    return end == buffer + word.size() && out >= 0.0;
}

} // namespace

std::vector<CoreTimes> parsePerCpuStat(std::string_view text)
{
    std::vector<CoreTimes> cores;
    while (!text.empty()) {
        std::string_view line = nextLine(text);
        if (!line.starts_with("cpu"))
            continue;
        line.remove_prefix(3);
        unsigned cpu = 0;
        const auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), cpu);
        if (ec != std::errc() || ptr == line.data())
            continue; // the aggregate "cpu " line, or not a CPU at all
        line.remove_prefix(std::size_t(ptr - line.data()));
        if (line.empty() || (line.front() != ' ' && line.front() != '\t'))
            continue;
        // user nice system idle iowait irq softirq steal guest guest_nice
        std::array<std::uint64_t, 10> v{};
        std::size_t n = 0;
        std::uint64_t value = 0;
        while (n < v.size() && parseNumber(line, value))
            v[n++] = value;
        if (n < 4)
            continue;
        CoreTimes c;
        c.cpu = cpu;
        c.work = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
        c.idle = v[3];
        c.iowait = v[4];
        cores.push_back(c);
    }
    return cores;
}

std::optional<LoadAverage> parseLoadavg(std::string_view text)
{
    LoadAverage load;
    if (!parseDecimal(nextWord(text), load.one) || !parseDecimal(nextWord(text), load.five)
        || !parseDecimal(nextWord(text), load.fifteen))
        return std::nullopt;
    return load;
}

std::optional<SwapInfo> parseSwap(std::string_view meminfo)
{
    std::optional<std::uint64_t> total, free;
    while (!meminfo.empty()) {
        std::string_view line = nextLine(meminfo);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, colon);
        if (key != "SwapTotal" && key != "SwapFree")
            continue;
        std::string_view rest = line.substr(colon + 1);
        std::uint64_t kb = 0;
        if (!parseNumber(rest, kb))
            continue;
        (key == "SwapTotal" ? total : free) = kb * 1024;
    }
    if (!total || !free)
        return std::nullopt;
    return SwapInfo{*total, *free};
}

std::vector<InterfaceCounters> parseNetDev(std::string_view text)
{
    std::vector<InterfaceCounters> interfaces;
    while (!text.empty()) {
        std::string_view line = nextLine(text);
        // Header lines contain '|' and no counters; a name never contains ':' in this file,
        // so the last colon ends it (as psutil reads it).
        const auto colon = line.rfind(':');
        if (colon == std::string_view::npos || line.find('|') != std::string_view::npos)
            continue;
        std::string_view name = line.substr(0, colon);
        skipSpace(name);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        if (name.empty())
            continue;
        std::string_view rest = line.substr(colon + 1);
        // rx: bytes packets errs drop fifo frame compressed multicast; tx: bytes …
        std::array<std::uint64_t, 9> v{};
        std::size_t n = 0;
        std::uint64_t value = 0;
        while (n < v.size() && parseNumber(rest, value))
            v[n++] = value;
        if (n < v.size())
            continue;
        interfaces.push_back({std::string(name), v[0], v[8], false});
    }
    return interfaces;
}

std::vector<DiskCounters> parseDiskstats(std::string_view text)
{
    constexpr std::uint64_t kSector = 512;
    std::vector<DiskCounters> disks;
    while (!text.empty()) {
        std::string_view line = nextLine(text);
        std::uint64_t major = 0, minor = 0;
        if (!parseNumber(line, major) || !parseNumber(line, minor))
            continue;
        const std::string_view name = nextWord(line);
        if (name.empty())
            continue;
        std::array<std::uint64_t, 32> v{};
        std::size_t n = 0;
        std::uint64_t value = 0;
        while (n < v.size() && parseNumber(line, value))
            v[n++] = value;
        skipSpace(line);
        if (!line.empty())
            continue; // a word among the numbers: not a diskstats line
        std::uint64_t readSectors = 0, writtenSectors = 0;
        if (n == 11 || n >= 15) {
            // reads merged sectors_read ms writes merged sectors_written ms …
            readSectors = v[2];
            writtenSectors = v[6];
        } else if (n == 4) {
            // early 2.6 partition line: reads sectors_read writes sectors_written
            readSectors = v[1];
            writtenSectors = v[3];
        } else {
            continue;
        }
        disks.push_back({std::string(name), readSectors * kSector, writtenSectors * kSector, false});
    }
    return disks;
}

} // namespace ziggie::machine
