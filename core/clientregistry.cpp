#include "clientregistry.h"

#include "logging.h"
#include "statsserver.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QtEndian>

namespace ziggie {

ClientRegistry::ClientRegistry(ServerCounters &counters, QObject *parent)
    : QObject(parent)
    , m_counters(counters)
{
}

void ClientRegistry::add(QWebSocket *socket, QTcpSocket *transport, Endpoint endpoint, qint64 nowMs)
{
    m_index.insert(socket, m_clients.size());
    m_clients.push_back(Client{socket, transport, endpoint, message::AllMetrics, nowMs, -1});
    ++m_counts[endpoint == Endpoint::Public ? 0 : 1];
}

void ClientRegistry::remove(QWebSocket *socket)
{
    const auto it = m_index.constFind(socket);
    if (it == m_index.cend())
        return;
    const std::size_t i = it.value();
    --m_counts[m_clients[i].endpoint == Endpoint::Public ? 0 : 1];
    m_index.erase(it);
    if (i + 1 != m_clients.size()) {
        m_clients[i] = m_clients.back();
        m_index[m_clients[i].socket] = i;
    }
    m_clients.pop_back();
}

ClientRegistry::Client *ClientRegistry::find(QWebSocket *socket)
{
    const auto it = m_index.constFind(socket);
    return it == m_index.cend() ? nullptr : &m_clients[it.value()];
}

void ClientRegistry::setMetrics(QWebSocket *socket, quint8 metrics)
{
    if (Client *c = find(socket))
        c->metrics = metrics;
}

void ClientRegistry::heard(QWebSocket *socket, qint64 nowMs)
{
    if (Client *c = find(socket))
        c->lastHeardMs = nowMs;
}

int ClientRegistry::count(Endpoint endpoint) const
{
    return m_counts[endpoint == Endpoint::Public ? 0 : 1];
}

QByteArray ClientRegistry::textFrame(const QByteArray &payload)
{
    // RFC 6455 5.2: FIN + text opcode, no mask (server to client), 7/16/64-bit length.
    QByteArray frame;
    const quint64 n = quint64(payload.size());
    frame.reserve(payload.size() + 10);
    frame.append(char(0x81));
    if (n < 126) {
        frame.append(char(n));
    } else if (n <= 0xffff) {
        frame.append(char(126));
        char length[2];
        qToBigEndian(quint16(n), length);
        frame.append(length, 2);
    } else {
        frame.append(char(127));
        char length[8];
        qToBigEndian(n, length);
        frame.append(length, 8);
    }
    frame.append(payload);
    return frame;
}

void ClientRegistry::broadcast(const Sample &sample, qint64 nowMs)
{
    // One message and one frame per subscription set, built on first use in this tick only.
    std::array<QByteArray, message::AllMetrics + 1> payloads;
    std::array<QByteArray, message::AllMetrics + 1> frames;
    for (Client &c : m_clients) {
        const qint64 unsent = c.transport ? c.transport->bytesToWrite() : c.socket->bytesToWrite();
        if (unsent > MaxUnsentBytes) {
            if (c.overCapSinceMs < 0)
                c.overCapSinceMs = nowMs;
            ++m_counters.messagesDropped;
            continue;
        }
        c.overCapSinceMs = -1;
        if (payloads[c.metrics].isEmpty()) {
            payloads[c.metrics] = message::systemStats(sample, c.metrics);
            frames[c.metrics] = textFrame(payloads[c.metrics]);
        }
        if (c.transport) {
            c.transport->write(frames[c.metrics]);
            c.transport->flush(); // leaves now, in this pass, not on a later writable event
        } else {
            c.socket->sendTextMessage(QString::fromUtf8(payloads[c.metrics]));
        }
        ++m_counters.messagesSent;
    }
}

void ClientRegistry::sweep(qint64 nowMs)
{
    std::vector<QWebSocket *> silent;
    std::vector<QWebSocket *> slow;
    for (Client &c : m_clients) {
        if (nowMs - c.lastHeardMs > SilentClientLimitMs)
            silent.push_back(c.socket);
        else if (c.overCapSinceMs >= 0 && nowMs - c.overCapSinceMs > SlowClientGraceMs)
            slow.push_back(c.socket);
        else
            c.socket->ping();
    }
    for (QWebSocket *s : silent) {
        qCInfo(lcServer) << "dropping a client silent for over" << SilentClientLimitMs / 1000 << "s";
        s->abort();
    }
    for (QWebSocket *s : slow) {
        qCInfo(lcServer) << "dropping a client that has not read its messages for"
                         << SlowClientGraceMs / 1000 << "s";
        ++m_counters.slowClientsDropped;
        s->abort();
    }
}

void ClientRegistry::closeAll(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    const std::vector<Client> clients = m_clients; // close() may re-enter remove()
    for (const Client &c : clients)
        c.socket->close(code, reason);
}

} // namespace ziggie
