// The /proc parsers on fixtures from several kernels and on text they must refuse.
#include "machinefixture.h"
#include "machineproc.h"

#include <QTest>

using namespace ziggie::machine;
using machinetest::procFile;

namespace {
constexpr std::uint64_t KiB = 1024;
constexpr std::uint64_t Sector = 512;

const InterfaceCounters *findInterface(const std::vector<InterfaceCounters> &all, const char *name)
{
    for (const auto &i : all)
        if (i.name == name)
            return &i;
    return nullptr;
}

const DiskCounters *findDisk(const std::vector<DiskCounters> &all, const char *name)
{
    for (const auto &d : all)
        if (d.name == name)
            return &d;
    return nullptr;
}
} // namespace

class TestMachineProc : public QObject
{
    Q_OBJECT

private slots:
    void perCpuLines_data()
    {
        QTest::addColumn<QString>("machine");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("index");
        QTest::addColumn<uint>("cpu");
        QTest::addColumn<quint64>("work");
        QTest::addColumn<quint64>("idle");
        QTest::addColumn<quint64>("iowait");
        // work = user + nice + system + irq + softirq + steal
        QTest::newRow("2-core VM, 10 columns, steal")
            << "vm" << 2 << 1 << 1u << quint64(186766 + 3076 + 38446 + 0 + 592 + 241) << quint64(140958)
            << quint64(2558);
        QTest::newRow("laptop, 8 threads") << "laptop" << 8 << 0 << 0u << quint64(283106 + 530 + 75021 + 7801)
                                           << quint64(3975300) << quint64(3301);
        // cpu0 has 5000 of guest time, already inside user: not added again.
        QTest::newRow("16-thread desktop, guest not counted twice")
            << "desktop" << 16 << 0 << 0u << quint64(120000 + 300 + 40000 + 900) << quint64(2000000)
            << quint64(1500);
        QTest::newRow("16-thread desktop, last CPU")
            << "desktop" << 16 << 15 << 15u << quint64(136665 + 315 + 43330 + 915) << quint64(2049995)
            << quint64(1650);
        // cpu3 is offline: seven lines, and the fourth is cpu4.
        QTest::newRow("cpu3 offline") << "cpu-offline" << 7 << 3 << 4u << quint64(127000 + 100 + 41000 + 540)
                                      << quint64(1002000) << quint64(1270);
        QTest::newRow("2.6.32, 8 columns") << "old-server" << 2 << 0 << 0u
                                           << quint64(1150615 + 615 + 406156 + 206 + 4061) << quint64(45615615)
                                           << quint64(15615);
    }
    void perCpuLines()
    {
        QFETCH(QString, machine);
        QFETCH(int, count);
        QFETCH(int, index);
        const auto cores = parsePerCpuStat(procFile(qPrintable(machine), "stat"));
        QCOMPARE(int(cores.size()), count);
        QFETCH(uint, cpu);
        QFETCH(quint64, work);
        QFETCH(quint64, idle);
        QFETCH(quint64, iowait);
        const CoreTimes &c = cores[std::size_t(index)];
        QCOMPARE(c.cpu, cpu);
        QCOMPARE(quint64(c.work), work);
        QCOMPARE(quint64(c.idle), idle);
        QCOMPARE(quint64(c.iowait), iowait);
    }
    void perCpuLinesSkipWhatIsNotOne()
    {
        // The aggregate line, too few columns, a word for a number, a name that only starts
        // like one; a 2.4 kernel's four columns still count.
        const auto cores = parsePerCpuStat("cpu  1 2 3 4 5\n"
                                           "cpu0 1 2 3\n"
                                           "cpu1 1 x 3 4\n"
                                           "cpux 1 2 3 4\n"
                                           "cpu2abc 1 2 3 4\n"
                                           "cpu7 10 20 30 40\n"
                                           "intr 1 2 3");
        QCOMPARE(cores.size(), std::size_t(1));
        QCOMPARE(cores[0].cpu, 7u);
        QCOMPARE(quint64(cores[0].work), quint64(60));
        QCOMPARE(quint64(cores[0].idle), quint64(40));
        QCOMPARE(quint64(cores[0].iowait), quint64(0));
        QVERIFY(parsePerCpuStat("").empty());
    }

