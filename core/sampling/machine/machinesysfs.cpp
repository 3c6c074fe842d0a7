#include "machinesysfs.h"

#include "machinerates.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace ziggie::machine {

namespace {

namespace fs = std::filesystem;

// A sysfs attribute: one small read. Nothing when it is missing or unreadable.
std::optional<std::string> readAttribute(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buffer[256];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    if (n < 0)
        return std::nullopt;
    std::string text(buffer, std::size_t(n));
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r'))
        text.pop_back();
    return text;
}

std::optional<std::uint64_t> readNumber(const std::string &path)
{
    const auto text = readAttribute(path);
    if (!text)
        return std::nullopt;
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || ptr != text->data() + text->size())
        return std::nullopt;
    return value;
}

// Exists as anything, a dangling link included: sysfs "device" entries are links.
bool present(const std::string &path)
{
    struct stat st{};
    return ::lstat(path.c_str(), &st) == 0;
}

// "hwmon2" < "hwmon10", "temp2_input" < "temp10_input".
bool naturalLess(std::string_view a, std::string_view b)
{
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const bool da = a[i] >= '0' && a[i] <= '9';
        const bool db = b[j] >= '0' && b[j] <= '9';
        if (da && db) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && a[ei] >= '0' && a[ei] <= '9')
                ++ei;
            while (ej < b.size() && b[ej] >= '0' && b[ej] <= '9')
                ++ej;
            std::uint64_t na = 0, nb = 0;
            std::from_chars(a.data() + i, a.data() + ei, na);
            std::from_chars(b.data() + j, b.data() + ej, nb);
            if (na != nb)
                return na < nb;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    return a.size() - i < b.size() - j;
}

// Entry names of a directory starting with `prefix`, in natural order; none when unreadable.
std::vector<std::string> listNames(const std::string &dir, std::string_view prefix)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (name.starts_with(prefix))
            names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end(), naturalLess);
    return names;
}

// temp3_input → "temp3"; nothing for other files.
std::optional<std::string> tempInputStem(const std::string &file)
{
    constexpr std::string_view suffix = "_input";
    if (!file.starts_with("temp") || !std::string_view(file).ends_with(suffix))
        return std::nullopt;
    return file.substr(0, file.size() - suffix.size());
}

bool readsAsTemperature(const std::string &path)
{
    const auto text = readAttribute(path);
    return text && parseMillidegrees(*text);
}

void addHwmonSensors(const std::string &dir, std::vector<SensorFile> &out, bool &anyInput)
{
    const auto chip = readAttribute(dir + "/name");
    for (const std::string &file : listNames(dir, "temp")) {
        const auto stem = tempInputStem(file);
        if (!stem)
            continue;
        anyInput = true;
        const std::string input = dir + "/" + file;
        // psutil skips a sensor whose chip has no name or whose input does not read as a number.
        if (!chip || !readsAsTemperature(input))
            continue;
        out.push_back({*chip, readAttribute(dir + "/" + *stem + "_label").value_or(std::string()), input});
    }
}

double percentOf(std::uint64_t now, std::uint64_t full)
{
    return std::clamp(double(now) / double(full) * 100.0, 0.0, 100.0);
}

} // namespace

bool isPhysicalInterface(const std::string &sysRoot, const std::string &name)
{
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        return false; // not an interface name: it would leave /sys/class/net
    const std::string entry = sysRoot + "/class/net/" + name;
    if (!present(entry))
        return looksPhysicalInterface(name);
    return present(entry + "/device");
}

bool isCountedDisk(const std::string &sysRoot, const std::string &name)
{
    const std::string blockDir = sysRoot + "/block";
    if (!present(blockDir))
        return looksWholeDisk(name);
    std::string sysName = name;
    std::replace(sysName.begin(), sysName.end(), '/', '!');
    if (sysName.empty() || sysName == "." || sysName == "..")
        return false;
    const std::string entry = blockDir + "/" + sysName;
    return present(entry) && present(entry + "/device");
}

std::vector<SensorFile> findTemperatureSensors(const std::string &sysRoot)
{
    std::vector<SensorFile> sensors;
    bool anyInput = false;
    const std::string hwmon = sysRoot + "/class/hwmon";
    for (const std::string &dir : listNames(hwmon, "hwmon")) {
        addHwmonSensors(hwmon + "/" + dir, sensors, anyInput);
        addHwmonSensors(hwmon + "/" + dir + "/device", sensors, anyInput);
    }
    if (anyInput)
        return sensors;
    const std::string thermal = sysRoot + "/class/thermal";
    for (const std::string &zone : listNames(thermal, "thermal_zone")) {
        const std::string dir = thermal + "/" + zone;
        const auto type = readAttribute(dir + "/type");
        if (type && readsAsTemperature(dir + "/temp"))
            sensors.push_back({*type, std::string(), dir + "/temp"});
    }
    return sensors;
}

