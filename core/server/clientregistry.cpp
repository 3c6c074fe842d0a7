#include "clientregistry.h"

#include "acceptsocket.h"
#include "clientaction.h"
#include "clientmessage.h"
#include "serverlog.h"
#include "tickframes.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>

#include <memory>

namespace ziggie {

ClientRegistry::ClientRegistry(ServerCounters &counters, Clock clock, int fanoutThreads, QObject *parent)
    : QObject(parent)
    , m_counters(counters)
    , m_clock(std::move(clock))
{
    if (!m_clock) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_clock = [timer] { return timer->elapsed(); };
    }
    if (!LeanFanout::isSupported() || fanoutThreads == 0)
        return;
    // One fan-out per core, so a tick's sends run side by side; on a single core, here.
    const int threads = fanoutThreads > 0 ? fanoutThreads : qBound(1, QThread::idealThreadCount(), 8);
    for (int i = 0; i < threads; ++i) {
        auto *fanout = new LeanFanout(*this, MaxUnsentBytes, SlowClientGraceMs, SilentClientLimitMs);
        if (threads > 1) {
            auto *thread = new QThread(this);
            thread->setObjectName(QStringLiteral("fan-out %1").arg(i));
            fanout->moveToThread(thread);
            connect(thread, &QThread::finished, fanout, &QObject::deleteLater);
            thread->start();
            m_fanoutThreads.push_back(thread);
        } else {
            fanout->setParent(this);
        }
        QMetaObject::invokeMethod(fanout, &LeanFanout::start, Qt::QueuedConnection);
        m_fanouts.push_back(fanout);
    }
}

ClientRegistry::~ClientRegistry()
{
    for (QThread *thread : m_fanoutThreads) { // their fan-outs are deleted as they end
        thread->quit();
        thread->wait();
    }
}

int ClientRegistry::leanCount() const
{
    int n = 0;
    for (const LeanFanout *f : m_fanouts)
        n += f->size();
    return n;
}

ServerCounters ClientRegistry::counters() const
{
    ServerCounters c = m_counters;
    for (const LeanFanout *f : m_fanouts) {
        c.messagesSent += f->counters().sent.load(std::memory_order_relaxed);
        c.messagesDropped += f->counters().dropped.load(std::memory_order_relaxed);
        c.slowClientsDropped += f->counters().slowDisconnected.load(std::memory_order_relaxed);
    }
    return c;
}

void ClientRegistry::connected(Endpoint endpoint)
{
    ++m_counts[endpoint == Endpoint::Public ? 0 : 1];
    if (endpoint == Endpoint::Public)
        ++m_counters.connectionsPublic;
    else
        ++m_counters.connectionsAuthenticated;
    qCInfo(lcServer).nospace() << "WebSocket client connected ("
                               << (endpoint == Endpoint::Public ? "public" : "authenticated")
                               << "). Total connections: " << size();
    emit clientsChanged();
}

void ClientRegistry::departed(Endpoint endpoint)
{
    --m_counts[endpoint == Endpoint::Public ? 0 : 1];
    qCInfo(lcServer).nospace() << "WebSocket client disconnected. Total connections: " << size();
    emit clientsChanged();
}

bool ClientRegistry::addLean(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting)
{
    if (m_fanouts.empty() || qobject_cast<QSslSocket *>(socket))
        return false;
    socket->flush(); // the 101 answer leaves before the socket object goes
    if (socket->bytesToWrite() > 0)
        return false; // the kernel took less than a handshake's answer: keep the socket object
    const int fd = duplicateDescriptor(socket->socketDescriptor());
    if (fd < 0)
        return false;
    const QByteArray pending = socket->readAll(); // frames sent right after the head
    socket->abort(); // closes the socket object's descriptor; the duplicate keeps the connection
    socket->deleteLater();
    const quint32 id = ++m_nextLeanId;
    LeanFanout *fanout = m_fanouts[id % m_fanouts.size()];
    QMetaObject::invokeMethod(fanout, [fanout, fd, pending, id, endpoint, greeting] {
        fanout->adopt(fd, pending, id, endpoint, greeting);
    }, Qt::QueuedConnection);
    connected(endpoint);
    return true;
}

void ClientRegistry::leanGone(quint32, Endpoint endpoint)
{
    // On a fan-out's thread: the count is this thread's.
    QMetaObject::invokeMethod(this, [this, endpoint] { departed(endpoint); }, Qt::QueuedConnection);
}

