// What one process-table scan costs on this machine, with many processes, and whether its
// cache stays flat while processes come and go. Prints figures; asserts nothing.
//
//   ziggie-procscan-bench [--children N] [--scans N] [--churn N]
//
// 1. Forks N idle children (default 500; each pause()s, dies with this program through
//    PR_SET_PDEATHSIG, and on its own after 5 minutes at the latest), then times --scans
//    back-to-back scans (default 200): median and p99 in µs, CPU time per scan, and what
//    that costs at the default 2 s tick.
// 2. Churn: --churn short-lived processes (default 10,000) in waves of 100 that live for
//    one scan each, then prints the cache before and after.
#include "processreader.h"
#include "processreader_linux.h"
#include "processscanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace ziggie::processes;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int MaxChildren = 4000;
pid_t g_children[MaxChildren];
volatile sig_atomic_t g_childCount = 0;

void killChildren()
{
    for (sig_atomic_t i = 0; i < g_childCount; ++i)
        ::kill(g_children[i], SIGKILL);
    for (sig_atomic_t i = 0; i < g_childCount; ++i)
        ::waitpid(g_children[i], nullptr, 0);
    g_childCount = 0;
}

void onSignal(int)
{
    for (sig_atomic_t i = 0; i < g_childCount; ++i)
        ::kill(g_children[i], SIGKILL);
    ::_exit(130);
}

// A child that only waits: gone when the parent goes, or after `lifetime` seconds.
void becomeIdleChild(pid_t parent, unsigned lifetime)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        ::_exit(0);
    ::alarm(lifetime);
    for (;;)
        ::pause();
}

double cpuSeconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

std::string loadAverage()
{
    char text[64] = {};
    if (FILE *f = std::fopen("/proc/loadavg", "r")) {
        if (!std::fgets(text, sizeof text, f))
            text[0] = '\0';
        std::fclose(f);
    }
    std::string s(text);
    return s.substr(0, s.find(' '));
}

long residentKiB()
{
    FILE *f = std::fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(f);
    }
    return resident * (::sysconf(_SC_PAGESIZE) / 1024);
}

struct Spread
{
    double median;
    double p99;
};

template<typename F>
Spread timeRuns(int runs, F &&run)
{
    std::vector<double> us;
    us.reserve(std::size_t(runs));
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        run();
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    std::sort(us.begin(), us.end());
    return {us[us.size() / 2], us[std::size_t(std::ceil(0.99 * double(us.size()))) - 1]};
}

// What any reader of /proc pays on this machine, without parsing or bookkeeping: the
// listing plus open/read/close of every stat file (how top and htop read), and a pread
// of every stat file kept open (the kernel's own cost of generating them).
void printReferences(int runs)
{
    DIR *dir = ::opendir("/proc");
    if (!dir)
        return;
    const int dirFd = ::dirfd(dir);
    char buffer[1024];
    std::vector<std::string> paths;
    const auto list = [&] {
        paths.clear();
        ::rewinddir(dir);
        while (const dirent *entry = ::readdir(dir))
            if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9')
                paths.push_back(std::string(entry->d_name) + "/stat");
    };
    list();
    paths.reserve(paths.size() * 2);
    const Spread listing = timeRuns(runs, list);
    const Spread plain = timeRuns(runs, [&] {
        list();
        for (const auto &path : paths) {
            const int fd = ::openat(dirFd, path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                if (::read(fd, buffer, sizeof buffer) < 0)
                    buffer[0] = 0;
                ::close(fd);
            }
        }
    });
    std::vector<int> fds;
    for (const auto &path : paths)
        if (const int fd = ::openat(dirFd, path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0)
            fds.push_back(fd);
    const Spread kept = timeRuns(runs, [&] {
        for (const int fd : fds)
            if (::pread(fd, buffer, sizeof buffer, 0) < 0)
                buffer[0] = 0;
    });
    for (const int fd : fds)
        ::close(fd);
    ::closedir(dir);
    std::printf("references, %zu stat files, median (p99) us: listing /proc %.0f (%.0f); listing + open/read/close "
                "each %.0f (%.0f); pread of each kept open %.0f (%.0f)\n",
                paths.size(), listing.median, listing.p99, plain.median, plain.p99, kept.median, kept.p99);
}

ProcessSnapshot scanOrDie(ProcessScanner &scanner, ProcessReader &reader)
{
    std::string error;
    auto snapshot = scanner.scan(reader, 10, error);
    if (!snapshot) {
        std::fprintf(stderr, "scan failed: %s\n", error.c_str());
        killChildren();
        std::exit(1);
    }
    return *snapshot;
}

int argument(int argc, char **argv, const char *name, int fallback, int low, int high)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0) {
            const int value = std::atoi(argv[i + 1]);
            if (value < low || value > high) {
                std::fprintf(stderr, "%s must be %d to %d\n", name, low, high);
                std::exit(2);
            }
            return value;
        }
    }
    return fallback;
}

} // namespace

