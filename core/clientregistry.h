#pragma once
// The connected WebSocket clients and the per-tick fan-out. One text per distinct
// subscription set is built per tick and handed to every client; no per-client timers:
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

    void add(QWebSocket *socket, Endpoint endpoint, qint64 nowMs);
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
        Endpoint endpoint;
        quint8 metrics = message::AllMetrics;
        qint64 lastHeardMs = 0;
        qint64 overCapSinceMs = -1;
    };

    Client *find(QWebSocket *socket);

    ServerCounters &m_counters;
    std::vector<Client> m_clients;
    QHash<QWebSocket *, std::size_t> m_index;
    std::array<int, 2> m_counts{};
};

} // namespace ziggie
