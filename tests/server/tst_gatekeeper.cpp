// The gatekeeper's decisions, peer by peer: who can be banned (only real credential attempts,
// never loopback), CORS preflights, methods, and the WebSocket-only paths.
#include "security/gatekeeper.h"

#include <QTest>

using namespace ziggie;

namespace {
const QByteArray Token = "gatekeeper-test-token-0123456789abcdef";
const QHostAddress LanPeer(QStringLiteral("192.168.7.20"));
const QHostAddress Loopback(QHostAddress::LocalHost);
const QByteArray Upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

HttpRequest request(const QByteArray &method, const QByteArray &target, const QByteArray &extra = {})
{
    const HeadParse p = parseRequestHead(method + ' ' + target + " HTTP/1.1\r\nHost: 192.168.7.1:54112\r\n" + extra + "\r\n");
    if (p.status != HeadParse::Complete)
        qFatal("bad test request");
    return p.request;
}
HttpRequest get(const QByteArray &target, const QByteArray &extra = {})
{
    return request("GET", target, extra);
}
QByteArray header(const Admission &a, const QByteArray &name)
{
    for (const auto &h : a.headers)
        if (h.first == name)
            return h.second;
    return {};
}
} // namespace

class TestGatekeeper : public QObject
{
    Q_OBJECT

    qint64 m_nowMs = 0;
    std::unique_ptr<Gatekeeper> m_gate;

private slots:
    void init()
    {
        m_nowMs = 1000;
        m_gate = std::make_unique<Gatekeeper>([this] { return m_nowMs; });
        m_gate->setToken(Token);
        m_gate->policy().setBindAddress(QHostAddress(QStringLiteral("192.168.7.1"))); // LAN mode
        m_gate->policy().setServerPort(54112);
        m_gate->policy().setAllowedOrigins({QStringLiteral("http://dash.example:5173")});
    }

