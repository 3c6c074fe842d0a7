#include "processreader_linux.h"
#include "processscanner.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <string>

using namespace ziggie::processes;
using namespace std::chrono_literals;

namespace {

std::string tree(const char *name)
{
    return std::string(ZIGGIE_TEST_DATA "/proctree/") + name;
}

// What one pass reports, with the name the scanner would ask for each process.
struct Seen
{
    std::uint64_t startTime = 0;
    std::uint64_t cpuTime = 0;
    std::uint64_t residentBytes = 0;
    std::string shortName;
    std::string displayName;
};

class Recorder final : public ProcessVisitor
{
public:
    explicit Recorder(ProcessReader &reader) : m_reader(reader) {}
    void process(const ProcessRecord &r) override
    {
        char scratch[4096];
        seen[r.pid] = {r.startTime, r.cpuTime, r.residentBytes, std::string(r.shortName),
                       std::string(m_reader.displayName(r, scratch))};
    }
    void unreadable() override { ++unreadableCount; }

    std::map<std::uint32_t, Seen> seen;
    int unreadableCount = 0;

private:
    ProcessReader &m_reader;
};

Recorder pass(ProcessReader &reader)
{
    Recorder recorder(reader);
    std::string error;
    if (!reader.forEachProcess(recorder, error))
        qFatal("pass failed: %s", error.c_str());
    return recorder;
}

const ProcessScanner::Clock::time_point t0{std::chrono::seconds(5000)};

ProcessSnapshot scanOk(ProcessScanner &scanner, ProcessReader &reader, ProcessScanner::Clock::time_point now)
{
    std::string error;
    auto snapshot = scanner.scan(reader, now, 10, error);
    if (!snapshot)
        qFatal("scan failed: %s", error.c_str());
    return *snapshot;
}

const ProcessUsage *find(const std::vector<ProcessUsage> &list, std::uint32_t pid)
{
    for (const auto &p : list)
        if (p.pid == pid)
            return &p;
    return nullptr;
}

} // namespace

class TestLinuxProcessReader : public QObject
{
    Q_OBJECT

private slots:
    void desktop()
    {
        LinuxProcessReader reader(tree("desktop"), 100, 4096);
        QCOMPARE(reader.cpuTimeUnitsPerSecond(), std::uint64_t(100));
        const Recorder r = pass(reader);
        // "self", "sys" and "uptime" are not processes.
        QCOMPARE(r.seen.size(), std::size_t(9));
        QCOMPARE(r.unreadableCount, 0);
        const std::map<std::uint32_t, std::string> names = {
            {1, "systemd"}, {2, "kthreadd"}, {612, "(sd-pam)"}, {1187, "gnome-shell"},
            {1322, "gnome-shell-calendar-server"}, {2044, "firefox"}, {2101, "Isolated Web Co"},
            {3050, "bash"}, {3990, "sshd"}};
        for (const auto &[pid, name] : names) {
            QVERIFY2(r.seen.count(pid), qPrintable(QString::number(pid)));
            QCOMPARE(r.seen.at(pid).displayName, name);
        }
        QCOMPARE(r.seen.at(1322).shortName, std::string("gnome-shell-cal"));
        const Seen &firefox = r.seen.at(2044);
        QCOMPARE(firefox.cpuTime, std::uint64_t(90000 + 15000));
        QCOMPARE(firefox.residentBytes, std::uint64_t(150000) * 4096);
        QCOMPARE(firefox.startTime, std::uint64_t(3000));
        QCOMPARE(r.seen.at(2).residentBytes, std::uint64_t(0));
    }

