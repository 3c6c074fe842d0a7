#include "statsserver.h"

#include "admission.h"
#include "clientmessage.h"
#include "clientregistry.h"
#include "history.h"
#include "httpapi.h"
#include "logging.h"
#include "memorytrim.h"
#include "statsmessage.h"
#include "statssampler.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QPointer>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace ziggie {

namespace {
constexpr qint64 RequestHeadTimeoutMs = 10 * 1000;
constexpr int LivenessSweepMs = 30 * 1000;

} // namespace

class StatsServer::Private final : public QObject
{
public:
    Private(StatsServer *q, History &history);

    void onNewTcpConnection();
    void onHeadBytes(QTcpSocket *socket);
    void reply(QTcpSocket *socket, const HttpResponse &response, bool headOnly);
    void refuse(QTcpSocket *socket, int status, const QString &message);
    int clientsFrom(const QHostAddress &peer) const { return m_perAddress.value(peer.toString()); }
    void sweepPending();
    void onWebSocket();
    void onClientText(QWebSocket *socket, const QString &text);
    void onClientGone(QWebSocket *socket);
    void onSample(const Sample &sample);
    ApiState apiState() const;
    qint64 nowMs() const { return m_clock.elapsed(); }
    void countsChanged();

    StatsServer *q;
    History &m_history;
    std::unique_ptr<QTcpServer> m_tcp = std::make_unique<QTcpServer>();
    std::unique_ptr<QSslConfiguration> m_tls; // none = plain; OpenSSL is not even loaded
    QWebSocketServer m_ws;
    ServerCounters m_counters;
    ClientRegistry m_registry;
    QHash<QTcpSocket *, qint64> m_pending; // request-head deadline per connection
    QTimer m_pendingSweep;
    QTimer m_liveness;
    QTimer m_trim; // returns freed memory a moment after the last client left
    QElapsedTimer m_clock;
    qint64 m_startTimeSecs = QDateTime::currentSecsSinceEpoch();
    Gatekeeper m_gate;
    QHash<QString, int> m_perAddress; // connected streams per peer address
    QHash<QWebSocket *, QString> m_peerOf;
    QHash<QString, QPointer<QTcpSocket>> m_upgrading; // "address|port" -> socket in its handshake
    QByteArray m_historyText; // the history message, built once per tick on first use
    static QString peerKey(const QHostAddress &address, quint16 port)
    {
        return address.toString() + QLatin1Char('|') + QString::number(port);
    }
    int m_intervalMs = 2000;
};

StatsServer::Private::Private(StatsServer *q, History &history)
    : q(q)
    , m_history(history)
    , m_ws(QStringLiteral("ziggie/" ZIGGIE_VERSION), QWebSocketServer::NonSecureMode)
    , m_registry(m_counters)
{
    m_clock.start();
    m_ws.setMaxPendingConnections(1 << 20);

    m_pendingSweep.setInterval(1000);
    m_liveness.setInterval(LivenessSweepMs);
    m_trim.setSingleShot(true);
    m_trim.setInterval(1000);
    connect(&m_trim, &QTimer::timeout, this, &releaseFreeMemory);
    connect(&m_ws, &QWebSocketServer::newConnection, this, &Private::onWebSocket);
    connect(&m_pendingSweep, &QTimer::timeout, this, &Private::sweepPending);
    connect(&m_liveness, &QTimer::timeout, this, [this] {
        m_registry.sweep(nowMs());
        releaseFreeMemory(); // what departed clients left behind since the last sweep
    });
    connect(&m_history, &History::appended, this, &Private::onSample);
}

void StatsServer::Private::onNewTcpConnection()
{
    while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
        socket->setParent(this); // outlives a QTcpServer replaced by a new listen()
        m_pending.insert(socket, nowMs() + RequestHeadTimeoutMs);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onHeadBytes(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            if (m_pending.remove(socket))
                socket->deleteLater();
        });
        if (!m_pendingSweep.isActive())
            m_pendingSweep.start();
        if (socket->bytesAvailable())
            onHeadBytes(socket);
    }
}