    void loadavg()
    {
        const auto vm = parseLoadavg(procFile("vm", "loadavg"));
        QVERIFY(vm);
        QCOMPARE(vm->one, 3.18);
        QCOMPARE(vm->five, 2.12);
        QCOMPARE(vm->fifteen, 1.89);
        const auto idle = parseLoadavg(procFile("old-server", "loadavg"));
        QVERIFY(idle);
        QCOMPARE(idle->one, 0.0);
        QCOMPARE(idle->fifteen, 0.05);
        QVERIFY(!parseLoadavg(""));
        QVERIFY(!parseLoadavg("0.5 0.4"));
        QVERIFY(!parseLoadavg("0.5 abc 0.3 1/2 3"));
        QVERIFY(!parseLoadavg("-1.0 0.4 0.3 1/2 3"));
    }

    void swap_data()
    {
        QTest::addColumn<QString>("machine");
        QTest::addColumn<quint64>("total");
        QTest::addColumn<quint64>("free");
        QTest::newRow("VM without swap") << "vm" << quint64(0) << quint64(0);
        QTest::newRow("laptop, some used") << "laptop" << quint64(16777212 * KiB) << quint64(16505852 * KiB);
        QTest::newRow("kernel 2.6.32") << "old-server" << quint64(4194300 * KiB) << quint64(4190000 * KiB);
    }
    void swap()
    {
        QFETCH(QString, machine);
        QFETCH(quint64, total);
        QFETCH(quint64, free);
        const auto s = parseSwap(procFile(qPrintable(machine), "meminfo"));
        QVERIFY(s);
        QCOMPARE(quint64(s->total), total);
        QCOMPARE(quint64(s->free), free);
    }
    void swapNeedsBothLines()
    {
        QVERIFY(!parseSwap("MemTotal: 100 kB\nSwapTotal: 10 kB\n"));
        QVERIFY(!parseSwap("SwapFree: 10 kB\n"));
        QVERIFY(!parseSwap("SwapTotal: abc kB\nSwapFree: 1 kB\n"));
    }

    void netDevNewKernel()
    {
        const auto all = parseNetDev(procFile("laptop", "net/dev"));
        QCOMPARE(all.size(), std::size_t(8));
        const auto *wifi = findInterface(all, "wlp0s20f3");
        QVERIFY(wifi);
        QCOMPARE(quint64(wifi->rxBytes), quint64(9184732201));
        QCOMPARE(quint64(wifi->txBytes), quint64(712930112));
        QVERIFY(!wifi->physical); // classifying is /sys's business
        const auto *bridge = findInterface(all, "br-4f2a9c1e8b77");
        QVERIFY(bridge);
        QCOMPARE(quint64(bridge->rxBytes), quint64(301211));
        QCOMPARE(quint64(bridge->txBytes), quint64(102311));
        for (const char *name : {"lo", "enp0s31f6", "docker0", "veth7a1c2d3", "tun0", "wg0"})
            QVERIFY2(findInterface(all, name), name);
        const auto *wg = findInterface(all, "wg0");
        QCOMPARE(quint64(wg->rxBytes), quint64(12031233));
        QCOMPARE(quint64(wg->txBytes), quint64(3012312));
    }
    void netDevOldKernelHasNoSpaceAfterTheColon()
    {
        const auto all = parseNetDev(procFile("old-server", "net/dev"));
        QCOMPARE(all.size(), std::size_t(6));
        const auto *eth0 = findInterface(all, "eth0");
        QVERIFY(eth0);
        QCOMPARE(quint64(eth0->rxBytes), quint64(4123123123));
        QCOMPARE(quint64(eth0->txBytes), quint64(3123123123));
        const auto *vlan = findInterface(all, "eth0.100");
        QVERIFY(vlan);
        QCOMPARE(quint64(vlan->rxBytes), quint64(412312));
        QCOMPARE(quint64(vlan->txBytes), quint64(312312));
    }
    void netDevSkipsBrokenLines()
    {
        const auto all = parseNetDev("Inter-|   Receive |  Transmit\n"
                                     " face |bytes packets|bytes packets\n"
                                     "  eth0: 1 2 3\n"                          // cut short
                                     "  eth1: 1 2 3 4 5 6 7 8 x 10 11 12 13 14 15 16\n"
                                     "     : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
                                     "  eth2: 100 2 3 4 5 6 7 8 900 10 11 12 13 14 15 16\n"
                                     "garbage\n");
        QCOMPARE(all.size(), std::size_t(1));
        QCOMPARE(all[0].name, std::string("eth2"));
        QCOMPARE(quint64(all[0].rxBytes), quint64(100));
        QCOMPARE(quint64(all[0].txBytes), quint64(900));
    }

