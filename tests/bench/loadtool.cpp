// ziggie-load: opens many WebSocket clients to a ziggie server on this machine and reports,
// as one JSON line, how well every tick reached them and what the server paid for it.
// Single-threaded epoll and no Qt: a client that costs more than the server would end up
// measuring itself. Bounded in clients and time, loopback only.

#include "loadoptions.h"
#include "procprobe.h"
#include "wsproto.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace bench;

constexpr size_t MaxMessageBytes = 1 << 20;

enum class State : uint8_t { Idle, Connecting, Handshake, Open, Closing, Done, Failed };

struct Client
{
    int fd = -1;
    State state = State::Idle;
    uint8_t filter = 0; // 0: every metric; otherwise the subscribed metric bits
    bool closedByServer = false;
    int64_t startedMono = 0;
    int64_t historyAtUs = 0; // CLOCK_REALTIME when `history` arrived: the client's window opens
    bool filterSeen = false; // a frame already carried exactly the subscribed metrics
    int64_t lastTickUs = 0; // server timestamp of the last system_stats
    uint32_t delivered = 0;
    std::string acceptKey; // expected Sec-WebSocket-Accept, until the handshake is done
    std::string in;        // bytes not parsed yet
    std::string fragments; // a message split over continuation frames
    std::string out;       // bytes not sent yet
};

struct Tick
{
    int64_t firstUs = 0;
    int64_t lastUs = 0;
    uint32_t receivers = 0;
};

constexpr uint8_t MetricCpu = 1, MetricMemory = 2, MetricDisk = 4;
// Distinct subscription sets, so the server has more than one serialization per tick to make.
constexpr uint8_t FilterSets[] = {MetricCpu, MetricCpu | MetricMemory, MetricDisk};
const char *const FilterJson[] = {R"({"type":"subscribe","metrics":["cpu"]})",
                                  R"({"type":"subscribe","metrics":["cpu","memory"]})",
                                  R"({"type":"subscribe","metrics":["disk"]})"};

double percentileMs(std::vector<int64_t> &values, double p)
{
    if (values.empty())
        return 0;
    const size_t k = std::min(values.size() - 1, size_t(std::ceil(p * double(values.size()))) - (p > 0 ? 1 : 0));
    std::nth_element(values.begin(), values.begin() + long(k), values.end());
    return double(values[k]) / 1000.0;
}

class LoadRun
{
public:
    LoadRun(const Options &o, sockaddr_storage addr, socklen_t addrLen)
        : m_o(o), m_addr(addr), m_addrLen(addrLen), m_probe(o.serverPid), m_rng(std::random_device{}())
    {
        m_clients.resize(size_t(o.clients));
        const int subscribers = int(std::lround(o.subscribeMix * o.clients));
        // Spread subscribers evenly over the connection order.
        for (int k = 0; k < subscribers; ++k) {
            const size_t index = size_t(int64_t(k) * o.clients / std::max(subscribers, 1));
            m_clients[index].filter = FilterSets[k % 3];
        }
        char port[8];
        snprintf(port, sizeof port, "%d", o.port);
        m_hostHeader = (addr.ss_family == AF_INET6 ? "[" + o.host + "]" : o.host) + ":" + port;
    }

    int run();
    int runStartup();

private:
    bool startConnect(size_t index);
    void onEvent(size_t index, uint32_t events, int64_t nowUs);
    bool onHandshakeData(Client &c, int64_t nowUs);
    bool parseFrames(Client &c, int64_t nowUs);
    void onMessage(Client &c, std::string_view text, int64_t nowUs);
    void sendFrame(Client &c, uint8_t opcode, std::string_view payload);
    bool flush(Client &c);
    void finish(Client &c, State state);
    void sampleServer();
    void printReport();

    const Options &m_o;
    sockaddr_storage m_addr;
    socklen_t m_addrLen;
    bench::ProcProbe m_probe;
    std::mt19937_64 m_rng;
    std::string m_hostHeader;
    int m_epoll = -1;
    std::vector<Client> m_clients;
    std::map<int64_t, Tick> m_ticks; // by server timestamp
    std::vector<int64_t> m_delays;   // arrival - timestamp, steady window only
    std::string m_lastTimestamp;
    int64_t m_lastTimestampUs = 0;