void StatsServer::Private::sweepPending()
{
    const qint64 now = nowMs();
    QList<QTcpSocket *> late;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        if (it.value() <= now)
            late.append(it.key());
    for (QTcpSocket *socket : late)
        refuse(socket, 408, QStringLiteral("request head not received within 10 s"));
    if (m_pending.isEmpty())
        m_pendingSweep.stop();
}

void StatsServer::Private::reply(QTcpSocket *socket, const HttpResponse &response, bool headOnly)
{
    ++m_counters.httpResponses;
    if (response.status >= 400)
        ++m_counters.refusedByStatus[response.status];
    socket->write(response.serialize(headOnly));
    if (!response.keepAlive) {
        m_pending.remove(socket);
        socket->disconnectFromHost(); // after the response is flushed
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
    } else {
        m_pending.insert(socket, nowMs() + RequestHeadTimeoutMs); // next request on this connection
    }
}

void StatsServer::Private::refuse(QTcpSocket *socket, int status, const QString &message)
{
    reply(socket, HttpResponse::problem(status, message), false);
}

void StatsServer::Private::onHeadBytes(QTcpSocket *socket)
{
    if (!m_pending.contains(socket))
        return;
    // Peek, do not read: an upgrade must reach QWebSocketServer with its bytes untouched.
    const QByteArray bytes = socket->peek(MaxRequestHeadBytes + 1);
    const HeadParse head = parseRequestHead(bytes);
    switch (head.status) {
    case HeadParse::Incomplete:
        return;
    case HeadParse::TooLarge:
        return refuse(socket, 431, QStringLiteral("request head exceeds 8 KiB"));
    case HeadParse::Malformed:
        return refuse(socket, 400, QStringLiteral("malformed request: ") + QString::fromLatin1(head.problem));
    case HeadParse::Complete:
        break;
    }

    const HttpRequest &request = head.request;
    const bool isHead = request.method == "HEAD";
    if (request.method != "GET" && !isHead) {
        HttpResponse r = HttpResponse::problem(405, QStringLiteral("only GET and HEAD are served"));
        return reply(socket, r.withHeader("Allow", "GET, HEAD"), false);
    }

    const QHostAddress peer = socket->peerAddress();
    const Admission admission = m_gate.admit(request, peer, m_registry.size(), clientsFrom(peer));
    if (admission.status != 0) {
        HttpResponse r = HttpResponse::problem(admission.status, admission.message);
        for (const auto &h : admission.headers)
            r.withHeader(h.first, h.second);
        return reply(socket, r, isHead);
    }
    if (admission.isStream) {
        m_pending.remove(socket);
        socket->disconnect(this);
        m_upgrading.insert(peerKey(socket->peerAddress(), socket->peerPort()), socket);
        m_ws.handleConnection(socket);
        return;
    }

    socket->read(head.headSize); // consumed: this connection stays ours
    HttpResponse response = answerHttp(request, apiState());
    const QByteArray connection = request.header("connection").toLower();
    if (request.hasBody() // GET bodies are not read; do not parse them as requests
        || connection == "close" || (request.version == "HTTP/1.0" && connection != "keep-alive"))
        response.keepAlive = false;
    const QByteArray cors = m_gate.policy().corsOrigin(request.header("origin"), request.header("host"));
    if (!cors.isEmpty())
        response.withHeader("Access-Control-Allow-Origin", cors);
    response.withHeader("Vary", "Origin");
    reply(socket, response, isHead);
    if (response.keepAlive && socket->bytesAvailable())
        QMetaObject::invokeMethod(this, [this, socket] { onHeadBytes(socket); }, Qt::QueuedConnection);
}

ApiState StatsServer::Private::apiState() const
{
    ApiState s;
    s.history = &m_history;
    s.intervalMs = m_intervalMs;
    s.publicClients = m_registry.count(Endpoint::Public);
    s.authenticatedClients = m_registry.count(Endpoint::Authenticated);
    s.uptimeSecs = QDateTime::currentSecsSinceEpoch() - m_startTimeSecs;
    s.startTimeSecs = m_startTimeSecs;
    s.counters = &m_counters;
    return s;
}

