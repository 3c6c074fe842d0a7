#pragma once
// What the server costs, read from /proc/PID the way `top` would: CPU time (nanosecond
// scheduler accounting when the kernel offers it, clock ticks otherwise) and resident memory.

#include <dirent.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace bench {

class ProcProbe
{
public:
    explicit ProcProbe(pid_t pid) : m_pid(pid) {}

    bool valid() const { return m_pid > 0; }
    bool alive() const
    {
        return m_pid > 0 && access(("/proc/" + std::to_string(m_pid) + "/stat").c_str(), F_OK) == 0;
    }

    // CPU seconds used so far by the whole process; -1 when unreadable.
    double cpuSeconds() const
    {
        if (m_pid <= 0)
            return -1;
        // utime + stime of the process (includes threads that have ended), 10 ms resolution.
        const double ticks = statCpuSeconds();
        // The sum of the live threads' schedstat run time has nanosecond resolution: use it
        // unless a thread has ended since (then the tick count is larger and more honest).
        const double precise = schedstatCpuSeconds();
        if (precise >= 0 && ticks >= 0 && precise + 0.02 >= ticks)
            return precise;
        return ticks;
    }

    long rssKiB() const { return statusField("VmRSS:"); }
    // Open file descriptors (sockets included); -1 when unreadable.
    long openFds() const
    {
        DIR *d = m_pid > 0 ? opendir(("/proc/" + std::to_string(m_pid) + "/fd").c_str()) : nullptr;
        if (!d)
            return -1;
        long n = 0;
        while (dirent *e = readdir(d))
            n += e->d_name[0] != '.';
        closedir(d);
        return n;
    }
    long peakRssKiB() const { return statusField("VmHWM:"); }

private:
    double statCpuSeconds() const
    {
        const std::string text = slurp("/proc/" + std::to_string(m_pid) + "/stat");
        const size_t paren = text.rfind(')');
        if (paren == std::string::npos)
            return -1;
        // Fields after "pid (comm)": state is field 3; utime and stime are fields 14 and 15.
        const char *p = text.c_str() + paren + 2;
        unsigned long long utime = 0, stime = 0;
        for (int field = 3; field <= 15 && *p; ++field) {
            if (field == 14)
                utime = strtoull(p, nullptr, 10);
            if (field == 15)
                stime = strtoull(p, nullptr, 10);
            p = strchr(p, ' ');
            if (!p)
                break;
            ++p;
        }
        return double(utime + stime) / double(sysconf(_SC_CLK_TCK));
    }

    double schedstatCpuSeconds() const
    {
        const std::string dir = "/proc/" + std::to_string(m_pid) + "/task";
        DIR *d = opendir(dir.c_str());
        if (!d)
            return -1;
        unsigned long long ns = 0;
        bool any = false;
        while (dirent *e = readdir(d)) {
            if (e->d_name[0] == '.')
                continue;
            const std::string text = slurp(dir + "/" + e->d_name + "/schedstat");
            if (text.empty())
                continue;
            ns += strtoull(text.c_str(), nullptr, 10);
            any = true;
        }
        closedir(d);
        return any ? double(ns) / 1e9 : -1;
    }

    long statusField(const char *name) const
    {
        if (m_pid <= 0)
            return -1;
        const std::string text = slurp("/proc/" + std::to_string(m_pid) + "/status");
        const size_t at = text.find(name);
        if (at == std::string::npos)
            return -1;
        return strtol(text.c_str() + at + strlen(name), nullptr, 10);
    }

    static std::string slurp(const std::string &path)
    {
        std::string out;
        if (FILE *f = fopen(path.c_str(), "re")) {
            char buf[4096];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, f)) > 0)
                out.append(buf, n);
            fclose(f);
        }
        return out;
    }

    pid_t m_pid;
};

} // namespace bench