    int64_t m_steadyStartUs = 0;             // realtime: every client connected (or failed)
    int64_t m_endUs = INT64_MAX;             // realtime: ticks after this are not counted
    uint64_t m_messagesSteady = 0, m_messagesTotal = 0;
    uint64_t m_protocolErrors = 0, m_errorsReceived = 0, m_filterViolations = 0;
    int m_opened = 0, m_failed = 0, m_pending = 0;
    int m_failedTcp = 0, m_failedHandshake = 0, m_failedTimeout = 0, m_rejectStatus = 0;
    int64_t m_connectMs = -1, m_historyMs = -1, m_statsMs = -1;
    bool m_historyHadSample = false;

    double m_cpuBefore = -1, m_cpuSteady = -1, m_cpuEnd = -1;
    long m_fdsBefore = -1;
    long m_rssBefore = -1, m_rssSteady = -1, m_rssEnd = -1, m_rssPeak = -1, m_rssAfter = -1;
    bool m_alive = true;
};

bool LoadRun::startConnect(size_t index)
{
    Client &c = m_clients[index];
    c.state = State::Connecting;
    c.startedMono = monoUs();
    c.fd = socket(m_addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        finish(c, State::Failed);
        return false;
    }
    const int off = 0, on = 1;
    setsockopt(c.fd, SOL_SOCKET, SO_REUSEADDR, &off, sizeof off);
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (connect(c.fd, reinterpret_cast<sockaddr *>(&m_addr), m_addrLen) < 0 && errno != EINPROGRESS) {
        finish(c, State::Failed);
        return false;
    }
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = index;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
    ++m_pending;
    return true;
}

void LoadRun::finish(Client &c, State state)
{
    if (c.state == State::Connecting || c.state == State::Handshake) {
        --m_pending;
        if (state == State::Failed) {
            ++m_failed;
            ++(c.state == State::Connecting ? m_failedTcp : m_failedHandshake);
        }
    }
    if (c.fd >= 0) {
        close(c.fd); // also leaves the epoll set
        c.fd = -1;
    }
    c.state = state;
    std::string().swap(c.in);
    std::string().swap(c.out);
    std::string().swap(c.fragments);
    std::string().swap(c.acceptKey);
}

bool LoadRun::flush(Client &c)
{
    while (!c.out.empty()) {
        const ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return false;
        }
        c.out.erase(0, size_t(n));
    }
    epoll_event ev{};
    ev.events = EPOLLIN | (c.out.empty() ? 0u : uint32_t(EPOLLOUT));
    ev.data.u64 = size_t(&c - m_clients.data());
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
    return true;
}

void LoadRun::sendFrame(Client &c, uint8_t opcode, std::string_view payload)
{
    std::string frame;
    frame.push_back(char(0x80 | opcode));
    if (payload.size() < 126) {
        frame.push_back(char(0x80 | payload.size()));
    } else {
        frame.push_back(char(0x80 | 126)); // the tool never sends 64 KiB or more
        frame.push_back(char(payload.size() >> 8));
        frame.push_back(char(payload.size() & 0xff));
    }
    const uint32_t mask = uint32_t(m_rng());
    const uint8_t key[4] = {uint8_t(mask), uint8_t(mask >> 8), uint8_t(mask >> 16), uint8_t(mask >> 24)};
    frame.append(reinterpret_cast<const char *>(key), 4);
    for (size_t i = 0; i < payload.size(); ++i)
        frame.push_back(char(uint8_t(payload[i]) ^ key[i % 4]));
    c.out += frame;
}

void LoadRun::onEvent(size_t index, uint32_t events, int64_t nowUs)
{
    Client &c = m_clients[index];
    if (c.state == State::Connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
            finish(c, State::Failed);
            return;
        }
        uint8_t raw[16];
        for (auto &b : raw)
            b = uint8_t(m_rng());
        const std::string key = bench::base64(raw, sizeof raw);
        c.acceptKey = bench::acceptFor(key);
        c.out = "GET " + m_o.path + " HTTP/1.1\r\nHost: " + m_hostHeader
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        c.state = State::Handshake;
        if (!flush(c))
            finish(c, State::Failed);
        return;
    }
    if ((events & EPOLLOUT) && !flush(c)) {
        finish(c, c.state == State::Open ? State::Done : State::Failed);
        return;
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    char buf[65536];
    const ssize_t n = recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (n <= 0) {
        if (c.state == State::Open)
            c.closedByServer = true;
        finish(c, c.state == State::Open || c.state == State::Closing ? State::Done : State::Failed);
        return;
    }
    c.in.append(buf, size_t(n));
    if (c.state == State::Handshake && !onHandshakeData(c, nowUs))
        return;
    if ((c.state == State::Open || c.state == State::Closing) && !parseFrames(c, nowUs))
        finish(c, State::Done);
    else if (c.fd >= 0 && !c.out.empty() && !flush(c))
        finish(c, State::Done);
}

