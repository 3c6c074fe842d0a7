#include "machinerates.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace ziggie::machine {

namespace {

double clampPercent(double v)
{
    return std::clamp(v, 0.0, 100.0);
}

bool startsWithAny(std::string_view name, std::initializer_list<std::string_view> prefixes)
{
    return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return name.starts_with(p); });
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool allLetters(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// `name` is prefix + digits, e.g. "nvme0" for prefix "nvme"; the digits are consumed.
bool eatNumbered(std::string_view &name, std::string_view prefix)
{
    if (!name.starts_with(prefix))
        return false;
    name.remove_prefix(prefix.size());
    std::size_t n = 0;
    while (n < name.size() && name[n] >= '0' && name[n] <= '9')
        ++n;
    if (n == 0)
        return false;
    name.remove_prefix(n);
    return true;
}

// The bytes one device moved, in and out; nothing when either counter reset.
struct Moved
{
    std::uint64_t in = 0;
    std::uint64_t out = 0;
};

template <typename Counters, typename In, typename Out, typename Selected>
std::optional<std::vector<std::pair<std::string, Moved>>>
deltas(const std::vector<Counters> &previous, const std::vector<Counters> &current, double seconds, In in, Out out,
       Selected selected, std::uint64_t wrap)
{
    if (!(seconds > 0.0))
        return std::nullopt;
    std::unordered_map<std::string_view, const Counters *> before;
    before.reserve(previous.size());
    for (const auto &c : previous)
        before.emplace(c.name, &c);
    std::vector<std::pair<std::string, Moved>> moved;
    std::unordered_set<std::string_view> taken;
    for (const auto &c : current) {
        // A name listed twice (an OS table with a row per driver layer) counts once.
        if (!selected(c) || !taken.insert(c.name).second)
            continue;
        const auto found = before.find(c.name);
        if (found == before.end())
            continue; // appeared during the interval: measured from the next one
        const auto din = counterDelta(in(*found->second), in(c), wrap);
        const auto dout = counterDelta(out(*found->second), out(c), wrap);
        // One direction reset means the whole device did (it is one event): take neither.
        if (!din || !dout)
            continue;
        moved.emplace_back(c.name, Moved{*din, *dout});
    }
    return moved;
}

} // namespace

std::optional<std::uint64_t> counterDelta(std::uint64_t previous, std::uint64_t current, std::uint64_t wrap)
{
    if (current >= previous)
        return current - previous;
    if (wrap == 0 || previous >= wrap || current >= wrap)
        return std::nullopt;
    const std::uint64_t wrapped = (wrap - previous) + current;
    if (wrapped >= wrap / 2)
        return std::nullopt;
    return wrapped;
}

std::optional<double> coreBusyPercent(const CoreTimes &previous, const CoreTimes &current)
{
    if (current.work < previous.work || current.idle < previous.idle)
        return std::nullopt;
    const std::uint64_t work = current.work - previous.work;
    const std::uint64_t idle = current.idle - previous.idle;
    const std::uint64_t iowait = current.iowait > previous.iowait ? current.iowait - previous.iowait : 0;
    const double total = double(work) + double(idle) + double(iowait);
    if (!(total > 0.0))
        return std::nullopt;
    return clampPercent(double(work) / total * 100.0);
}

std::vector<CoreBusy> coreBusy(const std::vector<CoreTimes> &previous, const std::vector<CoreTimes> &current)
{
    std::unordered_map<unsigned, const CoreTimes *> before;
    before.reserve(previous.size());
    for (const auto &c : previous)
        before.emplace(c.cpu, &c);
    std::vector<CoreBusy> busy;
    busy.reserve(current.size());
    for (const auto &c : current) {
        const auto found = before.find(c.cpu);
        if (found == before.end())
            continue;
        if (const auto percent = coreBusyPercent(*found->second, c))
            busy.push_back({c.cpu, *percent});
    }
    std::sort(busy.begin(), busy.end(), [](const CoreBusy &a, const CoreBusy &b) { return a.cpu < b.cpu; });
    return busy;
}

SwapUsage swapUsage(const SwapInfo &swap)
{
    SwapUsage u;
    u.total = swap.total;
    u.free = std::min(swap.free, swap.total);
    u.used = u.total - u.free;
    u.percent = u.total == 0 ? 0.0 : clampPercent(double(u.used) / double(u.total) * 100.0);
    return u;
}

bool interfaceSelected(const InterfaceCounters &interface, const std::vector<std::string> &only)
{
    if (only.empty())
        return interface.physical;
    return std::find(only.begin(), only.end(), interface.name) != only.end();
}

