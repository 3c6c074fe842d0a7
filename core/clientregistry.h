#pragma once
// The connected WebSocket clients and the per-tick fan-out. One WebSocket frame per distinct
// subscription set is built per tick and the same bytes are written straight to every
// client's TCP socket (server frames are unmasked, so they are identical for all), then
// flushed in the same pass: no per-client re-encoding and no per-client timers:
// one liveness sweep pings, drops silent clients and drops clients that stay over their
// unsent-bytes cap (slow consumers, whose ticks are skipped meanwhile).

#include "metrics.h"
#include "sample.h"
#include "statsmessage.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QWebSocketProtocol>

#include <array>
#include <vector>

class QTcpSocket;
class QWebSocket;

namespace ziggie {

enum class Endpoint;

class ClientRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientRegistry)

public:
    static constexpr qint64 MaxUnsentBytes = 256 * 1024;
    static constexpr qint64 SlowClientGraceMs = 30 * 1000;
    static constexpr qint64 SilentClientLimitMs = 60 * 1000;

    explicit ClientRegistry(ServerCounters &counters, QObject *parent = nullptr);

    // transport: the TCP socket the WebSocket runs on, written to directly for ticks.
    void add(QWebSocket *socket, QTcpSocket *transport, Endpoint endpoint, qint64 nowMs);
    void remove(QWebSocket *socket);
    void setMetrics(QWebSocket *socket, quint8 metrics);
    void heard(QWebSocket *socket, qint64 nowMs);

    void broadcast(const Sample &sample, qint64 nowMs);
    void sweep(qint64 nowMs); // pings everyone; drops silent and persistently slow clients
    void closeAll(QWebSocketProtocol::CloseCode code, const QString &reason);

    int count(Endpoint endpoint) const;
    int size() const { return int(m_clients.size()); }

private:
    struct Client
    {
        QWebSocket *socket = nullptr;
        QTcpSocket *transport = nullptr;
        Endpoint endpoint;
        quint8 metrics = message::AllMetrics;
        qint64 lastHeardMs = 0;
        qint64 overCapSinceMs = -1;
    };

    Client *find(QWebSocket *socket);
    static QByteArray textFrame(const QByteArray &payload);

    ServerCounters &m_counters;
    std::vector<Client> m_clients;
    QHash<QWebSocket *, std::size_t> m_index;
    std::array<int, 2> m_counts{};
};

} // namespace ziggie
