// ziggie-sendfloor: the least a WebSocket fan-out can cost on this machine. A bare epoll
// server that accepts handshakes and, once per tick, sends one prebuilt system_stats frame
// to every client with one send() each. The benchmark runs the same load against it, so the
// server's figures can be read against the cost of the send system calls themselves.
// Loopback only, bounded in clients and lifetime; not a server anyone should use.

#include "wsproto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

constexpr size_t MaxClients = 20000;

std::string frame(const std::string &payload)
{
    std::string f(1, char(0x81));
    if (payload.size() < 126) {
        f.push_back(char(payload.size()));
    } else {
        f.push_back(char(126));
        f.push_back(char(payload.size() >> 8));
        f.push_back(char(payload.size() & 0xff));
    }
    return f + payload;
}

std::string statsMessage()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tm utc;
    gmtime_r(&ts.tv_sec, &utc);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &utc);
    char text[320];
    snprintf(text, sizeof text,
             R"({"type":"system_stats","timestamp":"%s.%06ldZ","cpu":{"usage":12.5},)"
             R"("memory":{"percent":41.2,"used_gb":9.3,"total_gb":23.5},)"
             R"("disk":{"percent":45.3,"used_gb":234.5,"total_gb":512.0}})",
             when, ts.tv_nsec / 1000);
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    const double interval = argc > 1 ? atof(argv[1]) : 1.0;
    const double lifetime = argc > 2 ? atof(argv[2]) : 900.0;
    if (!(interval >= 0.05 && interval <= 60) || !(lifetime > 0 && lifetime <= 3600)) {
        fprintf(stderr, "usage: ziggie-sendfloor [INTERVAL_S (1)] [LIFETIME_S (900)]\n");
        return 2;
    }
    rlimit rl{MaxClients + 64, MaxClients + 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        getrlimit(RLIMIT_NOFILE, &rl);
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }

    const int on = 1;
    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), len) != 0 || listen(listener, 4096) != 0
        || getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
        perror("ziggie-sendfloor: listen");
        return 1;
    }
    printf("ziggie-sendfloor serving http://127.0.0.1:%d/\n", ntohs(addr.sin_port));
    fflush(stdout);

    const int ep = epoll_create1(EPOLL_CLOEXEC);
    auto watch = [ep](int fd) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    };
    const int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    itimerspec period{};
    period.it_interval.tv_sec = time_t(interval);
    period.it_interval.tv_nsec = long((interval - double(time_t(interval))) * 1e9);
    period.it_value = period.it_interval;
    timerfd_settime(timer, 0, &period, nullptr);
    watch(listener);
    watch(timer);

    std::unordered_map<int, std::string> handshaking; // fd -> request head so far
    std::vector<int> clients;
    const std::string history = frame(R"({"type":"history","interval_s":1,"samples":[]})");
    const time_t stopAt = time(nullptr) + time_t(lifetime);
    epoll_event events[256];
    while (time(nullptr) < stopAt) {
        const int n = epoll_wait(ep, events, 256, 1000);
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == listener) {
                int c;
                while ((c = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    if (clients.size() + handshaking.size() >= MaxClients) {
                        close(c);
                        continue;
                    }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                    handshaking[c];
                    watch(c);
                }
            } else if (fd == timer) {
                uint64_t expirations;
                if (read(timer, &expirations, sizeof expirations) < 0)
                    continue;
                const std::string f = frame(statsMessage()); // once per tick
                for (int c : clients)
                    send(c, f.data(), f.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            } else {
                char buf[4096];
                const ssize_t got = recv(fd, buf, sizeof buf, 0);
                const auto pending = handshaking.find(fd);
                const bool closing = got > 0 && pending == handshaking.end() && (buf[0] & 0x0f) == 0x8;
                if (got <= 0 || closing) {
                    close(fd);
                    if (pending != handshaking.end())
                        handshaking.erase(pending);
                    for (auto &c : clients) {
                        if (c == fd) {
                            c = clients.back();
                            clients.pop_back();
                            break;
                        }
                    }
                    continue;
                }
                if (pending == handshaking.end())
                    continue; // client frames are not read
                pending->second.append(buf, size_t(got));
                const std::string &head = pending->second;
                if (head.find("\r\n\r\n") == std::string::npos)
                    continue;
                const size_t at = head.find("Sec-WebSocket-Key: ");
                const size_t end = at == std::string::npos ? at : head.find("\r\n", at);
                if (end == std::string::npos) {
                    close(fd);
                    handshaking.erase(pending);
                    continue;
                }
                const std::string key = head.substr(at + 19, end - at - 19);
                const std::string reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                          "Connection: Upgrade\r\nSec-WebSocket-Accept: "
                                          + bench::acceptFor(key) + "\r\n\r\n" + history;
                send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
                handshaking.erase(pending);
                clients.push_back(fd);
            }
        }
    }
    return 0;
}