void StatsServer::Private::onWebSocket()
{
    while (QWebSocket *socket = m_ws.nextPendingConnection()) {
        socket->setParent(this); // deleted with the server at the latest
        const Endpoint endpoint =
            socket->requestUrl().path() == QLatin1String("/ws") ? Endpoint::Public : Endpoint::Authenticated;
        socket->setMaxAllowedIncomingMessageSize(MaxClientMessageBytes);
        socket->setMaxAllowedIncomingFrameSize(MaxClientMessageBytes);
        socket->setOutgoingFrameSize(64 * 1024);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) { onClientText(socket, text); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket] {
            m_registry.heard(socket, nowMs());
            socket->sendTextMessage(QString::fromUtf8(
                message::error("bad_request", QStringLiteral("binary frames are not supported; send JSON text"))));
        });
        connect(socket, &QWebSocket::pong, this, [this, socket] { m_registry.heard(socket, nowMs()); });
        // Queued: a socket may disconnect inside a send, while the registry is iterating.
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onClientGone(socket); },
                Qt::QueuedConnection);

        const QPointer<QTcpSocket> transport = m_upgrading.take(peerKey(socket->peerAddress(), socket->peerPort()));
        m_registry.add(socket, transport.data(), endpoint, nowMs());
        const QString peer = socket->peerAddress().toString();
        m_peerOf.insert(socket, peer);
        ++m_perAddress[peer];
        if (endpoint == Endpoint::Public)
            ++m_counters.connectionsPublic;
        else
            ++m_counters.connectionsAuthenticated;
        if (m_historyText.isEmpty())
            m_historyText = message::history(m_history.samples(), m_intervalMs);
        socket->sendTextMessage(QString::fromUtf8(m_historyText));
        ++m_counters.messagesSent;
        qCInfo(lcServer).nospace() << "WebSocket client connected ("
                                   << (endpoint == Endpoint::Public ? "public" : "authenticated")
                                   << "). Total connections: " << m_registry.size();
        countsChanged();
        if (socket->state() != QAbstractSocket::ConnectedState)
            QMetaObject::invokeMethod(this, [this, socket] { onClientGone(socket); }, Qt::QueuedConnection);
    }
}

void StatsServer::Private::onClientText(QWebSocket *socket, const QString &text)
{
    m_registry.heard(socket, nowMs());
    const ClientMessage m = parseClientMessage(text.toUtf8());
    switch (m.kind) {
    case ClientMessage::Ping:
        socket->sendTextMessage(QString::fromUtf8(message::pong(StatsSampler::systemClockUs())));
        break;
    case ClientMessage::Subscribe:
        m_registry.setMetrics(socket, m.metrics);
        break;
    case ClientMessage::Invalid:
        socket->sendTextMessage(QString::fromUtf8(message::error(m.code, m.problem)));
        break;
    }
}

void StatsServer::Private::onClientGone(QWebSocket *socket)
{
    // Entries of handshakes that failed point to deleted sockets by now.
    for (auto it = m_upgrading.begin(); it != m_upgrading.end();)
        it = it.value().isNull() ? m_upgrading.erase(it) : std::next(it);
    const int before = m_registry.size();
    m_registry.remove(socket);
    if (const auto it = m_peerOf.constFind(socket); it != m_peerOf.cend()) {
        if (--m_perAddress[it.value()] <= 0)
            m_perAddress.remove(it.value());
        m_peerOf.erase(it);
    }
    if (m_registry.size() != before) {
        qCInfo(lcServer).nospace() << "WebSocket client disconnected. Total connections: " << m_registry.size();
        countsChanged();
        socket->deleteLater();
        if (m_registry.size() == 0)
            m_trim.start(); // once the last sockets are deleted and the burst is over
    }
}

void StatsServer::Private::onSample(const Sample &sample)
{
    m_historyText.clear();
    m_registry.broadcast(sample, nowMs());
}

void StatsServer::Private::countsChanged()
{
    emit q->clientCountChanged(m_registry.count(Endpoint::Public), m_registry.count(Endpoint::Authenticated));
}

StatsServer::StatsServer(History &history, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, history))
{
}

StatsServer::~StatsServer()
{
    close();
}

void StatsServer::setToken(const QString &token)
{
    d->m_gate.setToken(token.toUtf8());
}

void StatsServer::setIntervalMs(int ms)
{
    d->m_intervalMs = ms;
    d->m_historyText.clear();
}

