#include "sysreader.h"

#include <QTest>

using namespace ziggie::sys;

class TestSysReader : public QObject
{
    Q_OBJECT

private slots:
    void cpuPercentIsBusyShareOfElapsed()
    {
        const auto p = cpuPercent({100, 1000}, {175, 1100});
        QVERIFY(p.has_value());
        QCOMPARE(*p, 75.0);
    }
    void cpuCountersGoingBackwardsGiveNothing()
    {
        // After CPU hot-plug the aggregate counters can drop.
        QVERIFY(!cpuPercent({500, 5000}, {400, 4000}).has_value());
        QVERIFY(!cpuPercent({500, 5000}, {400, 5100}).has_value());
        QVERIFY(!cpuPercent({500, 5000}, {500, 5000}).has_value());
    }
    void percentsAreClamped()
    {
        QCOMPARE(memoryPercent({100, 0, 100}), 100.0);
        QCOMPARE(memoryPercent({100, 200, 0}), 0.0);
        QCOMPARE(memoryPercent({0, 0, 0}), 0.0);
        QCOMPARE(diskPercent({0, 0, 0}), 0.0);
    }
    void diskPercentUsesSpaceAvailableToUsers()
    {
        // psutil: used / (used + avail_to_user); the root reserve is in neither.
        QCOMPARE(diskPercent({1000, 450, 450}), 50.0);
    }
    void liveReadersAnswer()
    {
        std::string error;
        const auto cpu = readCpuTimes(error);
        QVERIFY2(cpu.has_value(), error.c_str());
        QVERIFY(cpu->total >= cpu->busy);
        const auto mem = readMemory(error);
        QVERIFY2(mem.has_value(), error.c_str());
        QVERIFY(mem->total > 0 && mem->used <= mem->total && mem->available <= mem->total);
        const auto disk = readDisk(systemDiskPath(), error);
        QVERIFY2(disk.has_value(), error.c_str());
        QVERIFY(disk->total > 0 && disk->used <= disk->total);
    }
    void missingDiskPathIsAnError()
    {
        std::string error;
        QVERIFY(!readDisk("/nonexistent/ziggie-test", error).has_value());
        QVERIFY(error.find("/nonexistent/ziggie-test") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSysReader)
#include "tst_sysreader.moc"