    void diskstatsNewFormat()
    {
        // 5.5+: 17 fields after the name (20 in all).
        const auto vm = parseDiskstats(procFile("vm", "diskstats"));
        QCOMPARE(vm.size(), std::size_t(7));
        const auto *vda = findDisk(vm, "vda");
        QVERIFY(vda);
        QCOMPARE(quint64(vda->readBytes), quint64(11010858) * Sector);
        QCOMPARE(quint64(vda->writtenBytes), quint64(27491448) * Sector);
        QCOMPARE(quint64(findDisk(vm, "loop1")->readBytes), quint64(2170) * Sector);

        const auto laptop = parseDiskstats(procFile("laptop", "diskstats"));
        QCOMPARE(laptop.size(), std::size_t(7));
        const auto *dm = findDisk(laptop, "dm-0");
        QVERIFY(dm);
        QCOMPARE(quint64(dm->readBytes), quint64(41060001) * Sector);
        QCOMPARE(quint64(dm->writtenBytes), quint64(98110012) * Sector);
        for (const char *name : {"nvme0n1", "nvme0n1p1", "nvme0n1p2", "nvme0n1p3", "loop0", "zram0"})
            QVERIFY2(findDisk(laptop, name), name);
    }
    void diskstatsOldFormat()
    {
        // 2.6.x–4.17: 11 fields after the name (14 in all).
        const auto old = parseDiskstats(procFile("old-server", "diskstats"));
        QCOMPARE(old.size(), std::size_t(11));
        const auto *sda = findDisk(old, "sda");
        QVERIFY(sda);
        QCOMPARE(quint64(sda->readBytes), quint64(12312312) * Sector);
        QCOMPARE(quint64(sda->writtenBytes), quint64(41231231) * Sector);
        QCOMPARE(quint64(findDisk(old, "ram0")->readBytes), quint64(0));
    }
    void diskstatsEarly26Partitions()
    {
        // Early 2.6 kernels gave partitions four fields: reads, sectors read, writes, sectors written.
        const auto early = parseDiskstats(procFile("early26", "diskstats"));
        QCOMPARE(early.size(), std::size_t(3));
        QCOMPARE(quint64(early[0].readBytes), quint64(9550688) * Sector);
        QCOMPARE(quint64(early[0].writtenBytes), quint64(5922052) * Sector);
        QCOMPARE(early[1].name, std::string("hda1"));
        QCOMPARE(quint64(early[1].readBytes), quint64(38030) * Sector);
        QCOMPARE(quint64(early[1].writtenBytes), quint64(38030) * Sector);
    }
    void diskstatsSkipsBrokenLines()
    {
        const auto disks = parseDiskstats("   8 0 sda 1 2 3\n"                          // 3 fields
                                          "   8 0 sdb 1 2 3 4 5 6 7 8 9 10 x\n"          // a word
                                          "   x 0 sdc 1 2 3 4 5 6 7 8 9 10 11\n"         // no major
                                          "   8 0 sdd 1 2 3 4 5 6 7 8 9 10 11 12\n"      // 12: no kernel
                                          "   8 48 sde 1 2 4 4 5 6 8 8 9 10 11\n");
        QCOMPARE(disks.size(), std::size_t(1));
        QCOMPARE(disks[0].name, std::string("sde"));
        QCOMPARE(quint64(disks[0].readBytes), quint64(4) * Sector);
        QCOMPARE(quint64(disks[0].writtenBytes), quint64(8) * Sector);
    }
};

QTEST_GUILESS_MAIN(TestMachineProc)
#include "tst_machineproc.moc"
