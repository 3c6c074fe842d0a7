#pragma once
// What Linux's /sys says about interfaces, disks, sensors and batteries, with the root passed
// in so tests read fixture trees (tests/data/machine/<case>/sys) instead of this machine's.
// Finding (directory scans) is kept apart from reading (a few small files) so the reader can
// scan rarely and read every tick.

#include "machinetypes.h"

#include <string>
#include <string_view>

namespace ziggie::machine {

// Physical when <sys>/class/net/<name>/device exists: the interface sits on a bus (PCI, USB,
// virtio, SDIO). Virtual interfaces (loopback, bridges, veth, tun/tap, bonds, VLANs,
// WireGuard, docker0, virbr0) live under /sys/devices/virtual/net and have no device link.
// An interface sysfs does not list (no /sys, another network namespace) is judged by name.
bool isPhysicalInterface(const std::string &sysRoot, const std::string &name);

// Counted when <sys>/block/<name> exists (whole disks only: partitions are not there) and has
// a device link (on a bus). That leaves out loop, ram and zram (files and memory, no disk of
// their own) and device-mapper, md and nbd (their I/O is counted on the disks beneath or is
// network traffic). '/' in a diskstats name is '!' in /sys (cciss/c0d0). Without
// <sys>/block at all, by name.
bool isCountedDisk(const std::string &sysRoot, const std::string &name);

struct SensorFile
{
    std::string chip;
    std::string label;
    std::string inputPath;
};

// As psutil.sensors_temperatures(): every hwmon*/temp*_input (and hwmon*/device/temp*_input,
// an older layout) that reads as a number and whose chip has a readable "name", with
// temp*_label when there is one; only when hwmon has no temperature input at all,
// thermal_zone*/temp with the zone's "type".
// In natural order (hwmon2 before hwmon10, temp2 before temp10).
std::vector<SensorFile> findTemperatureSensors(const std::string &sysRoot);

// Reads each sensor now. One that cannot be read (unplugged, ENODATA) is left out and
// `stale` set, so the caller scans again.
std::vector<Temperature> readTemperatures(const std::vector<SensorFile> &sensors, bool *stale = nullptr);

// hwmon and thermal give millidegrees Celsius as a decimal integer.
std::optional<double> parseMillidegrees(std::string_view text);

struct PowerSupplies
{
    std::vector<std::string> batteries; // directories of type Battery, scope not Device
    std::vector<std::string> mains;     // directories of type Mains (the AC adapter)
};

// <sys>/class/power_supply/*: the system's batteries by their "type" file, not by name, and
// not a wireless mouse's or a keyboard's (scope "Device").
PowerSupplies findPowerSupplies(const std::string &sysRoot);

// Percent from energy_now/energy_full, else charge_now/charge_full, else capacity (psutil's
// order: the first two are finer); batteries with "present" 0 (an empty bay) are skipped;
// two batteries are one (summed energy). State from "status"; powerPlugged from the Mains
// supplies' "online", else from the status as psutil does. Nothing without a battery.
std::optional<Battery> readBattery(const PowerSupplies &supplies);

// "Charging", "Discharging", "Not charging", "Full"; anything else is Unknown.
BatteryState parseBatteryStatus(std::string_view text);

} // namespace ziggie::machine