std::optional<double> parseMillidegrees(std::string_view text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.remove_suffix(1);
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return double(value) / 1000.0;
}

std::vector<Temperature> readTemperatures(const std::vector<SensorFile> &sensors, bool *stale)
{
    std::vector<Temperature> temps;
    temps.reserve(sensors.size());
    for (const SensorFile &s : sensors) {
        const auto text = readAttribute(s.inputPath);
        const auto celsius = text ? parseMillidegrees(*text) : std::nullopt;
        if (!celsius) {
            if (stale)
                *stale = true;
            continue;
        }
        temps.push_back({s.chip, s.label, *celsius});
    }
    return temps;
}

PowerSupplies findPowerSupplies(const std::string &sysRoot)
{
    PowerSupplies supplies;
    const std::string base = sysRoot + "/class/power_supply";
    for (const std::string &name : listNames(base, "")) {
        const std::string dir = base + "/" + name;
        const auto type = readAttribute(dir + "/type");
        if (!type)
            continue;
        if (*type == "Battery" && readAttribute(dir + "/scope").value_or("System") != "Device")
            supplies.batteries.push_back(dir);
        else if (*type == "Mains")
            supplies.mains.push_back(dir);
    }
    return supplies;
}

BatteryState parseBatteryStatus(std::string_view text)
{
    if (text == "Charging")
        return BatteryState::Charging;
    if (text == "Discharging")
        return BatteryState::Discharging;
    if (text == "Not charging")
        return BatteryState::NotCharging;
    if (text == "Full")
        return BatteryState::Full;
    return BatteryState::Unknown;
}

std::optional<Battery> readBattery(const PowerSupplies &supplies)
{
    std::vector<double> percents;
    std::uint64_t energyNow = 0, energyFull = 0;
    bool allEnergy = true;
    std::vector<BatteryState> states;
    for (const std::string &dir : supplies.batteries) {
        if (readAttribute(dir + "/present").value_or("1") == "0")
            continue;
        const auto eNow = readNumber(dir + "/energy_now");
        const auto eFull = readNumber(dir + "/energy_full");
        const auto cNow = readNumber(dir + "/charge_now");
        const auto cFull = readNumber(dir + "/charge_full");
        std::optional<double> percent;
        if (eNow && eFull && *eFull > 0) {
            percent = percentOf(*eNow, *eFull);
            energyNow += *eNow;
            energyFull += *eFull;
        } else {
            allEnergy = false;
            if (cNow && cFull && *cFull > 0)
                percent = percentOf(*cNow, *cFull);
            else if (const auto capacity = readNumber(dir + "/capacity"))
                percent = std::clamp(double(*capacity), 0.0, 100.0);
        }
        if (!percent)
            continue;
        percents.push_back(*percent);
        states.push_back(parseBatteryStatus(readAttribute(dir + "/status").value_or(std::string())));
    }
    if (percents.empty())
        return std::nullopt;

    Battery battery;
    // Two batteries hold different amounts: weigh by energy where every one reports it.
    if (allEnergy && energyFull > 0)
        battery.percent = percentOf(energyNow, energyFull);
    else {
        double sum = 0.0;
        for (const double p : percents)
            sum += p;
        battery.percent = sum / double(percents.size());
    }
    const auto any = [&](BatteryState s) { return std::find(states.begin(), states.end(), s) != states.end(); };
    if (any(BatteryState::Charging))
        battery.state = BatteryState::Charging;
    else if (any(BatteryState::Discharging))
        battery.state = BatteryState::Discharging;
    else if (std::all_of(states.begin(), states.end(), [](BatteryState s) { return s == BatteryState::Full; }))
        battery.state = BatteryState::Full;
    else if (any(BatteryState::NotCharging))
        battery.state = BatteryState::NotCharging;

    for (const std::string &dir : supplies.mains) {
        if (const auto online = readNumber(dir + "/online"))
            battery.powerPlugged = battery.powerPlugged.value_or(false) || *online == 1;
    }
    if (!battery.powerPlugged) {
        if (battery.state == BatteryState::Discharging)
            battery.powerPlugged = false;
        else if (battery.state == BatteryState::Charging || battery.state == BatteryState::Full)
            battery.powerPlugged = true;
    }
    return battery;
}

} // namespace ziggie::machine