int main(int argc, char **argv)
{
    const int children = argument(argc, argv, "--children", 500, 0, MaxChildren);
    const int scans = argument(argc, argv, "--scans", 200, 1, 100000);
    const int churn = argument(argc, argv, "--churn", 10000, 0, 1000000);

    struct sigaction action{};
    action.sa_handler = onSignal;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    std::atexit(killChildren);

    const pid_t self = ::getpid();
    for (int i = 0; i < children; ++i) {
        const pid_t pid = ::fork();
        if (pid < 0) {
            std::fprintf(stderr, "fork failed after %d children: %s\n", i, std::strerror(errno));
            return 1;
        }
        if (pid == 0)
            becomeIdleChild(self, 300);
        g_children[g_childCount] = pid;
        g_childCount = g_childCount + 1;
    }

    const auto reader = systemProcessReader();
    ProcessScanner scanner;

    const auto firstStart = Clock::now();
    const ProcessSnapshot first = scanOrDie(scanner, *reader);
    const double firstUs = std::chrono::duration<double, std::micro>(Clock::now() - firstStart).count();

    const double cpuBefore = cpuSeconds();
    ProcessSnapshot last;
    const Spread spread = timeRuns(scans, [&] { last = scanOrDie(scanner, *reader); });
    const double cpuPerScanUs = (cpuSeconds() - cpuBefore) / scans * 1e6;

    std::printf("machine: %ld CPUs, 1-minute load average %s (other work slows every figure)\n",
                ::sysconf(_SC_NPROCESSORS_ONLN), loadAverage().c_str());
    std::printf("processes in the table: %u (%d idle children of this program, %u unreadable)\n", last.count,
                children, last.unreadable);
    std::printf("first scan (every process new, names read): %.0f us\n", firstUs);
    std::printf("scan, %d back to back: median %.0f us, p99 %.0f us (%.2f us per process)\n", scans, spread.median,
                spread.p99, spread.median / double(std::max(last.count, 1u)));
    std::printf("CPU per scan: %.0f us = %.4f %% of one core at a 2 s tick\n", cpuPerScanUs,
                cpuPerScanUs / 2e6 * 100.0);
    std::printf("cache: %zu entries, %zu bytes (%.1f KiB)\n", scanner.cachedProcesses(), scanner.cacheBytes(),
                double(scanner.cacheBytes()) / 1024.0);
    if (const auto *procfs = dynamic_cast<const LinuxProcessReader *>(reader.get()))
        std::printf("stat descriptors kept open: %zu (about 4 KiB of kernel memory each)\n", procfs->keptOpen());
    (void)first;

    printReferences(scans);

    if (churn > 0) {
        const std::size_t entriesBefore = scanner.cachedProcesses();
        const std::size_t bytesBefore = scanner.cacheBytes();
        const long rssBefore = residentKiB();
        std::size_t peakEntries = 0, peakBytes = 0;
        constexpr int Wave = 100;
        int started = 0;
        while (started < churn) {
            int fds[2];
            if (::pipe(fds) != 0) {
                std::perror("pipe");
                return 1;
            }
            std::vector<pid_t> wave;
            for (int i = 0; i < Wave && started < churn; ++i, ++started) {
                const pid_t pid = ::fork();
                if (pid < 0) {
                    std::perror("fork");
                    return 1;
                }
                if (pid == 0) {
                    // Lives until the parent closes the pipe: one scan's worth.
                    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                    ::close(fds[1]);
                    char byte;
                    while (::read(fds[0], &byte, 1) < 0 && errno == EINTR) {
                    }
                    ::_exit(0);
                }
                wave.push_back(pid);
            }
            ::close(fds[0]);
            scanOrDie(scanner, *reader);
            peakEntries = std::max(peakEntries, scanner.cachedProcesses());
            peakBytes = std::max(peakBytes, scanner.cacheBytes());
            ::close(fds[1]);
            for (const pid_t pid : wave)
                ::waitpid(pid, nullptr, 0);
        }
        scanOrDie(scanner, *reader);
        std::printf("churn of %d short-lived processes in waves of %d:\n", churn, Wave);
        std::printf("  cache before: %zu entries, %zu bytes; peak %zu entries, %zu bytes; after: %zu entries, %zu bytes\n",
                    entriesBefore, bytesBefore, peakEntries, peakBytes, scanner.cachedProcesses(),
                    scanner.cacheBytes());
        std::printf("  this program's RSS before %ld KiB, after %ld KiB\n", rssBefore, residentKiB());
    }
    killChildren();
    return 0;
}
