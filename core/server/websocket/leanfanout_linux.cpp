#include "websocket/leanfanout.h"

#include "clientaction.h"
#include "serverlog.h"
#include "tickframes.h"
#include "websocket/wsreaction.h"

#include <QSocketNotifier>

#include <cerrno>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ziggie {

namespace {
constexpr int MaxEventsPerWait = 256;
constexpr int MaxWaitsPerWakeup = 16; // then let the thread's other events run
} // namespace

struct LeanFanout::Client
{
    int fd = -1;
    quint32 id = 0;
    Endpoint endpoint = Endpoint::Public;
    MetricSet metrics = MetricSet::all();
    ExtraSet extras; // nothing beyond the v1 frame unless subscribed
    qint64 lastHeardMs = 0;
    qint64 overCapSinceMs = -1;
    qint64 closeByMs = -1;  // closing: dropped at the latest then
    bool open = true;       // not closing
    bool finishing = false; // shut down writing once the output is out
    bool readPaused = false;
    bool registered = false;
    quint32 watched = 0;    // epoll events asked for
    ws::FrameReader reader;
    QByteArray in;          // read, not parsed yet
    qsizetype inPos = 0;
    QByteArray out;         // not sent yet (the kernel's buffer was full)
    qsizetype outPos = 0;

    explicit Client(qsizetype maxMessage)
        : reader(maxMessage)
    {
    }
};

bool LeanFanout::isSupported()
{
    return true;
}

LeanFanout::LeanFanout(Owner &owner, qint64 maxUnsentBytes, qint64 slowGraceMs, qint64 silentLimitMs, QObject *parent)
    : QObject(parent)
    , m_owner(owner)
    , m_maxUnsent(maxUnsentBytes)
    , m_slowGraceMs(slowGraceMs)
    , m_silentLimitMs(silentLimitMs)
{
}

LeanFanout::~LeanFanout()
{
    for (const auto &c : m_clients)
        if (c->fd >= 0)
            ::close(c->fd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

int LeanFanout::size() const
{
    return m_size.load(std::memory_order_relaxed);
}

void LeanFanout::start()
{
    m_clock.start();
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll < 0) {
        qCWarning(lcServer) << "epoll_create1 failed:" << qt_error_string(errno);
        return;
    }
    // One notifier for every client: the event loop watches one descriptor, whatever the count.
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &LeanFanout::onReady);
    m_sweep = new QTimer(this);
    m_sweep->setInterval(SweepMs);
    connect(m_sweep, &QTimer::timeout, this, &LeanFanout::sweep);
    m_sweep->start();
}

qint64 LeanFanout::unsent(const Client *c) const
{
    return c->out.size() - c->outPos;
}

void LeanFanout::watch(Client *c)
{
    // Read (and hear the peer hang up) unless paused; write only while output waits.
    quint32 events = c->readPaused ? 0 : EPOLLIN | EPOLLRDHUP;
    if (unsent(c) > 0)
        events |= EPOLLOUT;
    if (c->registered && events == c->watched)
        return;
    epoll_event e{};
    e.events = events;
    e.data.ptr = c;
    ::epoll_ctl(m_epoll, c->registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &e);
    c->registered = true;
    c->watched = events;
}

void LeanFanout::adopt(int fd, const QByteArray &pending, quint32 id, Endpoint endpoint, const QByteArray &greeting)
{
    auto client = std::make_unique<Client>(MaxClientMessageBytes);
    Client *c = client.get();
    c->fd = fd;
    c->id = id;
    c->endpoint = endpoint;
    c->lastHeardMs = nowMs();
    c->in = pending;
    m_clients.push_back(std::move(client));
    m_byId.insert(id, c);
    m_size.fetch_add(1, std::memory_order_relaxed);
    watch(c);
    writeTo(c, ws::frame(ws::Text, greeting));
    m_counters.sent.fetch_add(1, std::memory_order_relaxed);
    parse(c); // what came with the head
    reap();
}