bool LoadRun::onHandshakeData(Client &c, int64_t nowUs)
{
    const size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (c.in.size() > 16384)
            finish(c, State::Failed);
        return false;
    }
    std::string head = c.in.substr(0, end);
    for (auto &ch : head)
        ch = char(tolower(static_cast<unsigned char>(ch)));
    const size_t accept = head.find("\r\nsec-websocket-accept:");
    bool ok = head.rfind("http/1.1 101", 0) == 0 && accept != std::string::npos;
    if (ok) {
        size_t v = accept + 23;
        while (v < end && c.in[v] == ' ')
            ++v;
        ok = c.in.compare(v, c.acceptKey.size(), c.acceptKey) == 0;
    }
    if (!ok) {
        if (head.rfind("http/1.", 0) == 0 && head.size() > 12)
            m_rejectStatus = atoi(head.c_str() + 9);
        finish(c, State::Failed);
        return false;
    }
    c.in.erase(0, end + 4);
    std::string().swap(c.acceptKey);
    c.state = State::Open;
    --m_pending;
    ++m_opened;
    if (m_connectMs < 0 && m_o.startupLaunchNs >= 0)
        m_connectMs = (nowUs * 1000 - m_o.startupLaunchNs) / 1000000;
    if (c.filter) {
        for (size_t k = 0; k < 3; ++k) {
            if (FilterSets[k] == c.filter)
                sendFrame(c, 0x1, FilterJson[k]);
        }
    }
    return true;
}

bool LoadRun::parseFrames(Client &c, int64_t nowUs)
{
    size_t pos = 0;
    const auto *d = reinterpret_cast<const uint8_t *>(c.in.data());
    const size_t size = c.in.size();
    bool keep = true;
    while (keep && size - pos >= 2) {
        const uint8_t b0 = d[pos], b1 = d[pos + 1];
        const bool fin = b0 & 0x80;
        const uint8_t opcode = b0 & 0x0f;
        if (b1 & 0x80 || (b0 & 0x70)) { // servers never mask; no extensions were negotiated
            ++m_protocolErrors;
            return false;
        }
        uint64_t len = b1 & 0x7f;
        size_t header = 2;
        if (len == 126) {
            if (size - pos < 4)
                break;
            len = uint64_t(d[pos + 2]) << 8 | d[pos + 3];
            header = 4;
        } else if (len == 127) {
            if (size - pos < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; ++i)
                len = len << 8 | d[pos + 2 + i];
            header = 10;
        }
        if (len > MaxMessageBytes) {
            ++m_protocolErrors;
            return false;
        }
        if (size - pos - header < len)
            break;
        const std::string_view payload(c.in.data() + pos + header, size_t(len));
        pos += header + size_t(len);
        switch (opcode) {
        case 0x0: // continuation
        case 0x1: // text
        case 0x2: // binary
            if (opcode != 0x0 && !c.fragments.empty()) {
                ++m_protocolErrors;
                return false;
            }
            if (fin && c.fragments.empty()) {
                onMessage(c, payload, nowUs);
            } else {
                c.fragments.append(payload);
                if (c.fragments.size() > MaxMessageBytes) {
                    ++m_protocolErrors;
                    return false;
                }
                if (fin) {
                    std::string whole;
                    whole.swap(c.fragments);
                    onMessage(c, whole, nowUs);
                }
            }
            break;
        case 0x8: // close: echo it (unless we started it) and wait for the server to hang up
            if (c.state == State::Open) {
                c.closedByServer = true;
                sendFrame(c, 0x8, payload.substr(0, std::min<size_t>(payload.size(), 2)));
                c.state = State::Closing;
            }
            keep = false;
            break;
        case 0x9:
            sendFrame(c, 0xA, payload);
            break;
        case 0xA:
            break;
        default:
            ++m_protocolErrors;
            return false;
        }
    }
    c.in.erase(0, pos);
    if (c.in.capacity() > 4096 && c.in.size() < 1024)
        c.in.shrink_to_fit();
    return true;
}

