// Linux backend: /proc for counters (sysinfo for the load), /sys for what each device is,
// sensors and batteries.
// Parsing lives in machineproc.cpp and machinesysfs.cpp; this file only opens and caches.
#include "machineproc.h"
#include "machinesource.h"
#include "machinesysfs.h"

#include <fcntl.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace ziggie::machine {

namespace {

// A /proc file read every tick: opened once and read again from offset 0 (one syscall per
// read instead of three, and it keeps working when the process is out of descriptors).
class KeptOpen final
{
public:
    explicit KeptOpen(std::string path)
        : m_path(std::move(path))
    {
    }
    ~KeptOpen()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    KeptOpen(const KeptOpen &) = delete;
    KeptOpen &operator=(const KeptOpen &) = delete;

    std::optional<std::string> read(std::vector<std::string> &faults)
    {
        if (m_fd < 0)
            m_fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd < 0) {
            faults.push_back("cannot read " + m_path + ": " + std::strerror(errno));
            return std::nullopt;
        }
        std::string text;
        char buffer[8192];
        for (off_t at = 0;;) {
            const ssize_t n = ::pread(m_fd, buffer, sizeof buffer, at);
            if (n < 0) {
                faults.push_back("cannot read " + m_path + ": " + std::strerror(errno));
                ::close(m_fd);
                m_fd = -1;
                return std::nullopt;
            }
            if (n == 0)
                return text;
            text.append(buffer, std::size_t(n));
            at += n;
        }
    }

private:
    std::string m_path;
    int m_fd = -1;
};

// What a device is does not change while it exists: ask /sys once per name, and forget names
// that are gone so one that comes back (a replugged USB adapter) is asked again.
class Classified final
{
public:
    template <typename Ask>
    bool get(const std::string &name, Ask ask)
    {
        const auto found = m_known.find(name);
        if (found != m_known.end()) {
            found->second.seen = true;
            return found->second.value;
        }
        const bool value = ask(name);
        m_known.emplace(name, Entry{value, true});
        return value;
    }
    void forgetUnseen()
    {
        for (auto it = m_known.begin(); it != m_known.end();) {
            if (!it->second.seen)
                it = m_known.erase(it);
            else
                (it++)->second.seen = false;
        }
    }

private:
    struct Entry
    {
        bool value;
        bool seen;
    };
    std::unordered_map<std::string, Entry> m_known;
};

// sysinfo(2) gives the kernel's own fixed-point load figures, which glibc's getloadavg()
// (and so psutil) returns; /proc/loadavg rounds them to two decimals. Another procfs root (a
// fixture, a host's /proc mounted in a container) can only be read as text.
std::optional<LoadAverage> kernelLoad(std::vector<std::string> &faults)
{
    struct sysinfo info{};
    if (::sysinfo(&info) != 0) {
        faults.push_back(std::string("sysinfo failed: ") + std::strerror(errno));
        return std::nullopt;
    }
    constexpr double scale = double(1 << SI_LOAD_SHIFT);
    return LoadAverage{double(info.loads[0]) / scale, double(info.loads[1]) / scale, double(info.loads[2]) / scale};
}

// Sensors and power supplies are found by scanning directories, which costs more than reading
// them: scan at the first read, then every kRescanEvery reads or when a sensor vanished.
constexpr int kRescanEvery = 30;

class LinuxMachineSource final : public MachineSource
{
public:
    explicit LinuxMachineSource(const OsSourceOptions &options)
        : m_sysRoot(options.sysRoot)
        , m_stat(options.procRoot + "/stat")
        , m_loadavg(options.procRoot + "/loadavg")
        , m_meminfo(options.procRoot + "/meminfo")
        , m_netDev(options.procRoot + "/net/dev")
        , m_diskstats(options.procRoot + "/diskstats")
        , m_loadFromKernel(options.procRoot == "/proc")
    {
    }

    MachineCounters read() override
    {
        MachineCounters c;
        if (const auto text = m_stat.read(c.faults)) {
            c.cores = parsePerCpuStat(*text);
            if (c.cores.empty())
                c.faults.push_back("/proc/stat has no cpuN lines");
        }
        if (m_loadFromKernel) {
            c.load = kernelLoad(c.faults);
        } else if (const auto text = m_loadavg.read(c.faults)) {
            c.load = parseLoadavg(*text);
            if (!c.load)
                c.faults.push_back("/proc/loadavg is not as expected");
        }
        if (const auto text = m_meminfo.read(c.faults)) {
            c.swap = parseSwap(*text);
            if (!c.swap)
                c.faults.push_back("/proc/meminfo lacks SwapTotal or SwapFree");
        }
        if (const auto text = m_netDev.read(c.faults)) {
            auto interfaces = parseNetDev(*text);
            for (auto &i : interfaces)
                i.physical = m_interfaceKinds.get(i.name, [&](const std::string &n) {
                    return isPhysicalInterface(m_sysRoot, n);
                });
            m_interfaceKinds.forgetUnseen();
            c.interfaces = std::move(interfaces);
        }
        if (const auto text = m_diskstats.read(c.faults)) {
            auto disks = parseDiskstats(*text);
            for (auto &d : disks)
                d.counted = m_diskKinds.get(d.name, [&](const std::string &n) { return isCountedDisk(m_sysRoot, n); });
            m_diskKinds.forgetUnseen();
            c.disks = std::move(disks);
        }

        if (m_readsSinceScan == 0 || m_readsSinceScan >= kRescanEvery || m_sensorsStale) {
            m_sensors = findTemperatureSensors(m_sysRoot);
            m_supplies = findPowerSupplies(m_sysRoot);
            m_readsSinceScan = 0;
        }
        ++m_readsSinceScan;
        m_sensorsStale = false;
        c.temperatures = readTemperatures(m_sensors, &m_sensorsStale);
        c.battery = readBattery(m_supplies);
        return c;
    }

private:
    std::string m_sysRoot;
    KeptOpen m_stat;
    KeptOpen m_loadavg;
    KeptOpen m_meminfo;
    KeptOpen m_netDev;
    KeptOpen m_diskstats;
    Classified m_interfaceKinds;
    Classified m_diskKinds;
    std::vector<SensorFile> m_sensors;
    PowerSupplies m_supplies;
    bool m_loadFromKernel;
    int m_readsSinceScan = 0;
    bool m_sensorsStale = false;
};

} // namespace

std::unique_ptr<MachineSource> makeOsMachineSource(const OsSourceOptions &options)
{
    return std::make_unique<LinuxMachineSource>(options);
}

} // namespace ziggie::machine
