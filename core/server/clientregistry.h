#pragma once
// The connected WebSocket clients, their messages and the per-tick fan-out. One frame per
// distinct subscription set is built per tick (TickFrames) and the same bytes go to every
// client (server frames are unmasked, so they are identical for all). Plain-TCP clients live in
// lean fan-outs, one per core, each on its own thread with an epoll set (leanfanout.h); TLS
// clients, and every client where epoll is missing, on their Qt sockets here (WsConnection).
// One liveness sweep pings, drops silent clients and drops clients that stay over their
// unsent-bytes cap (slow consumers, whose ticks are skipped meanwhile).

#include "endpoint.h"
#include "metrics.h"
#include "metricset.h"
#include "rangesource.h"
#include "sample.h"
#include "statsmessage.h"
#include "websocket/leanfanout.h"
#include "websocket/wsconnection.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <vector>

class QTcpSocket;
class QThread;

namespace ziggie {

class TickFrames;

class ClientRegistry final : public QObject, private WsConnection::Owner, private LeanFanout::Owner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientRegistry)

public:
    static constexpr qint64 MaxUnsentBytes = 256 * 1024;
    static constexpr qint64 SlowClientGraceMs = 30 * 1000;
    static constexpr qint64 SilentClientLimitMs = 60 * 1000;

    using Clock = std::function<qint64()>; // monotonic milliseconds

    // Without a clock, a monotonic one (QElapsedTimer) is used. `fanoutThreads`: lean fan-outs
    // for plain-TCP clients (0: none, every client on its Qt socket; -1: one per core).
    explicit ClientRegistry(ServerCounters &counters, Clock clock = {}, int fanoutThreads = -1,
                            QObject *parent = nullptr);
    ~ClientRegistry() override;

    // Stored history for {"type":"history"} requests; none: recording is off.
    void setRangeSource(RangeSource *source) { m_ranges = source; }
    // Process names on the public stream too (--public-processes).
    void setPublicProcesses(bool on) { m_publicProcesses.store(on, std::memory_order_relaxed); }

    // Takes the socket of a finished handshake; `greeting` (the history message) is sent first.
    void add(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting);

    void broadcast(const Sample &sample);
    void sweep(); // pings everyone; drops silent and persistently slow clients
    void closeAll(quint16 code, const QString &reason);

    int count(Endpoint endpoint) const { return m_counts[endpoint == Endpoint::Public ? 0 : 1]; }
    int size() const { return m_counts[0] + m_counts[1]; }
    int leanCount() const; // of those, in the lean fan-outs
    // The counters with the lean fan-outs' added.
    ServerCounters counters() const;

signals:
    void clientsChanged(); // one came or went

private:
    struct Client
    {
        WsConnection *connection = nullptr;
        Endpoint endpoint = Endpoint::Public;
        MetricSet metrics = MetricSet::all();
        ExtraSet extras; // nothing beyond the v1 frame unless subscribed
        qint64 lastHeardMs = 0;
        qint64 overCapSinceMs = -1;
    };

    void messageReceived(WsConnection &connection, const ws::Event &message) override;
    void heard(WsConnection &connection) override;
    void gone(WsConnection &connection) override;
    void leanGone(quint32 id, Endpoint endpoint) override;
    bool trusted(Endpoint endpoint) const override;
    void leanRangeRequest(LeanFanout &fanout, quint32 id, const ClientMessage &request) override;
    bool addLean(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting);
    void connected(Endpoint endpoint);
    void departed(Endpoint endpoint);
    // Asks the range source on this thread; `send` gets the answer (or the refusal) later.
    void answerRange(const ClientMessage &request, const QObject *context, std::function<void(const QByteArray &)> send);
    Client *find(WsConnection *connection);

    ServerCounters &m_counters;
    Clock m_clock;
    std::vector<Client> m_clients;
    QHash<WsConnection *, std::size_t> m_index;
    std::array<int, 2> m_counts{};
    std::vector<LeanFanout *> m_fanouts; // each on its thread, or this one when there is one core
    std::vector<QThread *> m_fanoutThreads;
    quint32 m_nextLeanId = 0;
    RangeSource *m_ranges = nullptr;
    std::atomic<bool> m_publicProcesses{false}; // read by the fan-outs' threads too
};

} // namespace ziggie
