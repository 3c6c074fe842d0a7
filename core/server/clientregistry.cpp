#include "clientregistry.h"

#include "clientmessage.h"
#include "serverlog.h"
#include "statssampler.h"

#include <QElapsedTimer>
#include <QTcpSocket>

#include <memory>

namespace ziggie {

ClientRegistry::ClientRegistry(ServerCounters &counters, Clock clock, QObject *parent)
    : QObject(parent)
    , m_counters(counters)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
}

ClientRegistry::~ClientRegistry() = default; // the connections are children

void ClientRegistry::add(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting)
{
    auto *connection = new WsConnection(socket, *this, MaxUnsentBytes, MaxClientMessageBytes);
    connection->setParent(this);
    m_index.insert(connection, m_clients.size());
    m_clients.push_back(Client{connection, endpoint, MetricSet::all(), ExtraSet(), m_clock(), -1});
    ++m_counts[endpoint == Endpoint::Public ? 0 : 1];
    if (endpoint == Endpoint::Public)
        ++m_counters.connectionsPublic;
    else
        ++m_counters.connectionsAuthenticated;
    connection->sendText(greeting);
    ++m_counters.messagesSent;
    qCInfo(lcServer).nospace() << "WebSocket client connected ("
                               << (endpoint == Endpoint::Public ? "public" : "authenticated")
                               << "). Total connections: " << m_clients.size();
    emit clientsChanged();
}

void ClientRegistry::gone(WsConnection &connection)
{
    const auto it = m_index.constFind(&connection);
    if (it == m_index.cend())
        return;
    const std::size_t i = it.value();
    --m_counts[m_clients[i].endpoint == Endpoint::Public ? 0 : 1];
    m_index.erase(it);
    if (i + 1 != m_clients.size()) {
        m_clients[i] = m_clients.back();
        m_index[m_clients[i].connection] = i;
    }
    m_clients.pop_back();
    connection.deleteLater();
    qCInfo(lcServer).nospace() << "WebSocket client disconnected. Total connections: " << m_clients.size();
    emit clientsChanged();
}

ClientRegistry::Client *ClientRegistry::find(WsConnection *connection)
{
    const auto it = m_index.constFind(connection);
    return it == m_index.cend() ? nullptr : &m_clients[it.value()];
}

void ClientRegistry::heard(WsConnection &connection)
{
    if (Client *c = find(&connection))
        c->lastHeardMs = m_clock();
}

void ClientRegistry::messageReceived(WsConnection &connection, const ws::Event &event)
{
    if (event.kind == ws::Event::Binary) {
        connection.sendText(message::error("bad_request", QStringLiteral("binary frames are not supported; send JSON text")));
        return;
    }
    const ClientMessage m = parseClientMessage(event.payload);
    switch (m.kind) {
    case ClientMessage::Ping:
        connection.sendText(message::pong(StatsSampler::systemClockUs()));
        break;
    case ClientMessage::Subscribe:
        subscribe(connection, m);
        break;
    case ClientMessage::History:
        answerRange(connection, m);
        break;
    case ClientMessage::Invalid:
        connection.sendText(message::error(m.code, m.problem, m.id));
        break;
    }
}

// Process names tell what a person is doing: only the authenticated stream gets them, unless
// the owner made them public. A refused subscription leaves the previous one as it was.
void ClientRegistry::subscribe(WsConnection &connection, const ClientMessage &m)
{
    Client *c = find(&connection);
    if (!c)
        return;
    const bool trusted = c->endpoint == Endpoint::Authenticated || m_publicProcesses;
    for (const Extra extra : AllExtras) {
        if (m.extras.contains(extra) && isPrivate(extra) && !trusted) {
            connection.sendText(message::error(
                "forbidden", QStringLiteral("\"%1\" is served on the authenticated stream only (/api/system/ws with a token)")
                                 .arg(extraKey(extra))));
            return;
        }
    }
    c->metrics = m.metrics;
    c->extras = m.extras;
}

void ClientRegistry::answerRange(WsConnection &connection, const ClientMessage &m)
{
    const Client *c = find(&connection);
    if (!c)
        return;
    if (!m_ranges) {
        connection.sendText(message::error("unavailable", QStringLiteral("history recording is off (--history-db none)"), m.id));
        return;
    }
    RangeRequest request = m.range;
    request.withProcesses = c->endpoint == Endpoint::Authenticated || m_publicProcesses;
    // The connection is the context: gone before the answer, the answer goes nowhere.
    m_ranges->query(request, RangeSource::Format::Message, &connection, [&connection, id = m.id](const QByteArray &body) {
        static const QByteArray Head = R"({"type":"history_range")";
        if (id.isEmpty() || !body.startsWith(Head))
            return connection.sendText(body);
        connection.sendText(Head + R"(,"id":)" + message::jsonString(QString::fromUtf8(id)) + body.mid(Head.size()));
    });
}

void ClientRegistry::broadcast(const Sample &sample)
{
    const qint64 now = m_clock();
    // One message and one frame per subscription set, built on first use in this tick only.
    std::array<QByteArray, MetricSet::Count * ExtraSet::Count> frames;
    for (Client &c : m_clients) {
        if (c.connection->isOverCap()) {
            if (c.overCapSinceMs < 0)
                c.overCapSinceMs = now;
            ++m_counters.messagesDropped;
            continue;
        }
        c.overCapSinceMs = -1;
        QByteArray &frame = frames[std::size_t(c.extras.index() * MetricSet::Count + c.metrics.index())];
        if (frame.isEmpty())
            frame = ws::frame(ws::Text, message::systemStats(sample, c.metrics, c.extras));
        c.connection->write(frame);
        ++m_counters.messagesSent;
    }
}

void ClientRegistry::sweep()
{
    const qint64 now = m_clock();
    std::vector<WsConnection *> silent;
    std::vector<WsConnection *> slow;
    for (Client &c : m_clients) {
        if (now - c.lastHeardMs > SilentClientLimitMs)
            silent.push_back(c.connection);
        else if (c.overCapSinceMs >= 0 && now - c.overCapSinceMs > SlowClientGraceMs)
            slow.push_back(c.connection);
        else
            c.connection->ping();
    }
    for (WsConnection *c : silent) {
        qCInfo(lcServer) << "dropping a client silent for over" << SilentClientLimitMs / 1000 << "s";
        c->abort();
    }
    for (WsConnection *c : slow) {
        qCInfo(lcServer) << "dropping a client that has not read its messages for" << SlowClientGraceMs / 1000 << "s";
        ++m_counters.slowClientsDropped;
        c->abort();
    }
}

void ClientRegistry::closeAll(quint16 code, const QString &reason)
{
    for (const Client &c : m_clients)
        c.connection->close(code, reason.toUtf8());
}

} // namespace ziggie
