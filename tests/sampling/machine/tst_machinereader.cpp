// MachineReader over a scripted source and an injected clock: the first reading, rates over
// the interval, totals that stay monotonic through resets, a clock that does not move, and a
// source that fails for a tick.
#include "machinereader.h"

#include <QTest>

#include <deque>

using namespace ziggie::machine;
using namespace std::chrono_literals;

namespace {

class ScriptedSource final : public MachineSource
{
public:
    explicit ScriptedSource(std::deque<MachineCounters> *script)
        : m_script(script)
    {
    }
    MachineCounters read() override
    {
        if (m_script->empty())
            qFatal("the test read more often than it scripted");
        MachineCounters next = std::move(m_script->front());
        m_script->pop_front();
        return next;
    }

private:
    std::deque<MachineCounters> *m_script;
};

MachineCounters reading(std::uint64_t ethRx, std::uint64_t ethTx, std::uint64_t sdaRead, std::uint64_t cpuWork,
                        std::uint64_t cpuIdle)
{
    MachineCounters c;
    c.cores = {{0, cpuWork, cpuIdle, 0}, {1, cpuWork / 2, cpuIdle, 0}};
    c.load = LoadAverage{0.5, 0.4, 0.3};
    c.swap = SwapInfo{4000, 1000};
    c.interfaces = std::vector<InterfaceCounters>{{"lo", ethRx * 10, ethTx * 10, false}, {"eth0", ethRx, ethTx, true}};
    c.disks = std::vector<DiskCounters>{{"sda", sdaRead, 0, true}, {"sda1", sdaRead, 0, false}};
    c.temperatures = {{"coretemp", "Package id 0", 54.0}};
    return c;
}

struct Fixture
{
    std::deque<MachineCounters> script;
    MachineReader reader{std::make_unique<ScriptedSource>(&script)};
};

} // namespace

