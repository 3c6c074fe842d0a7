// What /sys says, on fixture trees: which interfaces and disks count, sensors, batteries.
#include "machinefixture.h"
#include "machinesysfs.h"

#include <QTest>

using namespace ziggie::machine;
using machinetest::sysRoot;

namespace {
struct Expected
{
    const char *chip;
    const char *label;
    double celsius;
};

void compareTemperatures(const std::vector<Temperature> &got, std::initializer_list<Expected> want)
{
    QCOMPARE(got.size(), want.size());
    std::size_t i = 0;
    for (const Expected &e : want) {
        QCOMPARE(got[i].chip, std::string(e.chip));
        QCOMPARE(got[i].label, std::string(e.label));
        QCOMPARE(got[i].celsius, e.celsius);
        ++i;
    }
}
} // namespace

class TestMachineSysfs : public QObject
{
    Q_OBJECT

private slots:
    void interfaces_data()
    {
        QTest::addColumn<QString>("machine");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("physical");
        QTest::newRow("virtio NIC of a VM") << "vm" << "eth0" << true;
        QTest::newRow("loopback") << "vm" << "lo" << false;
        QTest::newRow("docker bridge") << "vm" << "docker0" << false;
        QTest::newRow("unplugged ethernet") << "laptop" << "enp0s31f6" << true;
        QTest::newRow("wifi") << "laptop" << "wlp0s20f3" << true;
        QTest::newRow("veth") << "laptop" << "veth7a1c2d3" << false;
        QTest::newRow("compose bridge") << "laptop" << "br-4f2a9c1e8b77" << false;
        QTest::newRow("openvpn") << "laptop" << "tun0" << false;
        QTest::newRow("wireguard") << "laptop" << "wg0" << false;
        QTest::newRow("libvirt bridge") << "desktop" << "virbr0" << false;
        QTest::newRow("libvirt guest tap") << "desktop" << "vnet0" << false;
        QTest::newRow("desktop NIC") << "desktop" << "enp5s0" << true;
        // Not in this /sys (another namespace, just plugged): the name decides.
        QTest::newRow("USB adapter sysfs does not list") << "laptop" << "enx00e04c680001" << true;
        QTest::newRow("veth sysfs does not list") << "laptop" << "veth99" << false;
        // No /sys/class/net at all: names only.
        QTest::newRow("no sysfs: eth0") << "old-server" << "eth0" << true;
        QTest::newRow("no sysfs: eth1") << "old-server" << "eth1" << true;
        QTest::newRow("no sysfs: bond over eth0/eth1") << "old-server" << "bond0" << false;
        QTest::newRow("no sysfs: VLAN") << "old-server" << "eth0.100" << false;
        QTest::newRow("no sysfs: lo") << "old-server" << "lo" << false;
        QTest::newRow("no sysfs: virbr0") << "old-server" << "virbr0" << false;
    }
    void interfaces()
    {
        QFETCH(QString, machine);
        QFETCH(QString, name);
        QFETCH(bool, physical);
        QCOMPARE(isPhysicalInterface(sysRoot(qPrintable(machine)), name.toStdString()), physical);
    }
    void interfaceNamesCannotEscapeTheTree()
    {
        QVERIFY(!isPhysicalInterface(sysRoot("laptop"), "../../block/nvme0n1"));
        QVERIFY(!isPhysicalInterface(sysRoot("laptop"), ""));
    }