void LoadRun::onMessage(Client &c, std::string_view text, int64_t nowUs)
{
    bench::MessageScan scan;
    if (!bench::scanMessage(text, &scan)) {
        ++m_protocolErrors;
        return;
    }
    if (scan.type == "history") {
        if (c.historyAtUs != 0) {
            ++m_protocolErrors; // sent once, right after the handshake
        } else {
            c.historyAtUs = nowUs;
            if (m_historyMs < 0 && m_o.startupLaunchNs >= 0) {
                m_historyMs = (nowUs * 1000 - m_o.startupLaunchNs) / 1000000;
                m_historyHadSample = scan.samplesNonEmpty;
            }
        }
        return;
    }
    if (scan.type == "error") {
        ++m_errorsReceived;
        return;
    }
    if (scan.type != "system_stats")
        return;
    if (c.historyAtUs == 0) {
        ++m_protocolErrors; // `history` must come first
        return;
    }
    if (m_statsMs < 0 && m_o.startupLaunchNs >= 0)
        m_statsMs = (nowUs * 1000 - m_o.startupLaunchNs) / 1000000;
    ++m_messagesTotal;
    if (nowUs >= m_steadyStartUs && m_steadyStartUs > 0 && nowUs <= m_endUs)
        ++m_messagesSteady;
    int64_t ts;
    if (scan.timestamp == m_lastTimestamp) {
        ts = m_lastTimestampUs;
    } else {
        ts = bench::parseTimestampUs(scan.timestamp);
        if (ts < 0) {
            ++m_protocolErrors;
            return;
        }
        m_lastTimestamp.assign(scan.timestamp);
        m_lastTimestampUs = ts;
    }
    if (c.filter) {
        // The filter applies from some tick after the subscribe was read; from then on, every
        // frame must carry exactly the subscribed metrics.
        const uint8_t present = uint8_t((scan.cpu ? MetricCpu : 0) | (scan.memory ? MetricMemory : 0)
                                        | (scan.disk ? MetricDisk : 0));
        if (present == c.filter)
            c.filterSeen = true;
        else if (c.filterSeen)
            ++m_filterViolations;
    }
    if (ts <= c.lastTickUs)
        return; // a repeated tick is not a delivery
    c.lastTickUs = ts;
    Tick &tick = m_ticks[ts];
    if (tick.receivers++ == 0)
        tick.firstUs = nowUs;
    tick.lastUs = std::max(tick.lastUs, nowUs);
    if (c.historyAtUs > 0 && ts > c.historyAtUs && ts <= m_endUs) {
        ++c.delivered;
        if (m_steadyStartUs > 0 && ts > m_steadyStartUs)
            m_delays.push_back(nowUs - ts);
    }
}

void LoadRun::sampleServer()
{
    if (!m_probe.valid())
        return;
    const long rss = m_probe.rssKiB();
    if (rss > m_rssPeak)
        m_rssPeak = rss;
    if (rss < 0 && !m_probe.alive())
        m_alive = false;
}

