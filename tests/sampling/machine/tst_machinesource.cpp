// The Linux machine source end to end: fixture machines through injected /proc and /sys
// roots, a tree that changes between reads, a root that is not there, and this machine.
#include "machinefixture.h"
#include "machinesource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <algorithm>

using namespace ziggie::machine;
using machinetest::dataDir;
using machinetest::procRoot;
using machinetest::sysRoot;

namespace {

std::vector<std::string> selectedInterfaces(const MachineCounters &c)
{
    std::vector<std::string> names;
    for (const auto &i : *c.interfaces)
        if (i.physical)
            names.push_back(i.name);
    return names;
}

std::vector<std::string> countedDisks(const MachineCounters &c)
{
    std::vector<std::string> names;
    for (const auto &d : *c.disks)
        if (d.counted)
            names.push_back(d.name);
    return names;
}

// Copies a fixture machine so a test can change it between reads.
bool copyTree(const QString &from, const QString &to)
{
    QDir source(from);
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo &entry : source.entryInfoList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot)) {
        const QString target = to + QLatin1Char('/') + entry.fileName();
        if (entry.isDir() ? !copyTree(entry.filePath(), target) : !QFile::copy(entry.filePath(), target))
            return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

} // namespace

class TestMachineSource : public QObject
{
    Q_OBJECT

private slots:
    void laptop()
    {
        auto source = makeOsMachineSource({procRoot("laptop"), sysRoot("laptop")});
        const MachineCounters c = source->read();
        QVERIFY2(c.faults.empty(), c.faults.empty() ? "" : c.faults.front().c_str());
        QCOMPARE(c.cores.size(), std::size_t(8));
        QVERIFY(c.load);
        QCOMPARE(c.load->one, 0.52);
        QVERIFY(c.swap);
        QCOMPARE(quint64(c.swap->total), quint64(16777212) * 1024);
        QVERIFY(c.interfaces);
        QCOMPARE(selectedInterfaces(c), (std::vector<std::string>{"enp0s31f6", "wlp0s20f3"}));
        QVERIFY(c.disks);
        QCOMPARE(countedDisks(c), std::vector<std::string>{"nvme0n1"});
        QCOMPARE(c.temperatures.size(), std::size_t(11));
        QVERIFY(c.battery);
        QVERIFY(c.battery->charging());
    }
    void vmWithoutSensorsOrBattery()
    {
        auto source = makeOsMachineSource({procRoot("vm"), sysRoot("vm")});
        const MachineCounters c = source->read();
        QVERIFY(c.faults.empty());
        QCOMPARE(c.cores.size(), std::size_t(2));
        QCOMPARE(quint64(c.swap->total), quint64(0));
        QCOMPARE(selectedInterfaces(c), std::vector<std::string>{"eth0"});
        QCOMPARE(countedDisks(c), std::vector<std::string>{"vda"});
        QVERIFY(c.temperatures.empty()); // a normal case, not a fault
        QVERIFY(!c.battery);
    }
    void desktopCountsEachDiskOnce()
    {
        auto source = makeOsMachineSource({procRoot("desktop"), sysRoot("desktop")});
        const MachineCounters c = source->read();
        QCOMPARE(c.cores.size(), std::size_t(16));
        QCOMPARE(countedDisks(c), (std::vector<std::string>{"sda", "sdb", "nvme0n1", "sr0"}));
        QCOMPARE(selectedInterfaces(c), std::vector<std::string>{"enp5s0"});
    }
    void missingRootsAreFaultsNotCrashes()
    {
        auto source = makeOsMachineSource({dataDir("no-such-machine") + "/proc", dataDir("no-such-machine") + "/sys"});
        const MachineCounters c = source->read();
        QCOMPARE(c.faults.size(), std::size_t(5)); // stat, loadavg, meminfo, net/dev, diskstats
        QVERIFY(c.faults[0].find("no-such-machine/proc/stat") != std::string::npos);
        QVERIFY(c.cores.empty());
        QVERIFY(!c.load && !c.swap && !c.interfaces && !c.disks && !c.battery);
        QVERIFY(c.temperatures.empty());
    }
    void changesBetweenReadsAreSeen()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString root = tmp.path() + QStringLiteral("/laptop");
        QVERIFY(copyTree(QString::fromStdString(dataDir("laptop")), root));
        auto source = makeOsMachineSource({root.toStdString() + "/proc", root.toStdString() + "/sys"});
        QCOMPARE(source->read().temperatures.size(), std::size_t(11));

        // The NVMe drive's sensors go (drive removed): left out at once, and not looked for again.
        QVERIFY(QDir(root + QStringLiteral("/sys/class/hwmon/hwmon2")).removeRecursively());
        QCOMPARE(source->read().temperatures.size(), std::size_t(8));
        QCOMPARE(source->read().temperatures.size(), std::size_t(8));

        // The file handles stay open across reads, yet each read sees the new text.
        QVERIFY(writeFile(root + QStringLiteral("/proc/loadavg"), "9.99 1.00 0.50 1/2 3\n"));
        QCOMPARE(source->read().load->one, 9.99);

        // usb0 appears without a /sys entry (judged by name), goes, and comes back with one
        // that says virtual (a gadget's host side): asked again, not remembered.
        const QByteArray netDev = [&] {
            QFile f(root + QStringLiteral("/proc/net/dev"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        const QByteArray usbLine = "  usb0: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n";
        QVERIFY(writeFile(root + QStringLiteral("/proc/net/dev"), netDev + usbLine));
        auto names = selectedInterfaces(source->read());
        QVERIFY(std::find(names.begin(), names.end(), "usb0") != names.end());
        QVERIFY(writeFile(root + QStringLiteral("/proc/net/dev"), netDev));
        source->read();
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sys/class/net/usb0")));
        QVERIFY(writeFile(root + QStringLiteral("/proc/net/dev"), netDev + usbLine));
        names = selectedInterfaces(source->read());
        QVERIFY(std::find(names.begin(), names.end(), "usb0") == names.end());
    }
    void thisMachine()
    {
        auto source = makeOsMachineSource();
        const MachineCounters c = source->read();
        QVERIFY2(c.faults.empty(), c.faults.empty() ? "" : c.faults.front().c_str());
        // /proc/stat lists the online CPUs, as glibc counts them.
        QCOMPARE(long(c.cores.size()), ::sysconf(_SC_NPROCESSORS_ONLN));
        QVERIFY(c.load && c.swap && c.interfaces && c.disks);
        const auto lo = std::find_if(c.interfaces->begin(), c.interfaces->end(),
                                     [](const InterfaceCounters &i) { return i.name == "lo"; });
        QVERIFY(lo != c.interfaces->end());
        QVERIFY(!lo->physical);
        for (const auto &t : c.temperatures)
            QVERIFY(!t.chip.empty());
    }
};

QTEST_GUILESS_MAIN(TestMachineSource)
#include "tst_machinesource.moc"
