// Arithmetic between two readings: wraps, resets, devices and CPUs that come and go, time
// that does not move. Nothing here may ever give a negative, NaN or absurd value.
#include "machinerates.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace ziggie::machine;

namespace {
InterfaceCounters nic(const char *name, std::uint64_t rx, std::uint64_t tx, bool physical = true)
{
    return {name, rx, tx, physical};
}
DiskCounters disk(const char *name, std::uint64_t read, std::uint64_t written, bool counted = true)
{
    return {name, read, written, counted};
}
constexpr std::uint64_t k32 = std::uint64_t(1) << 32;
} // namespace

class TestMachineRates : public QObject
{
    Q_OBJECT

private slots:
    void counterDeltas_data()
    {
        QTest::addColumn<quint64>("previous");
        QTest::addColumn<quint64>("current");
        QTest::addColumn<quint64>("wrap");
        QTest::addColumn<bool>("counted");
        QTest::addColumn<quint64>("delta");
        QTest::newRow("forward") << quint64(100) << quint64(250) << quint64(kNetWrap) << true << quint64(150);
        QTest::newRow("still") << quint64(7) << quint64(7) << quint64(kNetWrap) << true << quint64(0);
        QTest::newRow("64-bit counter far past 2^32")
            << quint64(5000000000) << quint64(9000000000) << quint64(kNetWrap) << true << quint64(4000000000);
        QTest::newRow("32-bit wrap") << quint64(k32 - 1000) << quint64(500) << quint64(kNetWrap) << true
                                     << quint64(1500);
        QTest::newRow("32-bit wrap from the top") << quint64(k32 - 1) << quint64(0) << quint64(kNetWrap) << true
                                                  << quint64(1);
        // Back to a small value from low in the range: the interface went down and up.
        QTest::newRow("reset") << quint64(1000000000) << quint64(5000) << quint64(kNetWrap) << false << quint64(0);
        QTest::newRow("reset of a 64-bit counter")
            << quint64(5000000000) << quint64(100) << quint64(kNetWrap) << false << quint64(0);
        QTest::newRow("back a little: not a wrap") << quint64(5000) << quint64(4000) << quint64(kNetWrap) << false
                                                   << quint64(0);
        QTest::newRow("disk sectors wrap (x512)")
            << quint64(kDiskWrap - 512 * 10) << quint64(512 * 5) << quint64(kDiskWrap) << true << quint64(512 * 15);
        QTest::newRow("no wrap width: any step back is a reset")
            << quint64(k32 - 1) << quint64(0) << quint64(0) << false << quint64(0);
    }
    void counterDeltas()
    {
        QFETCH(quint64, previous);
        QFETCH(quint64, current);
        QFETCH(quint64, wrap);
        QFETCH(bool, counted);
        QFETCH(quint64, delta);
        const auto d = counterDelta(previous, current, wrap);
        QCOMPARE(d.has_value(), counted);
        if (counted)
            QCOMPARE(quint64(*d), delta);
    }