void LeanFanout::writeTo(Client *c, const QByteArray &bytes)
{
    if (c->fd < 0 || bytes.isEmpty())
        return;
    if (unsent(c) > 0) { // behind already: queue after what waits
        if (c->outPos > 0) {
            c->out.remove(0, c->outPos);
            c->outPos = 0;
        }
        c->out.append(bytes);
        return;
    }
    const ssize_t n = ::send(c->fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n == bytes.size())
        return;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        return drop(c);
    c->out = bytes; // shared with every other client, copied only if appended to
    c->outPos = n > 0 ? n : 0;
    watch(c);
}

void LeanFanout::flushOut(Client *c)
{
    while (unsent(c) > 0) {
        const ssize_t n = ::send(c->fd, c->out.constData() + c->outPos, size_t(unsent(c)), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return drop(c);
        }
        c->outPos += n;
    }
    if (unsent(c) == 0) {
        c->out = QByteArray();
        c->outPos = 0;
        if (c->finishing)
            ::shutdown(c->fd, SHUT_WR); // the close frame is out: FIN after it
    }
    if (c->readPaused && unsent(c) <= m_maxUnsent) {
        c->readPaused = false;
        parse(c); // what waited while it was paused
    }
    if (c->fd >= 0)
        watch(c);
}

void LeanFanout::readFrom(Client *c)
{
    if (unsent(c) > m_maxUnsent) { // answers pile up: read nothing, let its kernel buffers fill
        c->readPaused = true;
        return watch(c);
    }
    char buffer[ReadChunk];
    const ssize_t n = ::read(c->fd, buffer, sizeof buffer);
    if (n == 0)
        return drop(c); // the client closed
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            drop(c);
        return;
    }
    c->in.append(buffer, n);
    parse(c);
}

void LeanFanout::parse(Client *c)
{
    while (c->fd >= 0) {
        if (unsent(c) > m_maxUnsent) {
            c->readPaused = true;
            return watch(c);
        }
        qsizetype used = 0;
        const ws::Event event = c->reader.read(QByteArrayView(c->in).sliced(c->inPos), &used);
        c->inPos += used;
        if (event.kind == ws::Event::NeedMore) {
            if (used > 0)
                continue; // a fragment
            break;
        }
        if (event.kind == ws::Event::Violation)
            qCInfo(lcServer).nospace() << "closing a WebSocket client with " << event.code << ": " << event.problem;
        const ws::Reaction r = ws::react(event, c->open);
        if (r.heard)
            c->lastHeardMs = nowMs();
        writeTo(c, r.reply);
        if (r.deliver)
            handleMessage(c, event);
        if (r.finish) {
            finish(c, Ending::Now);
            break;
        }
    }
    // Keep only the unparsed tail; nothing at all, usually.
    if (c->inPos >= c->in.size()) {
        c->in = QByteArray();
        c->inPos = 0;
    } else if (c->inPos > 0) {
        c->in.remove(0, c->inPos);
        c->inPos = 0;
    }
}

void LeanFanout::handleMessage(Client *c, const ws::Event &event)
{
    const ClientAction a = clientAction(event, m_owner.trusted(c->endpoint));
    switch (a.kind) {
    case ClientAction::Reply:
        writeTo(c, ws::frame(ws::Text, a.reply));
        break;
    case ClientAction::Subscribe:
        c->metrics = a.message.metrics;
        c->extras = a.message.extras;
        break;
    case ClientAction::Range:
        m_owner.leanRangeRequest(*this, c->id, a.message);
        break;
    }
}

void LeanFanout::deliver(quint32 id, const QByteArray &text)
{
    if (Client *c = m_byId.value(id); c && c->open)
        writeTo(c, ws::frame(ws::Text, text));
    reap();
}

void LeanFanout::finish(Client *c, Ending ending)
{
    c->open = false;
    c->closeByMs = nowMs() + CloseWaitMs;
    if (ending == Ending::AwaitAnswer)
        return; // our close frame goes out; the client answers it (or CloseWaitMs passes)
    c->finishing = true;
    if (unsent(c) == 0)
        ::shutdown(c->fd, SHUT_WR);
}

void LeanFanout::drop(Client *c)
{
    if (c->fd < 0)
        return;
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, c->fd, nullptr);
    ::close(c->fd);
    c->fd = -1;
    m_byId.remove(c->id);
    m_dead.push_back(c);
    m_size.fetch_sub(1, std::memory_order_relaxed);
    m_owner.leanGone(c->id, c->endpoint);
}