int LoadRun::run()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_cpuBefore = m_probe.cpuSeconds();
    m_rssBefore = m_probe.rssKiB();
    m_fdsBefore = m_probe.openFds();
    m_rssPeak = m_rssBefore;

    enum class Phase { Ramp, Steady, Grace, Closing } phase = Phase::Ramp;
    const int64_t t0 = monoUs();
    const int64_t hardStop = t0 + int64_t((double(m_o.clients) / m_o.rate + m_o.connectTimeout
                                           + m_o.duration + m_o.grace + 10) * 1e6);
    int64_t phaseEnd = 0, nextSample = t0, nextTimeoutScan = t0 + 100000;
    size_t started = 0;
    std::vector<epoll_event> events(1024);

    for (;;) {
        const int64_t now = monoUs();
        if (now >= nextSample) {
            sampleServer();
            nextSample = now + 200000;
        }
        if (now >= hardStop)
            break;
        if (phase == Phase::Ramp) {
            const size_t due = std::min(size_t(m_o.clients), size_t(double(now - t0) / 1e6 * m_o.rate) + 1);
            while (started < due)
                startConnect(started++);
            if (now >= nextTimeoutScan) {
                nextTimeoutScan = now + 100000;
                for (auto &c : m_clients) {
                    if ((c.state == State::Connecting || c.state == State::Handshake)
                        && now - c.startedMono > int64_t(m_o.connectTimeout * 1e6)) {
                        ++m_failedTimeout;
                        finish(c, State::Failed);
                    }
                }
            }
            if (started == size_t(m_o.clients) && m_pending == 0) {
                phase = Phase::Steady;
                m_steadyStartUs = realUs();
                m_cpuSteady = m_probe.cpuSeconds();
                m_rssSteady = m_probe.rssKiB();
                phaseEnd = now + int64_t(m_o.duration * 1e6);
            }
        } else if (phase == Phase::Steady && now >= phaseEnd) {
            phase = Phase::Grace;
            m_endUs = realUs();
            m_cpuEnd = m_probe.cpuSeconds();
            m_rssEnd = m_probe.rssKiB();
            m_alive = !m_probe.valid() || m_probe.alive();
            phaseEnd = now + int64_t(m_o.grace * 1e6);
        } else if (phase == Phase::Grace && now >= phaseEnd) {
            phase = Phase::Closing;
            for (auto &c : m_clients) {
                if (c.state == State::Open) {
                    sendFrame(c, 0x8, std::string_view("\x03\xe8", 2)); // 1000, normal closure
                    c.state = State::Closing;
                    if (!flush(c))
                        finish(c, State::Done);
                }
            }
            phaseEnd = now + 2000000;
        } else if (phase == Phase::Closing) {
            const bool anyOpen = std::any_of(m_clients.begin(), m_clients.end(),
                                             [](const Client &c) { return c.fd >= 0; });
            if (!anyOpen || now >= phaseEnd)
                break;
        }

        int timeoutMs = phase == Phase::Ramp ? 1 : 50;
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), timeoutMs);
        if (n <= 0)
            continue;
        for (int i = 0; i < n; ++i) // one clock read per socket: a batch is not one instant
            onEvent(size_t(events[size_t(i)].data.u64), events[size_t(i)].events, realUs());
    }
    for (auto &c : m_clients) {
        if (c.state == State::Connecting || c.state == State::Handshake)
            finish(c, State::Failed);
        else if (c.fd >= 0)
            finish(c, State::Done);
    }
    close(m_epoll);
    if (m_endUs == INT64_MAX) { // stopped early by the hard bound
        m_endUs = realUs();
        m_cpuEnd = m_probe.cpuSeconds();
        m_rssEnd = m_probe.rssKiB();
    }
    if (m_probe.valid()) {
        // Let the server tear the connections down (its open descriptors back to where they
        // were, at most 20 s), then give freed memory back: it trims a second after the last
        // client left, so RSS is read 1.5 s later and again until it holds still for 0.5 s.
        for (int i = 0; i < 80 && m_fdsBefore >= 0 && m_probe.openFds() > m_fdsBefore; ++i)
            usleep(250000);
        usleep(1500000);
        long last = m_probe.rssKiB();
        for (int i = 0; i < 20; ++i) {
            usleep(500000);
            const long now = m_probe.rssKiB();
            if (now == last)
                break;
            last = now;
        }
        m_rssAfter = last;
        m_alive = m_alive && m_probe.alive();
        m_rssPeak = std::max(m_rssPeak, m_rssEnd);
    }
    printReport();
    return 0;
}

int LoadRun::runStartup()
{
    // One client, retried every millisecond until the port opens, kept until its first
    // live system_stats (or the bound).
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_clients.assign(1, Client{});
    const int64_t stop = monoUs() + int64_t(m_o.connectTimeout * 1e6);
    epoll_event ev;
    while (monoUs() < stop && m_statsMs < 0) {
        Client &c = m_clients[0];
        if (c.state == State::Idle || c.state == State::Failed || c.state == State::Done) {
            if (c.state != State::Idle)
                usleep(1000);
            m_failed = 0;
            c = Client{};
            startConnect(0);
        }
        if (epoll_wait(m_epoll, &ev, 1, 5) == 1)
            onEvent(0, ev.events, realUs());
    }
    if (m_clients[0].fd >= 0)
        finish(m_clients[0], State::Done);
    close(m_epoll);
    printf("{\"mode\":\"startup\",\"ok\":%s,\"connected_ms\":%lld,\"history_ms\":%lld,"
           "\"history_has_sample\":%s,\"first_system_stats_ms\":%lld}\n",
           m_statsMs >= 0 ? "true" : "false", static_cast<long long>(m_connectMs),
           static_cast<long long>(m_historyMs), m_historyHadSample ? "true" : "false",
           static_cast<long long>(m_statsMs));
    return m_statsMs >= 0 ? 0 : 1;
}

