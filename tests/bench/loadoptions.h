#pragma once
// The load tool's command line, and the few things it checks or sets up before the first
// connect: loopback only, enough file descriptors, the server's port.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace bench {

constexpr int MaxClients = 20000;
constexpr double MaxDurationS = 900;

inline int64_t realUs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

inline int64_t monoUs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

[[noreturn]] inline void usage(const char *why)
{
    if (why)
        fprintf(stderr, "ziggie-load: %s\n", why);
    fprintf(stderr,
            "usage: ziggie-load --port P [options]\n"
            "  --host ADDR           loopback address of the server (127.0.0.1)\n"
            "  --path PATH           WebSocket path (/ws)\n"
            "  --token T             use /api/system/ws?token=T\n"
            "  --clients N           clients to open, at most %d (100)\n"
            "  --rate R              connections started per second (1000)\n"
            "  --duration D          seconds to stay once every client is connected (10)\n"
            "  --subscribe-mix F     share of clients that send a subscribe filter (0)\n"
            "  --interval S          the server's tick interval, to spot ticks no client saw\n"
            "  --server-pid PID      read the server's CPU time and memory from /proc/PID\n"
            "  --grace S             seconds to wait for ticks in flight at the end (1)\n"
            "  --connect-timeout S   a handshake slower than this counts as failed (10)\n"
            "  --startup NS          startup mode: connect one client as soon as the port\n"
            "                        opens and report times since NS (CLOCK_REALTIME ns)\n"
            "  --port-from FILE      startup mode: read the port from the server's output,\n"
            "                        the first line holding http://127.0.0.1:PORT/\n",
            MaxClients);
    exit(2);
}

struct Options
{
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/ws";
    int clients = 100;
    double rate = 1000;
    double duration = 10;
    double subscribeMix = 0;
    double interval = 0;
    pid_t serverPid = 0;
    double grace = 1;
    double connectTimeout = 10;
    int64_t startupLaunchNs = -1;
    std::string portFile;
};

inline std::string urlEncode(const std::string &s)
{
    std::string out;
    for (unsigned char c : s) {
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(char(c));
        } else {
            char buf[4];
            snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

inline Options parseOptions(int argc, char **argv)
{
    Options o;
    auto number = [&](int &i, double lo, double hi) {
        if (i + 1 >= argc)
            usage("missing value");
        char *end = nullptr;
        const double v = strtod(argv[++i], &end);
        if (!end || *end || !(v >= lo && v <= hi)) {
            fprintf(stderr, "ziggie-load: %s must be within [%g, %g]\n", argv[i - 1], lo, hi);
            exit(2);
        }
        return v;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--host" && i + 1 < argc)
            o.host = argv[++i];
        else if (a == "--port")
            o.port = int(number(i, 1, 65535));
        else if (a == "--path" && i + 1 < argc)
            o.path = argv[++i];
        else if (a == "--token" && i + 1 < argc)
            o.path = "/api/system/ws?token=" + urlEncode(argv[++i]);
        else if (a == "--clients")
            o.clients = int(number(i, 0, MaxClients));
        else if (a == "--rate")
            o.rate = number(i, 1, 100000);
        else if (a == "--duration")
            o.duration = number(i, 0, MaxDurationS);
        else if (a == "--subscribe-mix")
            o.subscribeMix = number(i, 0, 1);
        else if (a == "--interval")
            o.interval = number(i, 0, 3600);
        else if (a == "--server-pid")
            o.serverPid = pid_t(number(i, 1, 1 << 30));
        else if (a == "--grace")
            o.grace = number(i, 0, 60);
        else if (a == "--connect-timeout")
            o.connectTimeout = number(i, 0.1, 60);
        else if (a == "--startup")
            o.startupLaunchNs = int64_t(number(i, 0, 1e19));
        else if (a == "--port-from" && i + 1 < argc)
            o.portFile = argv[++i];
        else if (a == "--help" || a == "-h")
            usage(nullptr);
        else
            usage(("unknown option " + a).c_str());
    }
    if (o.port == 0 && (o.portFile.empty() || o.startupLaunchNs < 0))
        usage("--port is required (or --port-from with --startup)");
    return o;
}

// The tool talks to this machine only: refuse anything outside 127.0.0.0/8 and ::1.
inline bool loopbackAddress(const std::string &host, sockaddr_storage *addr, socklen_t *len)
{
    *addr = {};
    auto *v4 = reinterpret_cast<sockaddr_in *>(addr);
    if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        if ((ntohl(v4->sin_addr.s_addr) >> 24) != 127)
            return false;
        v4->sin_family = AF_INET;
        *len = sizeof(sockaddr_in);
        return true;
    }
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(addr);
    if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1
        && IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr)) {
        v6->sin6_family = AF_INET6;
        *len = sizeof(sockaddr_in6);
        return true;
    }
    return false;
}

inline void raiseFdLimit(int clients)
{
    const rlim_t needed = rlim_t(clients) + 64;
    rlimit rl{};
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur >= needed)
        return;
    if (rl.rlim_max < needed) {
        rlimit raised{needed, needed};
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            return;
    }
    rl.rlim_cur = std::min<rlim_t>(needed, rl.rlim_max);
    setrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < needed)
        fprintf(stderr, "ziggie-load: warning: open-file limit %llu < %llu, some connects will fail\n",
                static_cast<unsigned long long>(rl.rlim_cur), static_cast<unsigned long long>(needed));
}

// Polls the server's output for its dashboard URL; 0 when it did not appear in time.
inline int waitForPort(const std::string &file, double timeoutS)
{
    const int64_t stop = monoUs() + int64_t(timeoutS * 1e6);
    const std::string marker = "http://127.0.0.1:";
    while (monoUs() < stop) {
        if (FILE *f = fopen(file.c_str(), "re")) {
            char line[1024];
            while (fgets(line, sizeof line, f)) {
                const char *at = strstr(line, marker.c_str());
                if (at) {
                    fclose(f);
                    return atoi(at + marker.size());
                }
            }
            fclose(f);
        }
        usleep(500);
    }
    return 0;
}

} // namespace bench
