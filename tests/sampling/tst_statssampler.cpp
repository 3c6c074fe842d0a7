#include "statssampler.h"

#include <QSignalSpy>
#include <QTest>

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

} // namespace

class TestStatsSampler : public QObject
{
    Q_OBJECT

private slots:
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