    void coreBusyShare()
    {
        // 300 work, 600 idle, 100 iowait: 30 % busy (iowait is idle, as psutil has it).
        const auto p = coreBusyPercent({0, 1000, 5000, 200}, {0, 1300, 5600, 300});
        QVERIFY(p);
        QCOMPARE(*p, 30.0);
        QCOMPARE(coreBusyPercent({0, 0, 0, 0}, {0, 100, 0, 0}).value_or(-1), 100.0);
        QCOMPARE(coreBusyPercent({0, 0, 0, 0}, {0, 0, 100, 0}).value_or(-1), 0.0);
    }
    void coreIowaitGoingBackwardsCountsAsNone()
    {
        // proc(5): iowait can decrease. Busy 100 of 100 + 300 idle.
        const auto p = coreBusyPercent({0, 1000, 5000, 900}, {0, 1100, 5300, 800});
        QVERIFY(p);
        QCOMPARE(*p, 25.0);
    }
    void coreCountersResetGiveNothing()
    {
        QVERIFY(!coreBusyPercent({0, 1000, 5000, 0}, {0, 10, 5100, 0}));  // work back
        QVERIFY(!coreBusyPercent({0, 1000, 5000, 0}, {0, 1100, 50, 0}));  // idle back
        QVERIFY(!coreBusyPercent({0, 1000, 5000, 9}, {0, 1000, 5000, 9})); // no time
        QVERIFY(!coreBusyPercent({0, 1000, 5000, 9}, {0, 1000, 5000, 3})); // only iowait moved, back
    }
    void coresComeAndGo()
    {
        // cpu1 went offline, cpu3 came online, cpu2's counters reset: only cpu0 is measured.
        const std::vector<CoreTimes> before{{0, 100, 900, 0}, {1, 100, 900, 0}, {2, 5000, 9000, 0}};
        const std::vector<CoreTimes> after{{0, 150, 1000, 0}, {2, 10, 20, 0}, {3, 500, 800, 0}};
        const auto busy = coreBusy(before, after);
        QCOMPARE(busy.size(), std::size_t(1));
        QCOMPARE(busy[0].cpu, 0u);
        QCOMPARE(busy[0].percent, 50.0 / 150.0 * 100.0);
        QVERIFY(coreBusy({}, after).empty());
        // Next interval: cpu3 is measured now that it has a baseline.
        const std::vector<CoreTimes> later{{0, 200, 1100, 0}, {2, 20, 30, 0}, {3, 520, 880, 0}};
        const auto next = coreBusy(after, later);
        QCOMPARE(next.size(), std::size_t(3));
        QCOMPARE(next[2].cpu, 3u);
        QCOMPARE(next[2].percent, 20.0);
    }
    void noCounterNoiseGivesAValueOutsideTheRange()
    {
        std::mt19937_64 random(16);
        const auto any = [&] { return random() % 4 == 0 ? random() : random() % 100000; };
        for (int i = 0; i < 20000; ++i) {
            const CoreTimes a{0, any(), any(), any()};
            const CoreTimes b{0, any(), any(), any()};
            if (const auto p = coreBusyPercent(a, b))
                QVERIFY2(*p >= 0.0 && *p <= 100.0 && std::isfinite(*p), qPrintable(QString::number(*p)));
            const auto rates = netRates({nic("eth0", any(), any())}, {nic("eth0", any(), any())},
                                        double(random() % 3000) / 1000.0);
            if (rates)
                QVERIFY(rates->rxBytesPerSecond >= 0.0 && std::isfinite(rates->rxBytesPerSecond)
                        && rates->txBytesPerSecond >= 0.0 && std::isfinite(rates->txBytesPerSecond));
        }
    }

    void swapUsageAsPsutil()
    {
        const auto none = swapUsage({0, 0});
        QCOMPARE(quint64(none.total), quint64(0));
        QCOMPARE(none.percent, 0.0);
        const auto some = swapUsage({1000, 250});
        QCOMPARE(quint64(some.used), quint64(750));
        QCOMPARE(quint64(some.free), quint64(250));
        QCOMPARE(some.percent, 75.0);
        // More free than total (read between two updates): nothing used, not a wrap-around.
        const auto odd = swapUsage({1000, 1200});
        QCOMPARE(quint64(odd.used), quint64(0));
        QCOMPARE(odd.percent, 0.0);
    }

