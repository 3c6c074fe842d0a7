#pragma once
// The connected WebSocket clients, their messages and the per-tick fan-out. One frame per
// distinct subscription set is built per tick and the same bytes are written to every client
// (server frames are unmasked, so they are identical for all), in the same pass: no per-client
// re-encoding and no per-client timers. One liveness sweep pings, drops silent clients and drops
// clients that stay over their unsent-bytes cap (slow consumers, whose ticks are skipped meanwhile).

#include "endpoint.h"
#include "metrics.h"
#include "metricset.h"
#include "rangesource.h"
#include "sample.h"
#include "statsmessage.h"
#include "websocket/wsconnection.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <vector>

class QTcpSocket;

namespace ziggie {

struct ClientMessage;

class ClientRegistry final : public QObject, private WsConnection::Owner
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientRegistry)

public:
    static constexpr qint64 MaxUnsentBytes = 256 * 1024;
    static constexpr qint64 SlowClientGraceMs = 30 * 1000;
    static constexpr qint64 SilentClientLimitMs = 60 * 1000;

    using Clock = std::function<qint64()>; // monotonic milliseconds

    // Without a clock, a monotonic one (QElapsedTimer) is used.
    explicit ClientRegistry(ServerCounters &counters, Clock clock = {}, QObject *parent = nullptr);
    ~ClientRegistry() override;

    // Stored history for {"type":"history"} requests; none: recording is off.
    void setRangeSource(RangeSource *source) { m_ranges = source; }
    // Process names on the public stream too (--public-processes).
    void setPublicProcesses(bool on) { m_publicProcesses = on; }

    // Takes the socket of a finished handshake; `greeting` (the history message) is sent first.
    void add(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting);

    void broadcast(const Sample &sample);
    void sweep(); // pings everyone; drops silent and persistently slow clients
    void closeAll(quint16 code, const QString &reason);

    int count(Endpoint endpoint) const { return m_counts[endpoint == Endpoint::Public ? 0 : 1]; }
    int size() const { return int(m_clients.size()); }

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
    void answerRange(WsConnection &connection, const ClientMessage &request);
    void subscribe(WsConnection &connection, const ClientMessage &request);
    Client *find(WsConnection *connection);

    ServerCounters &m_counters;
    Clock m_clock;
    std::vector<Client> m_clients;
    QHash<WsConnection *, std::size_t> m_index;
    std::array<int, 2> m_counts{};
    RangeSource *m_ranges = nullptr;
    bool m_publicProcesses = false;
};

} // namespace ziggie