class TestMachineReader : public QObject
{
    Q_OBJECT

private slots:
    void firstReadIsTheBaseline()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        const auto x = f.reader.read(10s);
        QCOMPARE(x.intervalSeconds, 0.0);
        QVERIFY(x.cores.empty());
        QVERIFY(!x.network);
        QVERIFY(!x.diskIo);
        // What needs no interval is there at once.
        QVERIFY(x.load);
        QCOMPARE(x.load->one, 0.5);
        QVERIFY(x.swap);
        QCOMPARE(x.swap->percent, 75.0);
        QCOMPARE(x.temperatures.size(), std::size_t(1));
        QVERIFY(!x.battery);
        QVERIFY(x.faults.empty());
    }
    void ratesOverTheInjectedInterval()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        f.script.push_back(reading(5000, 2000, 512 * 9, 150, 150));
        f.reader.read(10s);
        const auto x = f.reader.read(12s);
        QCOMPARE(x.intervalSeconds, 2.0);
        QVERIFY(x.network);
        QCOMPARE(x.network->rxBytesPerSecond, 2000.0); // lo (virtual) not summed
        QCOMPARE(x.network->txBytesPerSecond, 500.0);
        QCOMPARE(quint64(x.network->rxBytesTotal), quint64(4000));
        QVERIFY(x.diskIo);
        QCOMPARE(x.diskIo->readBytesPerSecond, 512.0 * 8 / 2); // sda1 not counted twice
        QCOMPARE(x.cores.size(), std::size_t(2));
        QCOMPARE(x.cores[0].percent, 50.0);
        QCOMPARE(x.cores[1].percent, 25.0 / 75.0 * 100.0);
        QCOMPARE(f.reader.lastCounters().interfaces->size(), std::size_t(2));
    }
    void totalsStayMonotonicThroughAReset()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        f.script.push_back(reading(3000, 3000, 1024, 150, 150));
        f.script.push_back(reading(10, 10, 1024, 200, 200)); // eth0 down/up: counters restart
        f.script.push_back(reading(1010, 510, 1024, 250, 250));
        f.reader.read(0s);
        const auto a = f.reader.read(1s);
        QCOMPARE(quint64(a.network->rxBytesTotal), quint64(2000));
        const auto b = f.reader.read(2s);
        QVERIFY(b.network);
        QCOMPARE(b.network->rxBytesPerSecond, 0.0); // no negative rate, no 2^64 either
        QCOMPARE(quint64(b.network->rxBytesTotal), quint64(2000));
        const auto c = f.reader.read(3s);
        QCOMPARE(c.network->rxBytesPerSecond, 1000.0); // measured again from the new baseline
        QCOMPARE(quint64(c.network->rxBytesTotal), quint64(3000));
        QCOMPARE(quint64(c.network->txBytesTotal), quint64(2000 + 500));
    }
    void aClockThatDoesNotMoveGivesNoRates()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        f.script.push_back(reading(2000, 2000, 1024, 150, 150));
        f.script.push_back(reading(3000, 3000, 1536, 200, 200));
        f.script.push_back(reading(4000, 4000, 2048, 250, 250));
        f.reader.read(5s);
        const auto same = f.reader.read(5s);
        QVERIFY(!same.network);
        QVERIFY(!same.diskIo);
        QCOMPARE(same.intervalSeconds, 0.0);
        QCOMPARE(same.cores.size(), std::size_t(2)); // the CPU counters measure their own time
        const auto back = f.reader.read(4s);
        QVERIFY(!back.network);
        // The reading at 4 s became the baseline: 1000 bytes over 0.5 s.
        const auto next = f.reader.read(4500ms);
        QVERIFY(next.network);
        QCOMPARE(next.network->rxBytesPerSecond, 2000.0);
        QCOMPARE(quint64(next.network->rxBytesTotal), quint64(1000));
    }
    void aSourceThatFailedIsMeasuredAcrossTheGap()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        MachineCounters failed = reading(0, 0, 0, 0, 0);
        failed.interfaces.reset();
        failed.cores.clear();
        failed.faults = {"cannot read /proc/net/dev: Permission denied"};
        f.script.push_back(failed);
        f.script.push_back(reading(9000, 1000, 512, 300, 300));
        f.reader.read(0s);
        const auto gap = f.reader.read(2s);
        QVERIFY(!gap.network);
        QVERIFY(gap.cores.empty());
        QCOMPARE(gap.faults.size(), std::size_t(1));
        QVERIFY(gap.diskIo); // the other sources carry on
        const auto after = f.reader.read(4s);
        QVERIFY(after.network);
        QCOMPARE(after.network->rxBytesPerSecond, 2000.0); // 8000 bytes over the 4 s since the last good one
        QCOMPARE(after.cores.size(), std::size_t(2));
        QVERIFY(after.faults.empty());
    }
    void chosenInterfacesInsteadOfPhysical()
    {
        Fixture f;
        f.script.push_back(reading(1000, 1000, 512, 100, 100));
        f.script.push_back(reading(2000, 2000, 512, 100, 100));
        f.reader.setInterfaces({"lo"});
        QCOMPARE(f.reader.interfaces(), std::vector<std::string>{"lo"});
        f.reader.read(0s);
        const auto x = f.reader.read(1s);
        QCOMPARE(x.network->rxBytesPerSecond, 10000.0);
        QCOMPARE(x.network->interfaces.size(), std::size_t(1));
        QCOMPARE(x.network->interfaces[0].name, std::string("lo"));
    }
    void anOsWithoutSomeSources()
    {
        // Windows: no load, no disk I/O, no sensors; only an empty battery answer.
        Fixture f;
        for (int i = 0; i < 2; ++i) {
            MachineCounters c = reading(1000 * std::uint64_t(i + 1), 0, 0, 100, 100);
            c.load.reset();
            c.disks.reset();
            c.temperatures.clear();
            f.script.push_back(c);
        }
        f.reader.read(0s);
        const auto x = f.reader.read(1s);
        QVERIFY(!x.load);
        QVERIFY(!x.diskIo);
        QVERIFY(x.temperatures.empty());
        QVERIFY(x.network);
        QVERIFY(x.faults.empty()); // absent by design is not a fault
    }
    void batteryPassesThrough()
    {
        Fixture f;
        MachineCounters c = reading(0, 0, 0, 1, 1);
        c.battery = Battery{42.0, BatteryState::Discharging, false};
        f.script.push_back(c);
        const auto x = f.reader.read(0s);
        QVERIFY(x.battery);
        QCOMPARE(x.battery->percent, 42.0);
        QVERIFY(!x.battery->charging());
    }
};

QTEST_GUILESS_MAIN(TestMachineReader)
#include "tst_machinereader.moc"