void ClientRegistry::leanRangeRequest(LeanFanout &fanout, quint32 id, const ClientMessage &request)
{
    // On the fan-out's thread; the range source answers on the thread that asks, so ask from
    // this one. The client is named by its id, not a pointer: by the time the answer comes it
    // may have gone, and then the fan-out finds no one to deliver to. The fan-outs live as long
    // as this registry, which is the context of both hops.
    LeanFanout *to = &fanout;
    QMetaObject::invokeMethod(this, [this, to, id, request] {
        answerRange(request, this, [to, id](const QByteArray &text) {
            QMetaObject::invokeMethod(to, [to, id, text] { to->deliver(id, text); }, Qt::QueuedConnection);
        });
    }, Qt::QueuedConnection);
}

void ClientRegistry::add(QTcpSocket *socket, Endpoint endpoint, const QByteArray &greeting)
{
    if (addLean(socket, endpoint, greeting))
        return;
    auto *connection = new WsConnection(socket, *this, MaxUnsentBytes, MaxClientMessageBytes);
    connection->setParent(this);
    m_index.insert(connection, m_clients.size());
    m_clients.push_back(Client{connection, endpoint, MetricSet::all(), ExtraSet(), m_clock(), -1});
    connection->sendText(greeting);
    ++m_counters.messagesSent;
    connected(endpoint);
}

void ClientRegistry::gone(WsConnection &connection)
{
    const auto it = m_index.constFind(&connection);
    if (it == m_index.cend())
        return;
    const std::size_t i = it.value();
    const Endpoint endpoint = m_clients[i].endpoint;
    m_index.erase(it);
    if (i + 1 != m_clients.size()) {
        m_clients[i] = m_clients.back();
        m_index[m_clients[i].connection] = i;
    }
    m_clients.pop_back();
    connection.deleteLater();
    departed(endpoint);
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
    Client *c = find(&connection);
    if (!c)
        return;
    const ClientAction a = clientAction(event, trusted(c->endpoint));
    switch (a.kind) {
    case ClientAction::Reply:
        connection.sendText(a.reply);
        break;
    case ClientAction::Subscribe:
        c->metrics = a.message.metrics;
        c->extras = a.message.extras;
        break;
    case ClientAction::Range:
        // The connection is the context: gone before the answer, the answer goes nowhere.
        answerRange(a.message, &connection, [&connection](const QByteArray &text) { connection.sendText(text); });
        break;
    }
}

// Process names tell what a person is doing: only the authenticated stream gets them, unless
// the owner made them public.
bool ClientRegistry::trusted(Endpoint endpoint) const
{
    return endpoint == Endpoint::Authenticated || m_publicProcesses.load(std::memory_order_relaxed);
}

void ClientRegistry::answerRange(const ClientMessage &m, const QObject *context, std::function<void(const QByteArray &)> send)
{
    if (!m_ranges)
        return send(message::error("unavailable", QStringLiteral("history recording is off (--history-db none)"), m.id));
    m_ranges->query(m.range, RangeSource::Format::Message, context,
                    [send = std::move(send), id = m.id](const QByteArray &body) { send(rangeAnswer(body, id)); });
}

void ClientRegistry::broadcast(const Sample &sample)
{
    // One message and one frame per subscription set, built on first use in this tick only,
    // whichever fan-out asks first.
    const auto tick = std::make_shared<const TickFrames>(sample);
    for (LeanFanout *fanout : m_fanouts)
        QMetaObject::invokeMethod(fanout, [fanout, tick] { fanout->broadcast(tick); }, Qt::QueuedConnection);
    const qint64 now = m_clock();
    for (Client &c : m_clients) {
        if (c.connection->isOverCap()) {
            if (c.overCapSinceMs < 0)
                c.overCapSinceMs = now;
            ++m_counters.messagesDropped;
            continue;
        }
        c.overCapSinceMs = -1;
        c.connection->write(tick->frame(c.metrics, c.extras));
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
    const QByteArray why = reason.toUtf8();
    for (LeanFanout *fanout : m_fanouts)
        QMetaObject::invokeMethod(fanout, [fanout, code, why] { fanout->closeAll(code, why); }, Qt::QueuedConnection);
    for (const Client &c : m_clients)
        c.connection->close(code, why);
}

} // namespace ziggie
