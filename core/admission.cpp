#include "admission.h"

#include "apitoken.h"
#include "jwt.h"
#include "logging.h"

#include <QDateTime>

namespace ziggie {

namespace {
Admission refuse(int status, QString message)
{
    Admission a;
    a.status = status;
    a.message = std::move(message);
    return a;
}
} // namespace

Gatekeeper::Gatekeeper(BanList::Clock clock)
    : m_bans(std::move(clock))
{
}

void Gatekeeper::setLimits(int maxClients, int maxClientsPerAddress)
{
    m_maxClients = maxClients;
    m_maxClientsPerAddress = maxClientsPerAddress;
}

bool Gatekeeper::credentialsValid(const QByteArray &credential, QString *reason) const
{
    if (constantTimeEquals(m_token, credential))
        return true;
    if (m_jwtSecret.isEmpty() || credential.count('.') != 2) {
        *reason = QStringLiteral("wrong token");
        return false;
    }
    const JwtResult jwt = Jwt::verifyHs256(credential, m_jwtSecret, QDateTime::currentSecsSinceEpoch());
    if (!jwt.ok)
        *reason = QStringLiteral("JWT refused: ") + jwt.reason;
    return jwt.ok;
}

Admission Gatekeeper::admit(const HttpRequest &request, const QHostAddress &peer, int clients, int clientsFromPeer)
{
    const QByteArray host = request.header("host");
    if (!request.version.endsWith("1.0") || !host.isEmpty()) { // HTTP/1.0 may omit Host
        if (!m_policy.isHostAllowed(host))
            return refuse(403, QStringLiteral("Host header does not name this server"));
    }

    const bool upgrade = request.isWebSocketUpgrade();
    const bool stream = request.path == "/ws" || request.path == "/api/system/ws";
    if (upgrade && !stream)
        return refuse(404, QStringLiteral("no WebSocket endpoint at this path"));
    const bool needsCredentials =
        request.path == "/api/system/ws" || (m_metricsNeedCredentials && request.path == "/metrics");
    if (!needsCredentials && !m_policy.isPublicPeerAllowed(peer))
        return refuse(403, QStringLiteral("public endpoints answer this machine and private networks only"));

    Admission a;
    a.isStream = upgrade;
    if (upgrade) {
        if (!m_policy.isOriginAllowed(request.header("origin"), host))
            return refuse(403, QStringLiteral("origin not allowed"));
        if (clients >= m_maxClients)
            return refuse(503, QStringLiteral("server is at its connection limit"));
        if (!AccessPolicy::isLoopback(peer) && clientsFromPeer >= m_maxClientsPerAddress)
            return refuse(503, QStringLiteral("too many connections from this address"));
    }
    if (!needsCredentials)
        return a;

    if (m_bans.isBanned(peer)) {
        Admission banned = refuse(429, QStringLiteral("too many failed authentications; try again later"));
        const qint64 seconds = (m_bans.banRemainingMs(peer) + 999) / 1000;
        banned.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray::number(seconds)));
        return banned;
    }
    QByteArray credential = request.queryValue("token");
    const QByteArray authorization = request.header("authorization");
    if (credential.isEmpty() && authorization.startsWith("Bearer "))
        credential = authorization.mid(7).trimmed();
    QString reason = QStringLiteral("missing token");
    if (!credential.isEmpty() && credentialsValid(credential, &reason)) {
        m_bans.recordSuccess(peer);
        a.authenticated = true;
        return a;
    }
    qCInfo(lcServer).noquote() << "refused authentication from" << peer.toString() << "-" << reason;
    if (!credential.isEmpty() && m_bans.recordFailure(peer))
        qCWarning(lcServer).noquote() << "banned" << peer.toString() << "for 5 minutes after 5 failed authentications";
    Admission unauthorized = refuse(401, QStringLiteral("missing or wrong token"));
    unauthorized.headers.append(qMakePair(QByteArray("WWW-Authenticate"), QByteArray("Bearer")));
    return unauthorized;
}

} // namespace ziggie