    void realAttemptsFromALanPeerBanIt()
    {
        for (int i = 0; i < BanList::MaxFailures; ++i)
            QCOMPARE(m_gate->admit(get("/api/system/ws?token=wrong", Upgrade), LanPeer, 0).status, 401);
        const Admission banned = m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), LanPeer, 0);
        QCOMPARE(banned.status, 429);
        QCOMPARE(header(banned, "Retry-After"), QByteArray("300"));
        m_nowMs += BanList::BanMs;
        QCOMPARE(m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), LanPeer, 0).status, 0);
    }

    void whatIsNoCredentialAttemptNeverCounts_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<int>("status");
        // An <img src=…>: no Upgrade, so no credentials are looked at.
        QTest::newRow("plain GET") << QByteArray("/api/system/ws?token=wrong") << QByteArray() << 426;
        QTest::newRow("plain GET, foreign origin")
            << QByteArray("/api/system/ws?token=wrong") << QByteArray("Origin: http://evil.example\r\n") << 426;
        QTest::newRow("upgrade, foreign origin")
            << QByteArray("/api/system/ws?token=wrong") << Upgrade + "Origin: http://evil.example\r\n" << 403;
        QTest::newRow("upgrade without any token") << QByteArray("/api/system/ws") << Upgrade << 401;
        QTest::newRow("upgrade, cross-site fetch")
            << QByteArray("/api/system/ws?token=wrong") << Upgrade + "Sec-Fetch-Site: cross-site\r\n" << 401;
    }

    void whatIsNoCredentialAttemptNeverCounts()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, extra);
        QFETCH(int, status);
        for (int i = 0; i < 4 * BanList::MaxFailures; ++i) {
            QCOMPARE(m_gate->admit(get(target, extra), LanPeer, 0).status, status);
        }
        QCOMPARE(m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), LanPeer, 0).status, 0);
    }

    void restAttemptsFromOtherSitesDoNotCount()
    {
        m_gate->setMetricsNeedCredentials(true);
        for (int i = 0; i < 4 * BanList::MaxFailures; ++i) {
            QCOMPARE(m_gate->admit(get("/metrics?token=wrong", "Sec-Fetch-Site: cross-site\r\n"), LanPeer, 0).status, 401);
            QCOMPARE(m_gate->admit(get("/metrics?token=wrong", "Origin: http://evil.example\r\n"), LanPeer, 0).status, 401);
        }
        QCOMPARE(m_gate->admit(get("/metrics", "Authorization: Bearer " + Token + "\r\n"), LanPeer, 0).status, 0);
        // From a program (no Origin, no Sec-Fetch-*) they do.
        for (int i = 0; i < BanList::MaxFailures; ++i)
            m_gate->admit(get("/metrics?token=wrong"), LanPeer, 0);
        QCOMPARE(m_gate->admit(get("/metrics?token=" + Token), LanPeer, 0).status, 429);
    }

    void foreignHostNeverCounts()
    {
        const HeadParse p = parseRequestHead("GET /api/system/ws?token=wrong HTTP/1.1\r\nHost: rebind.example\r\n" + Upgrade
                                             + "\r\n");
        for (int i = 0; i < 4 * BanList::MaxFailures; ++i)
            QCOMPARE(m_gate->admit(p.request, LanPeer, 0).status, 403);
        QCOMPARE(m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), LanPeer, 0).status, 0);
    }

    void loopbackIsNeverBanned()
    {
        for (int i = 0; i < 10 * BanList::MaxFailures; ++i)
            QCOMPARE(m_gate->admit(get("/api/system/ws?token=wrong", Upgrade), Loopback, 0).status, 401);
        QCOMPARE(m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), Loopback, 0).status, 0);
        const QHostAddress mapped(QStringLiteral("::ffff:127.0.0.1"));
        for (int i = 0; i < 10 * BanList::MaxFailures; ++i)
            m_gate->admit(get("/api/system/ws?token=wrong", Upgrade), mapped, 0);
        QCOMPARE(m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), mapped, 0).status, 0);
    }

    void preflightForAllowedOrigins()
    {
        for (const QByteArray path : {"/health", "/api/system/stats", "/metrics"}) {
            const Admission a = m_gate->admit(request("OPTIONS", path,
                                                      "Origin: http://dash.example:5173\r\n"
                                                      "Access-Control-Request-Method: GET\r\n"
                                                      "Access-Control-Request-Headers: authorization\r\n"),
                                              Loopback, 0);
            QCOMPARE(a.status, 204);
            QCOMPARE(header(a, "Access-Control-Allow-Origin"), QByteArray("http://dash.example:5173"));
            QCOMPARE(header(a, "Access-Control-Allow-Methods"), QByteArray("GET, HEAD"));
            QCOMPARE(header(a, "Access-Control-Allow-Headers"), QByteArray("Authorization, Content-Type"));
            QCOMPARE(header(a, "Access-Control-Allow-Credentials"), QByteArray("true"));
            QCOMPARE(header(a, "Access-Control-Max-Age"), QByteArray("600"));
            QCOMPARE(header(a, "Vary"), QByteArray("Origin"));
        }
        const Admission loopbackOrigin =
            m_gate->admit(request("OPTIONS", "/health", "Origin: http://localhost:5173\r\n"), Loopback, 0);
        QCOMPARE(loopbackOrigin.status, 204);
        QCOMPARE(m_gate->admit(request("OPTIONS", "/health", "Origin: http://evil.example\r\n"), Loopback, 0).status, 403);
        QCOMPARE(m_gate->admit(request("OPTIONS", "/health"), Loopback, 0).status, 403); // no origin to allow
        const Admission page = m_gate->admit(request("OPTIONS", "/index.html", "Origin: http://localhost:5173\r\n"),
                                             Loopback, 0);
        QCOMPARE(page.status, 405);
    }

    void otherMethodsAre405WithAllow()
    {
        const Admission api = m_gate->admit(request("POST", "/health"), Loopback, 0);
        QCOMPARE(api.status, 405);
        QCOMPARE(header(api, "Allow"), QByteArray("GET, HEAD, OPTIONS"));
        const Admission page = m_gate->admit(request("DELETE", "/"), Loopback, 0);
        QCOMPARE(header(page, "Allow"), QByteArray("GET, HEAD"));
    }

    void streamsWantAnUpgradeAndRespectTheCap()
    {
        QCOMPARE(m_gate->admit(get("/ws"), Loopback, 0).status, 426);
        QCOMPARE(m_gate->admit(get("/api/system/ws"), Loopback, 0).status, 426);
        QCOMPARE(m_gate->admit(get("/health", Upgrade), Loopback, 0).status, 404);
        const Admission stream = m_gate->admit(get("/ws", Upgrade), Loopback, 0);
        QCOMPARE(stream.status, 0);
        QCOMPARE(stream.stream, std::optional<Endpoint>(Endpoint::Public));
        m_gate->setMaxStreams(3);
        QCOMPARE(m_gate->admit(get("/ws", Upgrade), Loopback, 3).status, 503);
        const Admission authenticated = m_gate->admit(get("/api/system/ws?token=" + Token, Upgrade), Loopback, 0);
        QCOMPARE(authenticated.stream, std::optional<Endpoint>(Endpoint::Authenticated));
        QVERIFY(authenticated.authenticated);
    }
};

QTEST_GUILESS_MAIN(TestGatekeeper)
#include "tst_gatekeeper.moc"
