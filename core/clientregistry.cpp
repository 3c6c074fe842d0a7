#include "clientregistry.h"

#include "logging.h"
#include "statsserver.h"

#include <QWebSocket>

namespace ziggie {

ClientRegistry::ClientRegistry(ServerCounters &counters, QObject *parent)
    : QObject(parent)
    , m_counters(counters)
{
}

void ClientRegistry::add(QWebSocket *socket, Endpoint endpoint, qint64 nowMs)
{
    m_index.insert(socket, m_clients.size());
    m_clients.push_back(Client{socket, endpoint, message::AllMetrics, nowMs, -1});
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

void ClientRegistry::broadcast(const Sample &sample, qint64 nowMs)
{
    // One text per subscription set, built on first use in this tick only.
    std::array<QString, message::AllMetrics + 1> texts;
    for (Client &c : m_clients) {
        if (c.socket->bytesToWrite() > MaxUnsentBytes) {
            if (c.overCapSinceMs < 0)
                c.overCapSinceMs = nowMs;
            ++m_counters.messagesDropped;
            continue;
        }
        c.overCapSinceMs = -1;
        QString &text = texts[c.metrics];
        if (text.isEmpty())
            text = QString::fromUtf8(message::systemStats(sample, c.metrics));
        c.socket->sendTextMessage(text);
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