    void desktopThroughTheScanner()
    {
        LinuxProcessReader reader(tree("desktop"), 100, 4096);
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.count, 9u);
        QCOMPARE(s.topMemory.size(), std::size_t(8)); // not kthreadd
        QCOMPARE(s.topMemory[0].name, std::string("firefox"));
        QCOMPARE(s.topMemory[1].name, std::string("Isolated Web Co"));
        QCOMPARE(s.topMemory[2].name, std::string("gnome-shell"));
        QCOMPARE(s.topMemory[3].name, std::string("gnome-shell-calendar-server"));
    }

    void kernelThreads()
    {
        LinuxProcessReader reader(tree("kernel_threads"), 100, 4096);
        const Recorder r = pass(reader);
        QCOMPARE(r.seen.size(), std::size_t(5));
        QCOMPARE(r.seen.at(15).displayName, std::string("kworker/0:1-eve"));
        QCOMPARE(r.seen.at(15).cpuTime, std::uint64_t(340));
        QCOMPARE(r.seen.at(24).displayName, std::string("ksoftirqd/0"));
        QCOMPARE(r.seen.at(3).displayName, std::string("rcu_gp"));
        for (const std::uint32_t pid : {2u, 3u, 15u, 24u})
            QCOMPARE(r.seen.at(pid).residentBytes, std::uint64_t(0));

        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.topMemory.size(), std::size_t(1));
        QCOMPARE(s.topMemory[0].name, std::string("systemd"));
    }

    void oddNames()
    {
        LinuxProcessReader reader(tree("odd_names"), 100, 4096);
        const Recorder r = pass(reader);
        QCOMPARE(r.seen.size(), std::size_t(7));
        QCOMPARE(r.seen.at(612).displayName, std::string("(sd-pam)"));
        QCOMPARE(r.seen.at(700).displayName, std::string("a) b (c"));
        QCOMPARE(r.seen.at(700).residentBytes, std::uint64_t(500) * 4096);
        QCOMPARE(r.seen.at(701).displayName, std::string("tmux: server"));
        // A comm that looks like the fields after it: still counted from the last ')'.
        QCOMPARE(r.seen.at(705).displayName, std::string("x) Z 1 1 1"));
        QCOMPARE(r.seen.at(705).cpuTime, std::uint64_t(9));
        QCOMPARE(r.seen.at(705).startTime, std::uint64_t(1005));

        // Names as the scanner keeps them: valid UTF-8, no control characters.
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        const auto name = [&](std::uint32_t pid) { return find(s.topMemory, pid)->name; };
        QCOMPARE(name(702), std::string("aПривет-мир")); // 15-byte comm cut mid-character, restored from argv[0]
        QCOMPARE(name(703), std::string("aПривет-"));    // no argv[0]: the half character is dropped
        QCOMPARE(name(704), std::string("evil?name"));
    }

    void zombie()
    {
        LinuxProcessReader reader(tree("zombie"), 100, 4096);
        const Recorder r = pass(reader);
        QCOMPARE(r.seen.size(), std::size_t(2));
        QCOMPARE(r.seen.at(800).displayName, std::string("defunct-child"));
        QCOMPARE(r.seen.at(800).cpuTime, std::uint64_t(8));
        QCOMPARE(r.seen.at(800).residentBytes, std::uint64_t(0));
        QCOMPARE(r.seen.at(799).displayName, std::string("make"));
    }

    void vanishedBetweenListingAndReading()
    {
        LinuxProcessReader reader(tree("vanished"), 100, 4096);
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.count, 1u); // gone is gone: not counted
        QCOMPARE(s.unreadable, 0u);
        QCOMPARE(s.topMemory.at(0).pid, 901u);
    }

    void unreadableEntriesAreCountedNotMeasured()
    {
        LinuxProcessReader reader(tree("unreadable"), 100, 4096);
        ProcessScanner scanner;
        const auto s = scanOk(scanner, reader, t0);
        QCOMPARE(s.count, 3u);
        QCOMPARE(s.unreadable, 2u); // a stat that cannot be read, one that cannot be parsed
        QCOMPARE(s.topMemory.size(), std::size_t(1));
        QCOMPARE(s.topMemory[0].pid, 952u);
    }

    void permissionDenied()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("42")));
        QFile stat(dir.filePath(QStringLiteral("42/stat")));
        QVERIFY(stat.open(QIODevice::WriteOnly));
        stat.write("42 (secret) S 1 42 42 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 9\n");
        stat.close();
        const auto listable = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
        QVERIFY(QFile::setPermissions(dir.path(), listable));
        QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("42")), listable));
        QVERIFY(stat.setPermissions({}));
        const std::string root = dir.path().toStdString();
        const auto check = [&root] {
            LinuxProcessReader reader(root, 100, 4096);
            Recorder recorder(reader);
            std::string error;
            return reader.forEachProcess(recorder, error) && recorder.seen.empty() && recorder.unreadableCount == 1;
        };
        if (::geteuid() != 0) {
            QVERIFY(check());
            return;
        }
        // Root reads a file of mode 000: read it as nobody, in a child, for a real EACCES.
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                ::_exit(2);
            ::_exit(check() ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        if (WEXITSTATUS(status) == 2)
            QSKIP("cannot become nobody here");
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    void pidReuseAcrossTwoScans()
    {
        LinuxProcessReader first(tree("reuse/scan1"), 100, 4096);
        LinuxProcessReader second(tree("reuse/scan2"), 100, 4096);
        ProcessScanner scanner;
        scanOk(scanner, first, t0);
        const auto s = scanOk(scanner, second, t0 + 2s);
        // pid 1001 was cc1plus with 160 ticks and is now ld with 50: 50 ticks in 2 s.
        const ProcessUsage *ld = find(s.topCpu, 1001);
        QVERIFY(ld);
        QCOMPARE(ld->name, std::string("ld"));
        QCOMPARE(ld->cpuPercent, 25.0);
        QCOMPARE(find(s.topCpu, 1000)->cpuPercent, 1.0);
    }

    void cpuAttributionOverTwoScans()
    {
        LinuxProcessReader first(tree("ticks/scan1"), 100, 4096);
        LinuxProcessReader second(tree("ticks/scan2"), 100, 4096);
        ProcessScanner scanner;
        const auto before = scanOk(scanner, first, t0);
        QCOMPARE(before.count, 5u);
        QVERIFY(before.topCpu.empty());

        // 2 s at 100 ticks/s: 200 ticks are one full CPU.
        const auto s = scanOk(scanner, second, t0 + 2s);
        QCOMPARE(s.intervalSeconds, 2.0);
        QCOMPARE(s.count, 5u);
        QCOMPARE(s.topCpu.size(), std::size_t(4)); // idle-daemon used none
        QCOMPARE(s.topCpu[0].name, std::string("rustc"));
        QCOMPARE(s.topCpu[0].cpuPercent, 300.0); // 600 ticks on several threads
        QCOMPARE(s.topCpu[1].name, std::string("cc1plus"));
        QCOMPARE(s.topCpu[1].cpuPercent, 90.0);
        QCOMPARE(s.topCpu[2].name, std::string("short-lived"));
        QCOMPARE(s.topCpu[2].cpuPercent, 20.0); // new in the interval: all of its 40 ticks
        QCOMPARE(s.topCpu[3].name, std::string("kworker/1:2"));
        QCOMPARE(s.topCpu[3].cpuPercent, 5.0);
        QCOMPARE(s.topMemory[0].name, std::string("rustc"));
        QCOMPARE(s.topMemory[0].residentBytes, std::uint64_t(210000) * 4096);
        QCOMPARE(scanner.cachedProcesses(), std::size_t(5)); // "exited" is gone from the cache
    }

    void aMissingRootFails()
    {
        LinuxProcessReader reader(tree("no-such-tree"), 100, 4096);
        ProcessScanner scanner;
        std::string error;
        QVERIFY(!scanner.scan(reader, t0, 5, error));
        QVERIFY2(error.find("no-such-tree") != std::string::npos, error.c_str());
    }

    // Descriptors kept from pass to pass follow their process: a child that exits is
    // gone from the next pass and its descriptor is closed; with no room to keep any,
    // every pass opens and closes.
    void keptDescriptorsFollowTheirProcess()
    {
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::alarm(30); // bounded, whatever happens to this test
            for (;;)
                ::pause();
        }
        LinuxProcessReader reader("/proc", 0, 0, 1'000'000); // room for every process, whatever the machine
        LinuxProcessReader opensEachTime("/proc", 0, 0, 0);
        QVERIFY(pass(reader).seen.count(std::uint32_t(child)));
        const std::size_t kept = reader.keptOpen();
        QVERIFY(kept > 1);
        const Recorder again = pass(reader);
        QVERIFY(again.seen.count(std::uint32_t(child)));
        QVERIFY(pass(opensEachTime).seen.count(std::uint32_t(child)));
        QCOMPARE(opensEachTime.keptOpen(), std::size_t(0));

        ::kill(child, SIGKILL);
        QCOMPARE(::waitpid(child, nullptr, 0), child);
        const Recorder after = pass(reader);
        QVERIFY(!after.seen.count(std::uint32_t(child)));
        QCOMPARE(reader.keptOpen(), after.seen.size());
        QVERIFY(!pass(opensEachTime).seen.count(std::uint32_t(child)));

        LinuxProcessReader few("/proc", 0, 0, 3);
        QVERIFY(pass(few).seen.size() > 3);
        QCOMPARE(few.keptOpen(), std::size_t(3));
    }

    // The real /proc: this test finds itself, its comm cut to 15 bytes and its full name
    // taken back from argv[0].
    void thisProcessInTheRealTable()
    {
        const auto reader = systemProcessReader();
        const Recorder r = pass(*reader);
        const auto self = r.seen.find(std::uint32_t(::getpid()));
        QVERIFY(self != r.seen.end());
        QCOMPARE(self->second.shortName, std::string("tst_linuxproces"));
        QCOMPARE(self->second.displayName, std::string("tst_linuxprocessreader"));
        QVERIFY(self->second.residentBytes > 0);
        QVERIFY(self->second.startTime > 0);
        QVERIFY(r.seen.size() > 1);
    }
};

QTEST_GUILESS_MAIN(TestLinuxProcessReader)
#include "tst_linuxprocessreader.moc"