void StatsServer::setAllowedOrigins(const QStringList &origins)
{
    d->m_gate.policy().setAllowedOrigins(origins);
}

bool StatsServer::configure(const Config &config, QString *error)
{
    setToken(config.token);
    setIntervalMs(config.intervalMs);
    setAllowedOrigins(config.allowedOrigins);
    d->m_gate.setJwtSecret(config.jwtSecret.toUtf8());
    d->m_gate.setLimits(config.maxClients, config.maxClientsPerAddress);
    d->m_gate.setMetricsNeedCredentials(config.metricsAuth);
    AccessPolicy &policy = d->m_gate.policy();
    policy.setExtraHostNames(config.hostNames);
    policy.setPublicAccess(config.publicAccess);

    d->m_tls.reset();
    if (!config.tlsCertificate.isEmpty()) {
        QFile certFile(config.tlsCertificate);
        QFile keyFile(config.tlsKey);
        const auto certs = certFile.open(QIODevice::ReadOnly) ? QSslCertificate::fromData(certFile.readAll(), QSsl::Pem)
                                                             : QList<QSslCertificate>();
        QSslKey key;
        if (keyFile.open(QIODevice::ReadOnly)) {
            const QByteArray pem = keyFile.readAll();
            key = QSslKey(pem, QSsl::Rsa, QSsl::Pem);
            if (key.isNull())
                key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
        }
        if (certs.isEmpty() || key.isNull()) {
            if (error)
                *error = certs.isEmpty() ? QStringLiteral("no PEM certificate in %1").arg(config.tlsCertificate)
                                         : QStringLiteral("no RSA or EC PEM private key in %1").arg(config.tlsKey);
            return false;
        }
        d->m_tls = std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration());
        d->m_tls->setLocalCertificate(certs.first());
        d->m_tls->setLocalCertificateChain(certs);
        d->m_tls->setPrivateKey(key);
        d->m_tls->setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    policy.setTlsEnabled(d->m_tls != nullptr);
    return true;
}

bool StatsServer::isTls() const
{
    return d->m_tls != nullptr;
}

bool StatsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!d->m_tls) {
        d->m_tcp = std::make_unique<QTcpServer>();
    } else {
        auto tls = std::make_unique<QSslServer>();
        tls->setSslConfiguration(*d->m_tls);
        tls->setHandshakeTimeout(int(RequestHeadTimeoutMs));
        d->m_tcp = std::move(tls);
    }
    d->m_tcp->setMaxPendingConnections(1 << 20);
    d->m_tcp->setListenBacklogSize(1024); // a burst of reconnecting dashboards is not dropped at SYN
    // pendingConnectionAvailable: for TLS, only once the handshake is done.
    connect(d->m_tcp.get(), &QTcpServer::pendingConnectionAvailable, d.get(), &Private::onNewTcpConnection);
    if (d->m_tcp->listen(address, port)) {
        AccessPolicy &policy = d->m_gate.policy();
        policy.setBindAddress(address);
        policy.setServerPort(d->m_tcp->serverPort());
        if (policy.shouldWarnCleartext())
            qCWarning(lcServer).noquote() << "bound to" << address.toString()
                                          << "without TLS: tokens and data cross the network in clear text;"
                                             " consider --tls-cert/--tls-key";
        d->m_liveness.start();
        return true;
    }
    if (error) {
        const QString where = address.protocol() == QAbstractSocket::IPv6Protocol
                                  ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
                                  : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
        *error = QStringLiteral("cannot listen on %1: %2").arg(where, d->m_tcp->errorString());
    }
    return false;
}

void StatsServer::close()
{
    d->m_liveness.stop();
    d->m_tcp->close();
    d->m_registry.closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
    const auto pending = d->m_pending.keys();
    d->m_pending.clear();
    for (QTcpSocket *socket : pending) {
        socket->abort();
        socket->deleteLater();
    }
}

bool StatsServer::isListening() const
{
    return d->m_tcp->isListening();
}

QHostAddress StatsServer::serverAddress() const
{
    return d->m_tcp->serverAddress();
}

quint16 StatsServer::serverPort() const
{
    return d->m_tcp->serverPort();
}

int StatsServer::clientCount(Endpoint endpoint) const
{
    return d->m_registry.count(endpoint);
}

} // namespace ziggie
