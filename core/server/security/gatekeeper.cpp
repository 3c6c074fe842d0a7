#include "gatekeeper.h"

#include "constanttime.h"
#include "jwt.h"
#include "serverlog.h"

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

Admission withHeader(Admission a, QByteArray name, QByteArray value)
{
    a.headers.append(qMakePair(std::move(name), std::move(value)));
    return a;
}
} // namespace

bool isApiPath(QByteArrayView path)
{
    return path == "/health" || path == "/metrics" || path.startsWith("/api/");
}

Gatekeeper::Gatekeeper(BanList::Clock clock)
    : m_bans(std::move(clock))
{
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

bool Gatekeeper::fromForeignPage(const HttpRequest &request) const
{
    const QByteArray origin = request.header("origin");
    if (!origin.isEmpty())
        return !m_policy.isOriginAllowed(origin, request.header("host"));
    const QByteArray site = request.header("sec-fetch-site").toLower();
    return site == "cross-site" || site == "same-site";
}

Admission Gatekeeper::preflight(const HttpRequest &request) const
{
    if (!isApiPath(request.path))
        return withHeader(refuse(405, QStringLiteral("only GET and HEAD are served here")), "Allow", "GET, HEAD");
    const QByteArray origin = m_policy.corsOrigin(request.header("origin"), request.header("host"));
    if (origin.isEmpty())
        return refuse(403, QStringLiteral("origin not allowed"));
    Admission a;
    a.status = 204;
    a.headers = {{"Access-Control-Allow-Origin", origin},
                 {"Access-Control-Allow-Methods", "GET, HEAD"},
                 {"Access-Control-Allow-Headers", "Authorization, Content-Type"},
                 {"Access-Control-Allow-Credentials", "true"},
                 {"Access-Control-Max-Age", "600"},
                 {"Vary", "Origin"}};
    return a;
}

Admission Gatekeeper::admit(const HttpRequest &request, const QHostAddress &peer, int streams)
{
    const QByteArray host = request.header("host");
    if (!request.version.endsWith("1.0") || !host.isEmpty()) { // HTTP/1.0 may omit Host
        if (!m_policy.isHostAllowed(host))
            return refuse(403, QStringLiteral("Host header does not name this server"));
    }
    if (request.method == "OPTIONS")
        return preflight(request);
    if (request.method != "GET" && request.method != "HEAD") {
        const QByteArray allow = isApiPath(request.path) ? "GET, HEAD, OPTIONS" : "GET, HEAD";
        return withHeader(refuse(405, QStringLiteral("only GET and HEAD are served")), "Allow", allow);
    }

    const bool upgrade = request.isWebSocketUpgrade();
    const std::optional<Endpoint> stream = streamAt(request.path);
    if (upgrade && !stream)
        return refuse(404, QStringLiteral("no WebSocket endpoint at this path"));
    if (!upgrade && stream) // an <img> or a plain GET: no credentials are even looked at
        return withHeader(refuse(426, QStringLiteral("this is a WebSocket endpoint")), "Upgrade", "websocket");

    QByteArray credential = request.queryValue("token");
    const QByteArray authorization = request.header("authorization");
    if (credential.isEmpty() && authorization.startsWith("Bearer "))
        credential = authorization.mid(7).trimmed();
    // Answered to everyone, with more for valid credentials (process names in stored history).
    const bool credentialsOptional = request.path == "/api/system/history" || request.path == "/api/system/history.csv";
    const bool needsCredentials = stream == Endpoint::Authenticated
                                  || (m_metricsNeedCredentials && request.path == "/metrics")
                                  || (m_processesNeedCredentials && request.path == "/api/system/processes");
    const bool checksCredentials = needsCredentials || (credentialsOptional && !credential.isEmpty());
    if (!needsCredentials && !m_policy.isPublicPeerAllowed(peer))
        return refuse(403, QStringLiteral("public endpoints answer this machine and private networks only"));

    Admission a;
    a.stream = stream;
    if (upgrade) {
        if (!m_policy.isOriginAllowed(request.header("origin"), host))
            return refuse(403, QStringLiteral("origin not allowed"));
        if (streams >= m_maxStreams)
            return refuse(503, QStringLiteral("server is at its connection limit"));
    }
    if (!checksCredentials)
        return a;

    if (m_bans.isBanned(peer)) {
        const qint64 seconds = (m_bans.banRemainingMs(peer) + 999) / 1000;
        return withHeader(refuse(429, QStringLiteral("too many failed authentications; try again later")),
                          "Retry-After", QByteArray::number(seconds));
    }
    QString reason = QStringLiteral("missing token");
    if (!credential.isEmpty() && credentialsValid(credential, &reason)) {
        m_bans.recordSuccess(peer);
        a.authenticated = true;
        return a;
    }
    qCInfo(lcServer).noquote() << "refused authentication from" << peer.toString() << "-" << reason;
    // A guess counts only when it is one: credentials presented by a program, or by a page that
    // may use this server. Loopback is never banned: from there a 256-bit token is not guessed.
    const bool attempt = !credential.isEmpty() && !fromForeignPage(request);
    if (attempt && !AccessPolicy::isLoopback(peer) && m_bans.recordFailure(peer))
        qCWarning(lcServer).noquote() << "banned" << peer.toString() << "for 5 minutes after 5 failed authentications";
    return withHeader(refuse(401, QStringLiteral("missing or wrong token")), "WWW-Authenticate", "Bearer");
}

} // namespace ziggie
