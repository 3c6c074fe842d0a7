#include "processreader.h"
#include "statssampler.h"

#include <QSignalSpy>
#include <QTest>

#include <thread>

using namespace ziggie;

namespace {

// A source whose readings and failures the test controls.
struct FakeSource final : SystemSource
{
    struct State
    {
        sys::CpuTimes cpu{0, 0};
        sys::MemoryInfo memory{1000, 250, 700};
        sys::DiskInfo disk{2000, 500, 1500};
        bool cpuFails = false, memoryFails = false, diskFails = false;
        std::string lastDiskPath;
    };
    explicit FakeSource(State *state) : s(state) {}
    std::optional<sys::CpuTimes> cpuTimes(std::string &error) override
    {
        if (s->cpuFails) {
            error = "cannot read /proc/stat: Permission denied";
            return std::nullopt;
        }
        return s->cpu;
    }
    std::optional<sys::MemoryInfo> memory(std::string &error) override
    {
        if (s->memoryFails) {
            error = "cannot read /proc/meminfo: Permission denied";
            return std::nullopt;
        }
        return s->memory;
    }
    std::optional<sys::DiskInfo> disk(const std::string &path, std::string &error) override
    {
        s->lastDiskPath = path;
        if (s->diskFails) {
            error = "cannot stat " + path;
            return std::nullopt;
        }
        return s->disk;
    }
    State *s;
};

// A process table of one busy process; each pass costs what the test says (the kernel's time).
struct FakeProcesses final : processes::ProcessReader
{
    int *passes;
    std::chrono::microseconds cost;
    FakeProcesses(int *counter, std::chrono::microseconds passCost) : passes(counter), cost(passCost) {}
    std::uint64_t cpuTimeUnitsPerSecond() const override { return 100; }
    bool forEachProcess(processes::ProcessVisitor &visitor, std::string &) override
    {
        ++*passes;
        std::this_thread::sleep_for(cost);
        processes::ProcessRecord r;
        r.pid = 4711;
        r.startTime = 1;
        r.cpuTime = std::uint64_t(*passes) * 1000;
        r.residentBytes = 1 << 20;
        r.shortName = "cc1plus";
        visitor.process(r);
        return true;
    }
    std::string_view displayName(const processes::ProcessRecord &record, std::span<char>) override
    {
        return record.shortName;
    }
};

} // namespace

class TestStatsSampler : public QObject
{
    Q_OBJECT

private slots:
    void everyTickCarriesTheProcessTable()
    {
        FakeSource::State state;
        int passes = 0;
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        sampler.setProcessReader(std::make_unique<FakeProcesses>(&passes, std::chrono::microseconds(0)));
        sampler.sampleNow(); // a first pass: no CPU figures yet
        const Sample s = sampler.sampleNow();
        QVERIFY(s.processes);
        QCOMPARE(s.processes->count, quint32(1));
        QCOMPARE(s.processes->topCpu.size(), 1);
        QCOMPARE(s.processes->topCpu[0].name, QStringLiteral("cc1plus"));
        QCOMPARE(s.processes->topMemory[0].residentBytes, quint64(1) << 20);
        sampler.setProcessReader(nullptr);
        QVERIFY(!sampler.sampleNow().processes);
    }

    // A table that costs 2 ms a pass is read at most every 4 s (0.05 % of a core); the ticks in
    // between carry the last table.
    void aCostlyTableIsReadLessOften()
    {
        FakeSource::State state;
        int passes = 0;
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        sampler.setProcessReader(std::make_unique<FakeProcesses>(&passes, std::chrono::microseconds(2000)));
        sampler.sampleNow(); // first pass (not measured)
        const Sample second = sampler.sampleNow();
        QCOMPARE(passes, 2);
        const Sample third = sampler.sampleNow();
        QCOMPARE(passes, 2);
        QCOMPARE(third.processes.get(), second.processes.get());
    }

    void cpuCoversTheWholeIntervalSinceTheLastTick()
    {
        FakeSource::State state;
        state.cpu = {100, 1000};
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        sampler.setClock([] { return qint64(42); });
        state.cpu = {160, 1100}; // 60 busy of 100 elapsed
        Sample s = sampler.sampleNow();
        QCOMPARE(s.cpuPercent, 60.0);
        QCOMPARE(s.timestampUs, qint64(42));
        QCOMPARE(s.memoryTotal, quint64(1000));
        QCOMPARE(s.memoryPercent, 75.0);
        QCOMPARE(s.diskPercent, 25.0);
        QVERIFY(s.fault.isEmpty());

        state.cpu = {170, 1200}; // 10 of 100
        QCOMPARE(sampler.sampleNow().cpuPercent, 10.0);
    }

    void firstSampleWithoutAnIntervalShowsTheAverageSinceBoot()
    {
        FakeSource::State state;
        state.cpu = {250, 1000};
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        QCOMPARE(sampler.sampleNow().cpuPercent, 25.0); // no time elapsed: since-boot share, not 0
        state.cpu = {300, 1100};
        QCOMPARE(sampler.sampleNow().cpuPercent, 50.0);
    }

    void backwardsCountersKeepThePreviousValueAndRebase()
    {
        FakeSource::State state;
        state.cpu = {100, 1000};
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        state.cpu = {150, 1100};
        QCOMPARE(sampler.sampleNow().cpuPercent, 50.0);
        state.cpu = {10, 100}; // CPU hot-plug: counters dropped
        QCOMPARE(sampler.sampleNow().cpuPercent, 50.0);
        state.cpu = {30, 200}; // measured from the new baseline
        QCOMPARE(sampler.sampleNow().cpuPercent, 20.0);
    }

    void faultsKeepLastValuesAndRecover()
    {
        FakeSource::State state;
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        const Sample good = sampler.sampleNow();
        state.memoryFails = true;
        state.diskFails = true;
        state.memory = {9999, 1, 1};
        const Sample bad = sampler.sampleNow();
        QVERIFY(bad.fault.contains(QLatin1String("/proc/meminfo")));
        QVERIFY(bad.fault.contains(QLatin1String("cannot stat")));
        QCOMPARE(bad.memoryTotal, good.memoryTotal);
        QCOMPARE(bad.diskTotal, good.diskTotal);
        state.memoryFails = false;
        state.diskFails = false;
        const Sample back = sampler.sampleNow();
        QVERIFY(back.fault.isEmpty());
        QCOMPARE(back.memoryTotal, quint64(9999));
    }

    void timerTicksAndDiskPathIsUsed()
    {
        FakeSource::State state;
        StatsSampler sampler(std::make_unique<FakeSource>(&state));
        sampler.setIntervalMs(100);
        sampler.setDiskPath(QStringLiteral("/srv/data"));
        QSignalSpy spy(&sampler, &StatsSampler::sampled);
        sampler.start();
        QVERIFY(spy.wait(2000));
        QVERIFY(spy.wait(2000));
        sampler.stop();
        QCOMPARE(state.lastDiskPath, std::string("/srv/data"));
        sampler.setDiskPath(QString());
        QCOMPARE(sampler.diskPath().toStdString(), sys::systemDiskPath());
    }

    void systemClockIsMicrosecondsSinceEpoch()
    {
        const qint64 us = StatsSampler::systemClockUs();
        QVERIFY(qAbs(us / 1000 - QDateTime::currentMSecsSinceEpoch()) < 5000);
    }
};

QTEST_GUILESS_MAIN(TestStatsSampler)
#include "tst_statssampler.moc"