    void networkSumsPhysicalInterfacesInBothReadings()
    {
        const std::vector<InterfaceCounters> before{nic("eth0", 1000, 2000), nic("lo", 50, 50, false),
                                                    nic("wlan0", 10, 10)};
        // wlan0 went away, usb0 appeared, lo is virtual.
        const std::vector<InterfaceCounters> after{nic("eth0", 3000, 2500), nic("lo", 5000, 5000, false),
                                                   nic("usb0", 100000, 100000)};
        const auto rates = netRates(before, after, 2.0);
        QVERIFY(rates);
        QCOMPARE(rates->rxBytesPerSecond, 1000.0);
        QCOMPARE(rates->txBytesPerSecond, 250.0);
        QCOMPARE(quint64(rates->rxBytesTotal), quint64(2000));
        QCOMPARE(quint64(rates->txBytesTotal), quint64(500));
        QCOMPARE(rates->interfaces.size(), std::size_t(1));
        QCOMPARE(rates->interfaces[0].name, std::string("eth0"));
        QCOMPARE(rates->interfaces[0].inBytesPerSecond, 1000.0);
    }
    void networkResetContributesNothing()
    {
        const auto rates = netRates({nic("eth0", 900000000, 900000000), nic("eth1", 100, 100)},
                                    {nic("eth0", 5000, 4000), nic("eth1", 300, 500)}, 1.0);
        QVERIFY(rates);
        QCOMPARE(rates->rxBytesPerSecond, 200.0);
        QCOMPARE(rates->txBytesPerSecond, 400.0);
        QCOMPARE(rates->interfaces.size(), std::size_t(1));
    }
    void networkOneDirectionResetDropsTheInterface()
    {
        // rx moved on, tx went back: the interface was reset, rx's figure is not trustworthy.
        const auto rates = netRates({nic("eth0", 1000, 900000000)}, {nic("eth0", 2000, 10)}, 1.0);
        QVERIFY(rates);
        QCOMPARE(rates->rxBytesPerSecond, 0.0);
        QVERIFY(rates->interfaces.empty());
    }
    void networkNameListedTwiceCountsOnce()
    {
        const auto rates = netRates({nic("Ethernet", 0, 0), nic("Ethernet", 0, 0)},
                                    {nic("Ethernet", 100, 100), nic("Ethernet", 100, 100)}, 1.0);
        QVERIFY(rates);
        QCOMPARE(rates->rxBytesPerSecond, 100.0);
        QCOMPARE(rates->interfaces.size(), std::size_t(1));
    }
    void network32BitWrap()
    {
        const auto rates = netRates({nic("eth0", k32 - 4000, 10)}, {nic("eth0", 6000, 20)}, 2.0);
        QVERIFY(rates);
        QCOMPARE(rates->rxBytesPerSecond, 5000.0);
        QCOMPARE(rates->txBytesPerSecond, 5.0);
    }
    void networkNeedsTimeToPass_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::newRow("zero") << 0.0;
        QTest::newRow("negative") << -2.0;
        QTest::newRow("NaN") << std::nan("");
    }
    void networkNeedsTimeToPass()
    {
        QFETCH(double, seconds);
        QVERIFY(!netRates({nic("eth0", 0, 0)}, {nic("eth0", 100, 100)}, seconds));
        QVERIFY(!diskIoRates({disk("sda", 0, 0)}, {disk("sda", 100, 100)}, seconds));
    }
    void networkAllowListReplacesPhysical()
    {
        const std::vector<InterfaceCounters> before{nic("eth0", 0, 0), nic("wg0", 0, 0, false)};
        const std::vector<InterfaceCounters> after{nic("eth0", 1000, 1000), nic("wg0", 300, 100, false)};
        const auto wg = netRates(before, after, 1.0, {"wg0"});
        QVERIFY(wg);
        QCOMPARE(wg->rxBytesPerSecond, 300.0);
        QCOMPARE(wg->txBytesPerSecond, 100.0);
        const auto both = netRates(before, after, 1.0, {"eth0", "wg0"});
        QCOMPARE(both->rxBytesPerSecond, 1300.0);
        // A name that is not there: nothing summed, but still a rate (0), not an absence.
        const auto missing = netRates(before, after, 1.0, {"eth9"});
        QVERIFY(missing);
        QCOMPARE(missing->rxBytesPerSecond, 0.0);
        QVERIFY(!interfaceSelected(nic("ETH0", 0, 0), {"eth0"})); // exact names
    }

    void diskSumsCountedDisks()
    {
        // sda1 is a partition (its bytes are inside sda's), dm-0 is stacked on sda; sdb is new.
        const std::vector<DiskCounters> before{disk("sda", 512 * 100, 512 * 200), disk("sda1", 0, 0, false),
                                               disk("dm-0", 0, 0, false)};
        const std::vector<DiskCounters> after{disk("sda", 512 * 300, 512 * 1200), disk("sda1", 512 * 200, 512 * 1000, false),
                                              disk("dm-0", 512 * 200, 512 * 1000, false), disk("sdb", 512, 512)};
        const auto rates = diskIoRates(before, after, 0.5);
        QVERIFY(rates);
        QCOMPARE(rates->readBytesPerSecond, 512.0 * 200 / 0.5);
        QCOMPARE(rates->writeBytesPerSecond, 512.0 * 1000 / 0.5);
        QCOMPARE(quint64(rates->readBytesTotal), quint64(512 * 200));
        QCOMPARE(rates->disks.size(), std::size_t(1));
        QCOMPARE(rates->disks[0].name, std::string("sda"));
    }
    void diskResetAndWrap()
    {
        // sda: sectors wrapped at 2^32 (32-bit kernel); sdb: reset (driver reloaded).
        const auto rates = diskIoRates({disk("sda", kDiskWrap - 512, 0), disk("sdb", 512 * 1000000, 0)},
                                       {disk("sda", 512, 0), disk("sdb", 512, 0)}, 1.0);
        QVERIFY(rates);
        QCOMPARE(rates->readBytesPerSecond, 1024.0);
        QCOMPARE(rates->disks.size(), std::size_t(1));
    }

    void interfaceNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("physical");
        for (const char *n : {"eth0", "enp5s0", "eno1", "wlan0", "wlp0s20f3", "enx00e04c680001", "usb0", "wwan0",
                              "en0", "en7"})
            QTest::newRow(n) << n << true;
        for (const char *n : {"lo", "lo0", "docker0", "docker_gwbridge", "br-4f2a9c1e8b77", "br0", "veth7a1c2d3",
                              "virbr0", "virbr0-nic", "vnet3", "tun0", "tap0", "wg0", "podman0", "cni0",
                              "flannel.1", "cali12ab", "vxlan.calico", "cilium_host", "lxcbr0", "tailscale0",
                              "ztabcdef", "bond0", "team0", "eth0.100", "dummy0", "ifb0", "sit0", "gre0",
                              "ip6tnl0", "ppp0", "vboxnet0", "vmnet8", "utun3", "awdl0", "llw0", "bridge0",
                              "gif0", "stf0", ""})
            QTest::newRow(*n ? n : "(empty)") << n << false;
    }
    void interfaceNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, physical);
        QCOMPARE(looksPhysicalInterface(name.toStdString()), physical);
    }
    void diskNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("whole");
        for (const char *n : {"sda", "sdaa", "vda", "xvda", "hdc", "dasda", "nvme0n1", "nvme10n12", "mmcblk0",
                              "mmcblk0boot0", "sr0"})
            QTest::newRow(n) << n << true;
        for (const char *n : {"sda1", "sdaa12", "vda15", "xvda1", "hdc3", "nvme0n1p1", "nvme0c0n1", "mmcblk0p2",
                              "mmcblk0rpmb", "loop0", "ram0", "zram0", "dm-0", "md0", "md127", "nbd0",
                              "cciss/c0d0p1", ""})
            QTest::newRow(*n ? n : "(empty)") << n << false;
    }
    void diskNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, whole);
        QCOMPARE(looksWholeDisk(name.toStdString()), whole);
    }
};

QTEST_GUILESS_MAIN(TestMachineRates)
#include "tst_machinerates.moc"
