#include "processscanner.h"

#include <QTest>

#include <string>
#include <vector>

using namespace ziggie::processes;
using namespace std::chrono_literals;

namespace {

// A process table made up by each test: 100 CPU time units per second, like Linux.
class FakeReader final : public ProcessReader
{
public:
    struct Process
    {
        std::uint32_t pid;
        std::uint64_t startTime;
        std::uint64_t cpuTime;
        std::uint64_t residentBytes;
        std::string name;
    };

    std::vector<Process> table;
    int unreadable = 0;
    bool fail = false;
    int nameCalls = 0;

    std::uint64_t cpuTimeUnitsPerSecond() const override { return 100; }
    bool forEachProcess(ProcessVisitor &visitor, std::string &error) override
    {
        if (fail) {
            error = "cannot list the table";
            return false;
        }
        for (const Process &p : table)
            visitor.process({p.pid, p.startTime, p.cpuTime, p.residentBytes, p.name});
        for (int i = 0; i < unreadable; ++i)
            visitor.unreadable();
        return true;
    }
    std::string_view displayName(const ProcessRecord &record, std::span<char>) override
    {
        ++nameCalls;
        return record.shortName;
    }
    Process &at(std::uint32_t pid)
    {
        for (Process &p : table)
            if (p.pid == pid)
                return p;
        qFatal("no pid %u", pid);
    }
};

const ProcessScanner::Clock::time_point t0{std::chrono::seconds(1000)};

ProcessSnapshot scanOk(ProcessScanner &scanner, FakeReader &reader, ProcessScanner::Clock::time_point now,
                       std::size_t topN = 5)
{
    std::string error;
    auto snapshot = scanner.scan(reader, now, topN, error);
    if (!snapshot)
        qFatal("scan failed: %s", error.c_str());
    return *snapshot;
}

std::vector<std::uint32_t> pids(const std::vector<ProcessUsage> &list)
{
    std::vector<std::uint32_t> out;
    for (const auto &p : list)
        out.push_back(p.pid);
    return out;
}

const ProcessUsage *find(const std::vector<ProcessUsage> &list, std::uint32_t pid)
{
    for (const auto &p : list)
        if (p.pid == pid)
            return &p;
    return nullptr;
}

} // namespace

