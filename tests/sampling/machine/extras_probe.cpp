// ziggie-extras-probe: what the machine readers see, as one JSON line per reading, for
// tests/integration/extras_psutil_agreement.py to set beside psutil read at the same moment.
// Reads once per line on stdin (the script decides when), or with --every MS --count N on
// its own. --interfaces a,b sums those instead of the physical ones; --proc and --sys read
// another procfs and sysfs (the fixture machines) instead of this machine's.
#include "machinereader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

using namespace ziggie::machine;

namespace {

std::string quoted(const std::string &text)
{
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", c);
            out += escape;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string number(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

std::string number(std::uint64_t v)
{
    return std::to_string(v);
}

const char *stateName(BatteryState s)
{
    switch (s) {
    case BatteryState::Charging: return "charging";
    case BatteryState::Discharging: return "discharging";
    case BatteryState::NotCharging: return "not charging";
    case BatteryState::Full: return "full";
    case BatteryState::Unknown: break;
    }
    return "unknown";
}

template <typename List, typename Item>
std::string array(const List &list, Item item)
{
    std::string out = "[";
    for (const auto &x : list) {
        if (out.size() > 1)
            out += ',';
        out += item(x);
    }
    return out + "]";
}

std::string json(const MachineExtras &x, const MachineCounters &raw, std::chrono::nanoseconds now)
{
    std::string j = "{\"monotonic_s\":" + number(std::chrono::duration<double>(now).count());
    j += ",\"interval_s\":" + number(x.intervalSeconds);
    j += ",\"cores_raw\":" + array(raw.cores, [](const CoreTimes &c) {
        return "{\"cpu\":" + std::to_string(c.cpu) + ",\"work\":" + number(c.work) + ",\"idle\":" + number(c.idle)
               + ",\"iowait\":" + number(c.iowait) + "}";
    });
    j += ",\"cores\":" + array(x.cores, [](const CoreBusy &c) {
        return "{\"cpu\":" + std::to_string(c.cpu) + ",\"percent\":" + number(c.percent) + "}";
    });
    j += ",\"load\":";
    j += x.load ? "[" + number(x.load->one) + "," + number(x.load->five) + "," + number(x.load->fifteen) + "]"
                : std::string("null");
    j += ",\"swap\":";
    j += x.swap ? "{\"total\":" + number(x.swap->total) + ",\"used\":" + number(x.swap->used)
                      + ",\"free\":" + number(x.swap->free) + ",\"percent\":" + number(x.swap->percent) + "}"
                : std::string("null");
    j += ",\"interfaces\":";
    j += raw.interfaces ? array(*raw.interfaces,
                                [](const InterfaceCounters &i) {
                                    return "{\"name\":" + quoted(i.name) + ",\"rx\":" + number(i.rxBytes)
                                           + ",\"tx\":" + number(i.txBytes)
                                           + ",\"physical\":" + (i.physical ? "true" : "false") + "}";
                                })
                        : std::string("null");
    j += ",\"disks\":";
    j += raw.disks ? array(*raw.disks,
                           [](const DiskCounters &d) {
                               return "{\"name\":" + quoted(d.name) + ",\"read\":" + number(d.readBytes)
                                      + ",\"written\":" + number(d.writtenBytes)
                                      + ",\"counted\":" + (d.counted ? "true" : "false") + "}";
                           })
                   : std::string("null");
    const auto devices = [](const std::vector<DeviceRate> &list) {
        return array(list, [](const DeviceRate &d) { return quoted(d.name); });
    };
    j += ",\"network\":";
    j += x.network ? "{\"rx_bytes_per_s\":" + number(x.network->rxBytesPerSecond) + ",\"tx_bytes_per_s\":"
                         + number(x.network->txBytesPerSecond) + ",\"rx_bytes_total\":"
                         + number(x.network->rxBytesTotal) + ",\"tx_bytes_total\":" + number(x.network->txBytesTotal)
                         + ",\"interfaces\":" + devices(x.network->interfaces) + "}"
                   : std::string("null");
    j += ",\"disk_io\":";
    j += x.diskIo ? "{\"read_bytes_per_s\":" + number(x.diskIo->readBytesPerSecond) + ",\"write_bytes_per_s\":"
                        + number(x.diskIo->writeBytesPerSecond) + ",\"read_bytes_total\":"
                        + number(x.diskIo->readBytesTotal) + ",\"written_bytes_total\":"
                        + number(x.diskIo->writtenBytesTotal) + ",\"disks\":" + devices(x.diskIo->disks) + "}"
                  : std::string("null");
    j += ",\"temperatures\":" + array(x.temperatures, [](const Temperature &t) {
        return "{\"chip\":" + quoted(t.chip) + ",\"label\":" + quoted(t.label) + ",\"celsius\":" + number(t.celsius)
               + "}";
    });
    j += ",\"battery\":";
    if (x.battery) {
        j += "{\"percent\":" + number(x.battery->percent) + ",\"state\":" + quoted(stateName(x.battery->state))
             + ",\"power_plugged\":"
             + (x.battery->powerPlugged ? (*x.battery->powerPlugged ? "true" : "false") : "null") + "}";
    } else {
        j += "null";
    }
    j += ",\"faults\":" + array(x.faults, [](const std::string &f) { return quoted(f); });
    return j + "}";
}

std::vector<std::string> splitList(const char *text)
{
    std::vector<std::string> names;
    std::string current;
    for (const char *p = text;; ++p) {
        if (*p == ',' || *p == '\0') {
            if (!current.empty())
                names.push_back(current);
            current.clear();
            if (*p == '\0')
                break;
        } else {
            current += *p;
        }
    }
    return names;
}

int usage()
{
    std::fprintf(stderr, "usage: ziggie-extras-probe [--interfaces a,b] [--proc DIR] [--sys DIR] "
                         "[--every MS --count N]\n"
                         "  without --every: one reading per line read on stdin, until end of input\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    OsSourceOptions roots;
    std::vector<std::string> interfaces;
    long everyMs = 0, count = 0;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--interfaces") == 0 && i + 1 < argc)
            interfaces = splitList(argv[++i]);
        else if (std::strcmp(argv[i], "--proc") == 0 && i + 1 < argc)
            roots.procRoot = argv[++i];
        else if (std::strcmp(argv[i], "--sys") == 0 && i + 1 < argc)
            roots.sysRoot = argv[++i];
        else if (std::strcmp(argv[i], "--every") == 0 && i + 1 < argc)
            everyMs = std::strtol(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--count") == 0 && i + 1 < argc)
            count = std::strtol(argv[++i], nullptr, 10);
        else
            return usage();
    }
    MachineReader reader(makeOsMachineSource(roots));
    reader.setInterfaces(interfaces);
    const auto readOnce = [&] {
        const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
            MachineReader::Clock::now().time_since_epoch());
        const MachineExtras x = reader.read(now);
        std::cout << json(x, reader.lastCounters(), now) << std::endl;
    };
    if (everyMs > 0) {
        for (long n = 0; n < std::max(count, 1L); ++n) {
            if (n > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(everyMs));
            readOnce();
        }
        return 0;
    }
    for (std::string line; std::getline(std::cin, line);)
        readOnce();
    return 0;
}