    void disks_data()
    {
        QTest::addColumn<QString>("machine");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("counted");
        QTest::newRow("virtio disk") << "vm" << "vda" << true;
        QTest::newRow("its partition") << "vm" << "vda1" << false;
        QTest::newRow("BIOS boot partition") << "vm" << "vda14" << false;
        QTest::newRow("loop (a file)") << "vm" << "loop1" << false;
        QTest::newRow("zram (memory)") << "vm" << "zram0" << false;
        QTest::newRow("nvme") << "laptop" << "nvme0n1" << true;
        QTest::newRow("nvme partition") << "laptop" << "nvme0n1p3" << false;
        QTest::newRow("LUKS over nvme0n1p3") << "laptop" << "dm-0" << false;
        QTest::newRow("snap loop") << "laptop" << "loop0" << false;
        QTest::newRow("zram swap") << "laptop" << "zram0" << false;
        QTest::newRow("SATA disk") << "desktop" << "sda" << true;
        QTest::newRow("second SATA disk") << "desktop" << "sdb" << true;
        QTest::newRow("RAID1 over sda1 and sdb1") << "desktop" << "md0" << false;
        QTest::newRow("optical drive") << "desktop" << "sr0" << true;
        QTest::newRow("gone since diskstats was read") << "desktop" << "sdz" << false;
        QTest::newRow("no sysfs: sda") << "old-server" << "sda" << true;
        QTest::newRow("no sysfs: sda2") << "old-server" << "sda2" << false;
        QTest::newRow("no sysfs: LVM") << "old-server" << "dm-1" << false;
        QTest::newRow("no sysfs: ram0") << "old-server" << "ram0" << false;
        QTest::newRow("no sysfs: xvda") << "old-server" << "xvda" << true;
        QTest::newRow("no sysfs: xvda1") << "old-server" << "xvda1" << false;
    }
    void disks()
    {
        QFETCH(QString, machine);
        QFETCH(QString, name);
        QFETCH(bool, counted);
        QCOMPARE(isCountedDisk(sysRoot(qPrintable(machine)), name.toStdString()), counted);
    }
    void diskNamesCannotEscapeTheTree()
    {
        QVERIFY(!isCountedDisk(sysRoot("laptop"), ".."));
        QVERIFY(!isCountedDisk(sysRoot("laptop"), "."));
        QVERIFY(!isCountedDisk(sysRoot("laptop"), ""));
        // '/' is '!' in /sys, so a name with one stays inside /sys/block.
        QVERIFY(!isCountedDisk(sysRoot("laptop"), "../class"));
    }

    void laptopSensorsInNaturalOrder()
    {
        // hwmon0 (the adapter) has no temperature; hwmon10 comes after hwmon2, temp10 after
        // temp5; the thermal zone is not read since hwmon has sensors.
        compareTemperatures(readTemperatures(findTemperatureSensors(sysRoot("laptop"))),
                            {{"acpitz", "", 52.0},
                             {"acpitz", "", 27.8},
                             {"nvme", "Composite", 38.85},
                             {"nvme", "Sensor 1", 38.85},
                             {"nvme", "Sensor 2", 43.85},
                             {"coretemp", "Package id 0", 54.0},
                             {"coretemp", "Core 0", 51.0},
                             {"coretemp", "Core 1", 53.0},
                             {"coretemp", "Core 2", 50.0},
                             {"coretemp", "Core 3", 54.0},
                             {"coretemp", "Core 8", 49.0}});
    }
    void desktopSkipsASensorThatDoesNotRead()
    {
        compareTemperatures(readTemperatures(findTemperatureSensors(sysRoot("desktop"))),
                            {{"nvme", "Composite", 41.85},
                             {"k10temp", "Tctl", 61.25},
                             {"k10temp", "Tccd1", 48.5},
                             {"amdgpu", "edge", 44.0}});
    }
    void vmHasNoSensors()
    {
        QVERIFY(findTemperatureSensors(sysRoot("vm")).empty());
        QVERIFY(findTemperatureSensors(sysRoot("no-such-machine")).empty());
    }
    void thermalZonesWhenHwmonHasNone()
    {
        compareTemperatures(readTemperatures(findTemperatureSensors(sysRoot("thermal-only"))),
                            {{"acpitz", "", 27.8}, {"x86_pkg_temp", "", 45.0}, {"soc_dts0", "", -2.5}});
    }
    void olderHwmonLayoutUnderDevice()
    {
        compareTemperatures(readTemperatures(findTemperatureSensors(sysRoot("old-server"))),
                            {{"coretemp", "Core 0", 39.0}, {"coretemp", "Core 1", 41.0}});
    }
    void aSensorThatVanishedIsLeftOutAndReported()
    {
        auto sensors = findTemperatureSensors(sysRoot("desktop"));
        sensors.push_back({"gone", "", sysRoot("desktop") + "/class/hwmon/hwmon9/temp1_input"});
        bool stale = false;
        const auto temps = readTemperatures(sensors, &stale);
        QVERIFY(stale);
        QCOMPARE(temps.size(), std::size_t(4));
        stale = false;
        readTemperatures(findTemperatureSensors(sysRoot("desktop")), &stale);
        QVERIFY(!stale);
    }
    void millidegrees()
    {
        QCOMPARE(parseMillidegrees("54000\n").value_or(-1), 54.0);
        QCOMPARE(parseMillidegrees("-2500").value_or(0), -2.5);
        QVERIFY(!parseMillidegrees(""));
        QVERIFY(!parseMillidegrees("54.0"));
        QVERIFY(!parseMillidegrees("N/A"));
    }