class TestProcessScanner : public QObject
{
    Q_OBJECT

private slots:
    void firstScanHasCountAndMemoryButNoCpu()
    {
        FakeReader reader;
        reader.table = {{1, 10, 500, 4000, "systemd"}, {50, 20, 900, 0, "kthreadd"}, {70, 30, 100, 9000, "firefox"}};
        reader.unreadable = 2;
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.count, 5u);
        QCOMPARE(s.unreadable, 2u);
        QCOMPARE(s.intervalSeconds, 0.0);
        QVERIFY(s.topCpu.empty());
        QCOMPARE(pids(s.topMemory), (std::vector<std::uint32_t>{70, 1})); // no RSS: not listed
        QCOMPARE(s.topMemory[0].name, std::string("firefox"));
        QCOMPARE(s.topMemory[0].residentBytes, std::uint64_t(9000));
    }

    void cpuIsPercentOfOneCpu()
    {
        FakeReader reader;
        reader.table = {{10, 1, 1000, 1, "cc1plus"}, {11, 1, 1000, 1, "rustc"}, {12, 1, 1000, 1, "sleepy"},
                        {13, 1, 1000, 1, "quarter"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.at(10).cpuTime += 200; // 2 s of CPU in 2 s: one full core
        reader.at(11).cpuTime += 700; // 7 s in 2 s: threads on several cores
        reader.at(13).cpuTime += 50;
        const auto s = scanOk(scanner, reader, t0 + 2s);
        QCOMPARE(s.intervalSeconds, 2.0);
        QCOMPARE(pids(s.topCpu), (std::vector<std::uint32_t>{11, 10, 13})); // the idle one is not listed
        QCOMPARE(s.topCpu[0].cpuPercent, 350.0);
        QCOMPARE(s.topCpu[1].cpuPercent, 100.0);
        QCOMPARE(s.topCpu[2].cpuPercent, 25.0);
        QCOMPARE(s.topCpu[0].name, std::string("rustc"));
    }

    void intervalComesFromTheInjectedClock()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 1, "a"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.at(10).cpuTime = 100;
        auto s = scanOk(scanner, reader, t0 + 4s);
        QCOMPARE(s.intervalSeconds, 4.0);
        QCOMPARE(s.topCpu.at(0).cpuPercent, 25.0);
        reader.at(10).cpuTime = 150;
        s = scanOk(scanner, reader, t0 + 4s + 250ms);
        QCOMPARE(s.topCpu.at(0).cpuPercent, 200.0);
    }

    void noElapsedTimeGivesNoCpu()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 1, "a"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.at(10).cpuTime = 100;
        auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.intervalSeconds, 0.0);
        QVERIFY(s.topCpu.empty());
        s = scanOk(scanner, reader, t0 - 1s); // a clock that went back
        QVERIFY(s.topCpu.empty());
    }

    void topNIsAParameterAndTiesKeepPidOrder()
    {
        FakeReader reader;
        for (std::uint32_t pid = 100; pid < 112; ++pid)
            reader.table.push_back({pid, 1, 0, 1000, "p" + std::to_string(pid)});
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        for (std::uint32_t pid = 100; pid < 112; ++pid)
            reader.at(pid).cpuTime = pid % 3 == 0 ? 200 : pid; // 102, 105, 108, 111 tie at the top
        reader.at(107).residentBytes = 5000;
        reader.at(103).residentBytes = 7000;

        auto s = scanOk(scanner, reader, t0 + 2s, 5);
        QCOMPARE(pids(s.topCpu), (std::vector<std::uint32_t>{102, 105, 108, 111, 110}));
        QCOMPARE(pids(s.topMemory), (std::vector<std::uint32_t>{103, 107, 100, 101, 102}));

        for (auto &p : reader.table)
            p.cpuTime *= 2;
        s = scanOk(scanner, reader, t0 + 4s, 10);
        QCOMPARE(s.topCpu.size(), std::size_t(10));
        QCOMPARE(s.topMemory.size(), std::size_t(10));
        QCOMPARE(pids(s.topCpu).front(), 102u);

        s = scanOk(scanner, reader, t0 + 6s, 0);
        QVERIFY(s.topCpu.empty() && s.topMemory.empty());
        QCOMPARE(s.count, 12u);
    }

    void aNewProcessIsChargedAllItsCpuTime()
    {
        FakeReader reader;
        reader.table = {{10, 1, 500, 1, "make"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.table.push_back({11, 7, 150, 1, "cc1plus"}); // started and worked within the interval
        const auto s = scanOk(scanner, reader, t0 + 2s);
        QCOMPARE(find(s.topCpu, 11)->cpuPercent, 75.0);
        QVERIFY(!find(s.topCpu, 10));
    }

    void aReusedPidIsANewProcess()
    {
        FakeReader reader;
        reader.table = {{10, 100, 900, 1, "cc1plus"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.table = {{10, 350, 40, 2, "ld"}}; // same pid, later start: no delta against 900
        const auto s = scanOk(scanner, reader, t0 + 2s);
        QCOMPARE(s.topCpu.size(), std::size_t(1));
        QCOMPARE(s.topCpu[0].cpuPercent, 20.0);
        QCOMPARE(s.topCpu[0].name, std::string("ld"));
        QCOMPARE(reader.nameCalls, 2);
    }

    void aCounterThatWentBackGivesNoFigure()
    {
        FakeReader reader;
        reader.table = {{10, 100, 900, 1, "odd"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.at(10).cpuTime = 800;
        auto s = scanOk(scanner, reader, t0 + 2s);
        QVERIFY(s.topCpu.empty());
        reader.at(10).cpuTime = 820; // and the next interval counts from the new value
        s = scanOk(scanner, reader, t0 + 4s);
        QCOMPARE(s.topCpu.at(0).cpuPercent, 10.0);
    }

    void theNameIsAskedOncePerProcess()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 1, "a"}, {11, 1, 0, 1, "b"}};
        ProcessScanner scanner;
        for (int i = 0; i < 5; ++i)
            scanOk(scanner, reader, t0 + std::chrono::seconds(2 * i));
        QCOMPARE(reader.nameCalls, 2);
        reader.at(11).name = "renamed"; // the reader would say otherwise now: the cache holds
        reader.at(11).residentBytes = 99;
        const auto s = scanOk(scanner, reader, t0 + 20s);
        QCOMPARE(reader.nameCalls, 2);
        QCOMPARE(s.topMemory.at(0).name, std::string("b"));
    }

    void namesAreCleanedAndNeverEmpty()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 30, "evil\x1b]0;x\x07"}, {11, 1, 0, 20, ""}, {12, 1, 0, 10, "caf\xe9s"}};
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.topMemory.at(0).name, std::string("evil?]0;x?"));
        QCOMPARE(s.topMemory.at(1).name, std::string("?"));
        QCOMPARE(s.topMemory.at(2).name, std::string("caf?s"));
    }

    void anyOrderOfTheTable()
    {
        FakeReader reader; // Toolhelp snapshots are not in pid order
        reader.table = {{30, 1, 0, 1, "c"}, {10, 1, 0, 1, "a"}, {20, 1, 0, 1, "b"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.table = {{20, 1, 20, 1, "b"}, {30, 1, 60, 1, "c"}, {10, 1, 40, 1, "a"}};
        const auto s = scanOk(scanner, reader, t0 + 2s);
        QCOMPARE(pids(s.topCpu), (std::vector<std::uint32_t>{30, 10, 20}));
        QCOMPARE(s.topCpu[0].cpuPercent, 30.0);
        QCOMPARE(reader.nameCalls, 3);
    }

    void aFailedScanKeepsThePreviousOneAsTheBase()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 1, "a"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        reader.fail = true;
        std::string error;
        QVERIFY(!scanner.scan(reader, t0 + 2s, 5, error));
        QCOMPARE(error, std::string("cannot list the table"));
        QCOMPARE(scanner.cachedProcesses(), std::size_t(1));
        reader.fail = false;
        reader.at(10).cpuTime = 400;
        const auto s = scanOk(scanner, reader, t0 + 4s);
        QCOMPARE(s.intervalSeconds, 4.0);
        QCOMPARE(s.topCpu.at(0).cpuPercent, 100.0);
    }

    void resetStartsOver()
    {
        FakeReader reader;
        reader.table = {{10, 1, 0, 1, "a"}};
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        scanner.reset();
        QCOMPARE(scanner.cachedProcesses(), std::size_t(0));
        reader.at(10).cpuTime = 400;
        const auto s = scanOk(scanner, reader, t0 + 2s);
        QCOMPARE(s.intervalSeconds, 0.0);
        QVERIFY(s.topCpu.empty());
    }

    // 10,000 processes that each live for one or two ticks, pids reused on the way, next
    // to 50 that stay: the cache holds the live ones only and does not grow.
    void churnKeepsTheCacheFlat()
    {
        FakeReader reader;
        for (std::uint32_t pid = 1; pid <= 50; ++pid)
            reader.table.push_back({pid, 1, 0, 4096, "daemon"});
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);

        std::uint64_t started = 0;
        std::size_t flatBytes = 0;
        for (int tick = 1; started < 10000; ++tick) {
            reader.table.resize(50);
            for (int i = 0; i < 100; ++i, ++started) {
                const auto pid = std::uint32_t(1000 + started % 3000); // wraps: pids are reused
                reader.table.push_back({pid, 10 + started, 5, 1 << 20, "cc1plus"});
            }
            const auto s = scanOk(scanner, reader, t0 + std::chrono::seconds(2 * tick));
            QCOMPARE(s.count, 150u);
            QCOMPARE(scanner.cachedProcesses(), std::size_t(150));
            // Once both buffers have room for the 150 live entries, nothing more is taken.
            if (tick == 2)
                flatBytes = scanner.cacheBytes();
            else if (tick > 2)
                QCOMPARE(scanner.cacheBytes(), flatBytes);
        }
        QCOMPARE(reader.nameCalls, 50 + 10000);
        QVERIFY2(flatBytes > 0 && flatBytes < 64 * 1024, qPrintable(QString::number(flatBytes)));

        reader.table.resize(50);
        scanOk(scanner, reader, t0 + 100000s);
        QCOMPARE(scanner.cachedProcesses(), std::size_t(50));
    }

    void aBurstIsGivenBack()
    {
        FakeReader reader;
        for (std::uint32_t pid = 1; pid <= 20000; ++pid)
            reader.table.push_back({pid, 1, 0, 1, "forked"});
        ProcessScanner scanner;
        scanOk(scanner, reader, t0);
        const std::size_t burst = scanner.cacheBytes();
        reader.table.resize(10);
        scanOk(scanner, reader, t0 + 2s);
        scanOk(scanner, reader, t0 + 4s);
        QCOMPARE(scanner.cachedProcesses(), std::size_t(10));
        QVERIFY2(scanner.cacheBytes() < burst / 10,
                 qPrintable(QStringLiteral("%1 bytes after, %2 during").arg(scanner.cacheBytes()).arg(burst)));
    }
};

QTEST_GUILESS_MAIN(TestProcessScanner)
#include "tst_processscanner.moc"
