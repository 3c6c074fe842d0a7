#include "statsserver.h"

#include "clientregistry.h"
#include "history.h"
#include "http/httpserver.h"
#include "httpapi.h"
#include "listener.h"
#include "memorytrim.h"
#include "rangesource.h"
#include "security/gatekeeper.h"
#include "serverlog.h"
#include "statsmessage.h"
#include "tlsfiles.h"
#include "websocket/wshandshake.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTimer>

namespace ziggie {

namespace {
constexpr int LivenessSweepMs = 30 * 1000;

// /api/system/history with range, end or points (without them: the v1 message), or the CSV.
bool isRangeRequest(const HttpRequest &request)
{
    if (request.path == "/api/system/history.csv")
        return true;
    if (request.path != "/api/system/history")
        return false;
    for (const QByteArray &pair : request.query.split('&')) {
        const QByteArray key = pair.left(pair.indexOf('='));
        if (key == "range" || key == "end" || key == "points")
            return true;
    }
    return false;
}
constexpr int TrimDelayMs = 2000; // after clients leave, give their memory back this soon
} // namespace

class StatsServer::Private final : public QObject, public HttpServer::Handler
{
public:
    Private(StatsServer *q, History &history);

    HttpServer::Reply handle(const HttpRequest &request, QTcpSocket *socket) override;
    HttpResponse answer(const HttpRequest &request);
    HttpServer::Reply answerRange(const HttpRequest &request, QTcpSocket *socket, bool authenticated);
    void addCors(QByteArrayView origin, QByteArrayView host, HttpResponse &response) const;
    bool upgrade(const HttpRequest &request, QTcpSocket *socket, Endpoint endpoint, HttpResponse *refusal);
    ApiState apiState() const;
    void countsChanged();