void LeanFanout::reap()
{
    if (m_dead.empty())
        return;
    std::erase_if(m_clients, [](const std::unique_ptr<Client> &c) { return c->fd < 0; });
    m_dead.clear();
}

void LeanFanout::onReady()
{
    epoll_event events[MaxEventsPerWait];
    for (int round = 0; round < MaxWaitsPerWakeup; ++round) {
        const int n = ::epoll_wait(m_epoll, events, MaxEventsPerWait, 0);
        for (int i = 0; i < n; ++i) {
            auto *c = static_cast<Client *>(events[i].data.ptr);
            if (c->fd < 0)
                continue; // closed earlier in this batch
            if (events[i].events & (EPOLLERR | EPOLLHUP)) {
                drop(c);
                continue;
            }
            if (events[i].events & EPOLLOUT)
                flushOut(c);
            if (c->fd >= 0 && (events[i].events & (EPOLLIN | EPOLLRDHUP)))
                readFrom(c);
        }
        reap();
        if (n < MaxEventsPerWait)
            break;
    }
}

void LeanFanout::broadcast(const std::shared_ptr<const TickFrames> &tick)
{
    const qint64 now = nowMs();
    int lastKey = -1;
    QByteArray frame;
    quint64 sent = 0;
    quint64 dropped = 0;
    for (std::size_t i = 0; i < m_clients.size(); ++i) {
        Client *c = m_clients[i].get();
        if (c->fd < 0 || !c->open)
            continue;
        if (unsent(c) > m_maxUnsent) {
            if (c->overCapSinceMs < 0)
                c->overCapSinceMs = now;
            ++dropped;
            continue;
        }
        c->overCapSinceMs = -1;
        // Clients of one subscription mostly follow one another: ask the tick only on a change.
        if (const int key = TickFrames::key(c->metrics, c->extras); key != lastKey) {
            frame = tick->frame(c->metrics, c->extras);
            lastKey = key;
        }
        writeTo(c, frame);
        ++sent;
    }
    m_counters.sent.fetch_add(sent, std::memory_order_relaxed);
    m_counters.dropped.fetch_add(dropped, std::memory_order_relaxed);
    reap();
}

void LeanFanout::sweep()
{
    const qint64 now = nowMs();
    const QByteArray ping = ws::frame(ws::Ping, {});
    for (std::size_t i = 0; i < m_clients.size(); ++i) {
        Client *c = m_clients[i].get();
        if (c->fd < 0)
            continue;
        if (c->closeByMs >= 0 && now >= c->closeByMs) {
            drop(c);
        } else if (now - c->lastHeardMs > m_silentLimitMs) {
            qCInfo(lcServer) << "dropping a client silent for over" << m_silentLimitMs / 1000 << "s";
            drop(c);
        } else if (c->overCapSinceMs >= 0 && now - c->overCapSinceMs > m_slowGraceMs) {
            qCInfo(lcServer) << "dropping a client that has not read its messages for" << m_slowGraceMs / 1000 << "s";
            m_counters.slowDisconnected.fetch_add(1, std::memory_order_relaxed);
            drop(c);
        } else if (c->open) {
            writeTo(c, ping);
        }
    }
    reap();
}

void LeanFanout::closeAll(quint16 code, const QByteArray &reason)
{
    const QByteArray frame = ws::closeFrame(code, reason);
    for (std::size_t i = 0; i < m_clients.size(); ++i) {
        Client *c = m_clients[i].get();
        if (c->fd < 0 || !c->open)
            continue;
        writeTo(c, frame);
        if (c->fd >= 0)
            finish(c, Ending::AwaitAnswer); // as RFC 6455 §7.1.1 has it: the client closes first
    }
    // Closing clients are dropped when they answer, or CloseWaitMs from now at the latest.
    QTimer::singleShot(CloseWaitMs, this, [this] {
        for (std::size_t i = 0; i < m_clients.size(); ++i)
            if (m_clients[i]->fd >= 0 && !m_clients[i]->open)
                drop(m_clients[i].get());
        reap();
    });
    reap();
}

} // namespace ziggie