std::optional<NetRates> netRates(const std::vector<InterfaceCounters> &previous,
                                 const std::vector<InterfaceCounters> &current, double seconds,
                                 const std::vector<std::string> &only)
{
    const auto moved = deltas(
        previous, current, seconds, [](const InterfaceCounters &c) { return c.rxBytes; },
        [](const InterfaceCounters &c) { return c.txBytes; },
        [&](const InterfaceCounters &c) { return interfaceSelected(c, only); }, kNetWrap);
    if (!moved)
        return std::nullopt;
    NetRates rates;
    for (const auto &[name, m] : *moved) {
        rates.rxBytesTotal += m.in;
        rates.txBytesTotal += m.out;
        rates.interfaces.push_back({name, double(m.in) / seconds, double(m.out) / seconds});
    }
    rates.rxBytesPerSecond = double(rates.rxBytesTotal) / seconds;
    rates.txBytesPerSecond = double(rates.txBytesTotal) / seconds;
    return rates;
}

std::optional<DiskIoRates> diskIoRates(const std::vector<DiskCounters> &previous,
                                       const std::vector<DiskCounters> &current, double seconds)
{
    const auto moved = deltas(
        previous, current, seconds, [](const DiskCounters &c) { return c.readBytes; },
        [](const DiskCounters &c) { return c.writtenBytes; }, [](const DiskCounters &c) { return c.counted; },
        kDiskWrap);
    if (!moved)
        return std::nullopt;
    DiskIoRates rates;
    for (const auto &[name, m] : *moved) {
        rates.readBytesTotal += m.in;
        rates.writtenBytesTotal += m.out;
        rates.disks.push_back({name, double(m.in) / seconds, double(m.out) / seconds});
    }
    rates.readBytesPerSecond = double(rates.readBytesTotal) / seconds;
    rates.writeBytesPerSecond = double(rates.writtenBytesTotal) / seconds;
    return rates;
}

bool looksPhysicalInterface(std::string_view name)
{
    if (name.empty() || name == "lo" || name == "lo0")
        return false;
    // A VLAN (eth0.100) or an alias rides on an interface that is already counted.
    if (name.find_first_of(".:@") != std::string_view::npos)
        return false;
    return !startsWithAny(name, {// Linux: containers, VMs, bridges, tunnels, VPNs, aggregates
                                 "docker", "br", "veth", "virbr", "vnet", "tun", "tap", "wg", "podman", "cni",
                                 "flannel", "cali", "cilium", "lxc", "lxd", "vxlan", "geneve", "genev", "kube",
                                 "weave", "ovs", "zt", "tailscale", "ifb", "dummy", "bond", "team", "sit", "gre",
                                 "erspan", "ip6", "ipip", "ip_vti", "vti", "nlmon", "macvlan", "macvtap", "ppp",
                                 "vboxnet", "vmnet", "vmenet", "nordlynx", "ham",
                                 // macOS
                                 "utun", "awdl", "llw", "bridge", "gif", "stf", "anpi", "ipsec"});
}

bool looksWholeDisk(std::string_view name)
{
    if (name.empty() || startsWithAny(name, {"loop", "ram", "zram", "dm-", "md", "nbd"}))
        return false;
    // sda, vdb, xvda, hdc, dasda: letters; a partition adds digits (sda1).
    for (std::string_view prefix : {"xvd", "sd", "hd", "vd", "dasd"}) {
        if (name.starts_with(prefix)) {
            std::string_view rest = name.substr(prefix.size());
            std::size_t letters = 0;
            while (letters < rest.size() && rest[letters] >= 'a' && rest[letters] <= 'z')
                ++letters;
            if (letters == 0)
                break;
            return allLetters(rest.substr(0, letters)) && rest.size() == letters;
        }
    }
    // nvme0n1 (nvme0n1p2 a partition, nvme0c0n1 one path of a multipath disk), mmcblk0 (mmcblk0p1).
    std::string_view rest = name;
    if (eatNumbered(rest, "nvme"))
        return eatNumbered(rest, "n") && rest.empty();
    rest = name;
    if (eatNumbered(rest, "mmcblk"))
        return rest.empty() || (rest.starts_with("boot") && allDigits(rest.substr(4)));
    // Anything else named like a partition of a disk ending in a digit: <disk><digit>p<n>.
    const auto p = name.rfind('p');
    if (p != std::string_view::npos && p > 0 && std::isdigit(static_cast<unsigned char>(name[p - 1]))
        && allDigits(name.substr(p + 1)))
        return false;
    return true;
}

} // namespace ziggie::machine