    StatsServer *q;
    History &m_history;
    ServerCounters m_counters;
    mutable ServerCounters m_countersNow; // with the fan-outs' added, for one answer
    Listener m_listener;
    HttpServer m_http{*this, m_counters, ClientRegistry::MaxUnsentBytes};
    ClientRegistry m_registry{m_counters};
    std::optional<QSslConfiguration> m_tls; // none = plain; OpenSSL is not even loaded
    Gatekeeper m_gate;
    QTimer m_liveness;
    QTimer m_trim; // gives freed memory back a moment after clients left
    qint64 m_startTimeSecs = QDateTime::currentSecsSinceEpoch();
    QByteArray m_historyText; // the history message, built once per tick on first use
    int m_intervalMs = 2000;
    int m_lastClientCount = 0;
    RangeSource *m_ranges = nullptr;
    bool m_publicProcesses = false;
    QString m_historyFault;
};

StatsServer::Private::Private(StatsServer *q, History &history)
    : q(q)
    , m_history(history)
{
    m_liveness.setInterval(LivenessSweepMs);
    m_trim.setSingleShot(true);
    m_trim.setInterval(TrimDelayMs);
    connect(&m_trim, &QTimer::timeout, this, &releaseFreeMemory);
    connect(&m_listener, &Listener::accepted, &m_http, &HttpServer::take);
    connect(&m_listener, &Listener::refusedOverCap, this, [this] { ++m_counters.refusedByStatus[503]; });
    connect(&m_liveness, &QTimer::timeout, &m_registry, &ClientRegistry::sweep);
    connect(&m_registry, &ClientRegistry::clientsChanged, this, &Private::countsChanged);
    connect(&m_history, &History::appended, this, [this](const Sample &sample) {
        m_historyText.clear();
        m_registry.broadcast(sample);
    });
}

HttpServer::Reply StatsServer::Private::handle(const HttpRequest &request, QTcpSocket *socket)
{
    const Admission admission = m_gate.admit(request, socket->peerAddress(), m_registry.size());
    if (admission.status != 0) {
        HttpResponse r = admission.status == 204 ? HttpResponse::noContent()
                                                 : HttpResponse::problem(admission.status, admission.message);
        for (const auto &h : admission.headers)
            r.withHeader(h.first, h.second);
        return HttpServer::Reply::now(r);
    }
    if (admission.stream) {
        HttpResponse refusal;
        if (upgrade(request, socket, *admission.stream, &refusal))
            return HttpServer::Reply::takenOver();
        return HttpServer::Reply::now(refusal);
    }
    if (isRangeRequest(request))
        return answerRange(request, socket, admission.authenticated);
    return HttpServer::Reply::now(answer(request));
}

HttpServer::Reply StatsServer::Private::answerRange(const HttpRequest &request, QTcpSocket *socket, bool authenticated)
{
    QString error;
    auto range = parseRangeRequest(request.queryValue("range"), request.queryValue("end"),
                                   request.queryValue("points"), &error);
    if (!range)
        return HttpServer::Reply::now(HttpResponse::problem(400, error));
    if (!m_ranges)
        return HttpServer::Reply::now(HttpResponse::problem(503, QStringLiteral("history recording is off (--history-db none)")));
    range->withProcesses = authenticated || m_publicProcesses;
    const bool csv = request.path.endsWith(".csv");
    const QByteArray origin = request.header("origin"), host = request.header("host");
    m_ranges->query(*range, csv ? RangeSource::Format::Csv : RangeSource::Format::Message, socket,
                    [this, socket, csv, origin, host](const QByteArray &body) {
                        HttpResponse r = HttpResponse::json(200, body);
                        if (csv)
                            r.contentType = "text/csv; charset=utf-8";
                        addCors(origin, host, r);
                        m_http.answerLater(socket, r);
                    });
    return HttpServer::Reply::later();
}

bool StatsServer::Private::upgrade(const HttpRequest &request, QTcpSocket *socket, Endpoint endpoint,
                                   HttpResponse *refusal)
{
    const ws::Handshake handshake = ws::answerUpgrade(request);
    if (handshake.status != 101) {
        *refusal = HttpResponse::problem(handshake.status, handshake.problem);
        if (handshake.status == 426)
            refusal->withHeader("Sec-WebSocket-Version", "13");
        return false;
    }
    socket->write(handshake.response);
    if (m_historyText.isEmpty())
        m_historyText = message::history(m_history.samples(), m_intervalMs);
    m_registry.add(socket, endpoint, m_historyText);
    return true;
}

HttpResponse StatsServer::Private::answer(const HttpRequest &request)
{
    HttpResponse response = answerHttp(request, apiState());
    addCors(request.header("origin"), request.header("host"), response);
    return response;
}

void StatsServer::Private::addCors(QByteArrayView origin, QByteArrayView host, HttpResponse &response) const
{
    const QByteArray cors = m_gate.policy().corsOrigin(origin, host);
    if (!cors.isEmpty())
        response.withHeader("Access-Control-Allow-Origin", cors).withHeader("Access-Control-Allow-Credentials", "true");
    response.addVary("Origin");
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
    m_countersNow = m_registry.counters();
    s.counters = &m_countersNow;
    s.historyFault = m_historyFault;
    return s;
}

void StatsServer::Private::countsChanged()
{
    const int now = m_registry.size();
    if (now < m_lastClientCount && !m_trim.isActive())
        m_trim.start(); // once the departed sockets are deleted
    m_lastClientCount = now;
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

void StatsServer::setRangeSource(RangeSource *source)
{
    d->m_ranges = source;
    d->m_registry.setRangeSource(source);
}

void StatsServer::setPublicProcesses(bool on)
{
    d->m_publicProcesses = on;
    d->m_registry.setPublicProcesses(on);
    d->m_gate.setProcessesNeedCredentials(!on);
}

void StatsServer::setHistoryFault(const QString &fault)
{
    d->m_historyFault = fault;
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
    d->m_gate.setMaxStreams(config.maxClients);
    d->m_gate.setMetricsNeedCredentials(config.metricsAuth);
    setPublicProcesses(config.publicProcesses);
    d->m_listener.setMaxConnectionsPerAddress(config.maxClientsPerAddress);
    AccessPolicy &policy = d->m_gate.policy();
    policy.setExtraHostNames(config.hostNames);
    policy.setPublicAccess(config.publicAccess);

    d->m_tls.reset();
    if (!config.tlsCertificate.isEmpty()) {
        d->m_tls = loadTlsFiles(config.tlsCertificate, config.tlsKey, error);
        if (!d->m_tls)
            return false;
    }
    d->m_listener.setTls(d->m_tls ? &*d->m_tls : nullptr);
    policy.setTlsEnabled(d->m_tls.has_value());
    return true;
}

bool StatsServer::isTls() const
{
    return d->m_tls.has_value();
}

bool StatsServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!d->m_listener.listen(address, port, error))
        return false;
    AccessPolicy &policy = d->m_gate.policy();
    policy.setBindAddress(address);
    policy.setServerPort(d->m_listener.serverPort());
    if (policy.shouldWarnCleartext())
        qCWarning(lcServer).noquote() << "bound to" << address.toString()
                                      << "without TLS: tokens and data cross the network in clear text;"
                                         " consider --tls-cert/--tls-key";
    d->m_liveness.start();
    return true;
}

void StatsServer::close()
{
    d->m_liveness.stop();
    d->m_listener.close();
    d->m_registry.closeAll(ws::GoingAway, QStringLiteral("server shutting down"));
    d->m_http.abortAll();
}

bool StatsServer::isListening() const
{
    return d->m_listener.isListening();
}

QHostAddress StatsServer::serverAddress() const
{
    return d->m_listener.serverAddress();
}

quint16 StatsServer::serverPort() const
{
    return d->m_listener.serverPort();
}

int StatsServer::clientCount(Endpoint endpoint) const
{
    return d->m_registry.count(endpoint);
}

} // namespace ziggie