void LoadRun::printReport()
{
    // Ticks seen by any client within the counted window, and gaps no client saw.
    std::vector<int64_t> stamps;
    for (const auto &[ts, tick] : m_ticks) {
        if (ts <= m_endUs)
            stamps.push_back(ts);
    }
    double intervalMs = m_o.interval * 1000;
    if (intervalMs <= 0 && stamps.size() > 2) {
        std::vector<int64_t> diffs;
        for (size_t i = 1; i < stamps.size(); ++i)
            diffs.push_back(stamps[i] - stamps[i - 1]);
        intervalMs = percentileMs(diffs, 0.5);
    }
    int gaps = 0;
    for (size_t i = 1; i < stamps.size() && intervalMs > 0; ++i) {
        if (double(stamps[i] - stamps[i - 1]) / 1000.0 > 1.5 * intervalMs)
            gaps += int(std::lround(double(stamps[i] - stamps[i - 1]) / 1000.0 / intervalMs)) - 1;
    }

    int counted = 0, allTicks = 0;
    uint64_t expectedMin = UINT64_MAX, deliveredMin = UINT64_MAX, missingMax = 0;
    double expectedSum = 0, deliveredSum = 0, ratioMin = 1, ratioSum = 0;
    for (const auto &c : m_clients) {
        if (c.historyAtUs == 0)
            continue; // never opened
        const auto from = std::upper_bound(stamps.begin(), stamps.end(), c.historyAtUs);
        const uint64_t expected = uint64_t(stamps.end() - from);
        const double ratio = expected ? double(c.delivered) / double(expected) : 1.0;
        ++counted;
        expectedMin = std::min(expectedMin, expected);
        deliveredMin = std::min<uint64_t>(deliveredMin, c.delivered);
        missingMax = std::max<uint64_t>(missingMax, expected > c.delivered ? expected - c.delivered : 0);
        expectedSum += double(expected);
        deliveredSum += c.delivered;
        ratioMin = std::min(ratioMin, ratio);
        ratioSum += ratio;
        allTicks += c.delivered >= expected;
    }
    if (counted == 0)
        expectedMin = deliveredMin = 0;

    std::vector<int64_t> skews;
    for (const auto &[ts, tick] : m_ticks) {
        if (ts > m_steadyStartUs && ts <= m_endUs)
            skews.push_back(tick.lastUs - tick.firstUs);
    }
    const size_t skewTicks = skews.size();
    const double skew50 = percentileMs(skews, 0.5), skew99 = percentileMs(skews, 0.99),
                 skewMax = percentileMs(skews, 1.0);
    const double delay50 = percentileMs(m_delays, 0.5), delay99 = percentileMs(m_delays, 0.99),
                 delayMax = percentileMs(m_delays, 1.0);

    const double steadyS = double(m_endUs - m_steadyStartUs) / 1e6;
    const double cpuSteady = m_cpuSteady >= 0 && m_cpuEnd >= 0 ? m_cpuEnd - m_cpuSteady : -1;
    const double cpuTotal = m_cpuBefore >= 0 && m_cpuEnd >= 0 ? m_cpuEnd - m_cpuBefore : -1;
    const double perMsgUs = cpuSteady >= 0 && m_messagesSteady ? cpuSteady / double(m_messagesSteady) * 1e6 : -1;
    const double perClientKiB = m_opened > 0 && m_rssPeak >= 0 && m_rssBefore >= 0
                                    ? double(m_rssPeak - m_rssBefore) / m_opened
                                    : -1;
    int closedByServer = 0, subscribed = 0, filterNeverApplied = 0;
    for (const auto &c : m_clients) {
        closedByServer += c.closedByServer;
        subscribed += c.filter != 0;
        filterNeverApplied += c.filter != 0 && c.delivered > 0 && !c.filterSeen;
    }
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    const double ownCpu = double(self.ru_utime.tv_sec + self.ru_stime.tv_sec)
                          + double(self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e6;

    printf("{\"mode\":\"load\",\"clients\":%d,\"path\":\"%s\",\"subscribed_clients\":%d,"
           "\"connections_ok\":%d,\"connections_failed\":%d,\"failed_tcp\":%d,\"failed_handshake\":%d,"
           "\"failed_timeout\":%d,\"refused_status\":%d,\"closed_by_server\":%d,"
           "\"protocol_errors\":%llu,\"errors_received\":%llu,\"filter_violations\":%llu,\"filter_never_applied\":%d,"
           "\"steady_s\":%.3f,\"tick_interval_ms\":%.1f,\"ticks_observed\":%zu,\"tick_gaps\":%d,"
           "\"ticks_expected_min\":%llu,\"ticks_expected_avg\":%.2f,"
           "\"ticks_delivered_min\":%llu,\"ticks_delivered_avg\":%.2f,"
           "\"ticks_missing_max\":%llu,\"delivery_ratio_min\":%.5f,\"delivery_ratio_avg\":%.5f,"
           "\"clients_all_ticks\":%d,"
           "\"skew_ticks\":%zu,\"skew_p50_ms\":%.2f,\"skew_p99_ms\":%.2f,\"skew_max_ms\":%.2f,"
           "\"delay_p50_ms\":%.2f,\"delay_p99_ms\":%.2f,\"delay_max_ms\":%.2f,"
           "\"messages_total\":%llu,\"messages_steady\":%llu,"
           "\"server_cpu_s_total\":%.4f,\"server_cpu_s_steady\":%.4f,"
           "\"server_cpu_s_per_1000_msgs\":%.6f,\"server_cpu_us_per_msg\":%.3f,"
           "\"server_rss_before_kib\":%ld,\"server_rss_steady_start_kib\":%ld,"
           "\"server_rss_end_kib\":%ld,\"server_rss_peak_kib\":%ld,\"server_rss_after_close_kib\":%ld,"
           "\"server_vmhwm_kib\":%ld,\"server_rss_per_client_kib\":%.2f,\"server_alive\":%s,"
           "\"load_cpu_s\":%.3f,\"load_cpu_us_per_msg\":%.2f}\n",
           m_o.clients, m_o.path.substr(0, m_o.path.find('?')).c_str(), // never the token
           subscribed, m_opened, m_failed, m_failedTcp, m_failedHandshake, m_failedTimeout,
           m_rejectStatus, closedByServer,
           static_cast<unsigned long long>(m_protocolErrors), static_cast<unsigned long long>(m_errorsReceived),
           static_cast<unsigned long long>(m_filterViolations), filterNeverApplied, steadyS, intervalMs, stamps.size(), gaps,
           static_cast<unsigned long long>(expectedMin), counted ? expectedSum / counted : 0.0,
           static_cast<unsigned long long>(deliveredMin), counted ? deliveredSum / counted : 0.0,
           static_cast<unsigned long long>(missingMax), counted ? ratioMin : 0.0,
           counted ? ratioSum / counted : 0.0, allTicks, skewTicks, skew50, skew99, skewMax, delay50,
           delay99, delayMax, static_cast<unsigned long long>(m_messagesTotal),
           static_cast<unsigned long long>(m_messagesSteady), cpuTotal, cpuSteady,
           perMsgUs >= 0 ? perMsgUs / 1000.0 : -1.0, perMsgUs, m_rssBefore, m_rssSteady, m_rssEnd,
           m_rssPeak, m_rssAfter, m_probe.peakRssKiB(), perClientKiB, m_alive ? "true" : "false",
           ownCpu, m_messagesTotal ? ownCpu / double(m_messagesTotal) * 1e6 : -1.0);
    fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    Options options = parseOptions(argc, argv);
    if (options.port == 0) {
        options.port = waitForPort(options.portFile, options.connectTimeout);
        if (options.port == 0) {
            fprintf(stderr, "ziggie-load: no http://127.0.0.1:PORT/ line in %s\n", options.portFile.c_str());
            return 1;
        }
    }
    sockaddr_storage addr;
    socklen_t addrLen = 0;
    if (!loopbackAddress(options.host, &addr, &addrLen)) {
        fprintf(stderr, "ziggie-load: refusing %s: only 127.0.0.0/8 and ::1 are allowed\n",
                options.host.c_str());
        return 2;
    }
    reinterpret_cast<sockaddr_in *>(&addr)->sin_port = htons(uint16_t(options.port)); // same offset in v6
    raiseFdLimit(options.clients);
    LoadRun run(options, addr, addrLen);
    return options.startupLaunchNs >= 0 ? run.runStartup() : run.run();
}