    void laptopCharging()
    {
        const auto supplies = findPowerSupplies(sysRoot("laptop"));
        // Not the wireless mouse (scope Device), not the USB-C port.
        QCOMPARE(supplies.batteries.size(), std::size_t(1));
        QVERIFY(supplies.batteries[0].ends_with("/BAT0"));
        QCOMPARE(supplies.mains.size(), std::size_t(1));
        const auto battery = readBattery(supplies);
        QVERIFY(battery);
        // energy_now / energy_full rather than the rounded capacity file (71).
        QCOMPARE(battery->percent, 40350000.0 / 56000000.0 * 100.0);
        QCOMPARE(battery->state, BatteryState::Charging);
        QVERIFY(battery->charging());
        QCOMPARE(battery->powerPlugged, std::optional<bool>(true));
    }
    void laptopDischargingWithAnEmptyBay()
    {
        const auto battery = readBattery(findPowerSupplies(sysRoot("laptop-discharging")));
        QVERIFY(battery);
        QCOMPARE(battery->percent, 60.0); // charge_now / charge_full; BAT1 is not there
        QCOMPARE(battery->state, BatteryState::Discharging);
        QVERIFY(!battery->charging());
        QCOMPARE(battery->powerPlugged, std::optional<bool>(false));
    }
    void capacityOnlyAndNotCharging()
    {
        const auto battery = readBattery(findPowerSupplies(sysRoot("laptop-capacity")));
        QVERIFY(battery);
        QCOMPARE(battery->percent, 80.0);
        QCOMPARE(battery->state, BatteryState::NotCharging);
        QVERIFY(!battery->powerPlugged); // no Mains supply, and the status does not say
    }
    void twoBatteriesAreWeighedByEnergy()
    {
        const auto battery = readBattery(findPowerSupplies(sysRoot("laptop-two-batteries")));
        QVERIFY(battery);
        QCOMPARE(battery->percent, 70.0); // (10 + 60) / (20 + 80), not the mean of 50 and 75
        QCOMPARE(battery->state, BatteryState::Discharging);
        QCOMPARE(battery->powerPlugged, std::optional<bool>(false));
    }
    void noBattery()
    {
        QVERIFY(!readBattery(findPowerSupplies(sysRoot("desktop"))));
        QVERIFY(!readBattery(findPowerSupplies(sysRoot("vm"))));
        QVERIFY(findPowerSupplies(sysRoot("vm")).batteries.empty());
    }
    void batteryStatus()
    {
        QCOMPARE(parseBatteryStatus("Charging"), BatteryState::Charging);
        QCOMPARE(parseBatteryStatus("Discharging"), BatteryState::Discharging);
        QCOMPARE(parseBatteryStatus("Not charging"), BatteryState::NotCharging);
        QCOMPARE(parseBatteryStatus("Full"), BatteryState::Full);
        QCOMPARE(parseBatteryStatus("Unknown"), BatteryState::Unknown);
        QCOMPARE(parseBatteryStatus(""), BatteryState::Unknown);
    }
};

QTEST_GUILESS_MAIN(TestMachineSysfs)
#include "tst_machinesysfs.moc"
