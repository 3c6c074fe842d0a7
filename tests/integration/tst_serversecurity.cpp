// The server's refusals with real sockets: Host, Origin, JWT, bans, caps, TLS, slow consumers.
#include "history.h"
#include "security/banlist.h"
#include "security/jwt.h"
#include "statsserver.h"

#include <QDateTime>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <vector>

using namespace ziggie;

namespace {
const QString Token = QStringLiteral("security-test-token-0123456789abcdef");
const QByteArray Secret = "a-jwt-secret-of-enough-length";
const QByteArray Upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

QByteArray base64url(const QByteArray &b)
{
    return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

class TestServerSecurity : public QObject
{
    Q_OBJECT

    std::unique_ptr<History> m_history;
    std::unique_ptr<StatsServer> m_server;
    Config m_config;

    void startServer()
    {
        m_server = std::make_unique<StatsServer>(*m_history);
        QString error;
        QVERIFY2(m_server->configure(m_config, &error), qPrintable(error));
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    }
    QByteArray exchange(const QByteArray &bytes)
    {
        QTcpSocket s;
        QSignalSpy connected(&s, &QTcpSocket::connected);
        s.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        if (!connected.wait(5000))
            return {};
        QSignalSpy readable(&s, &QTcpSocket::readyRead);
        s.write(bytes);
        QByteArray reply;
        for (int i = 0; i < 50 && !reply.contains("\r\n\r\n"); ++i) {
            if (!s.bytesAvailable())
                readable.wait(200);
            reply += s.readAll();
        }
        return reply;
    }
    int upgradeStatus(const QByteArray &target, const QByteArray &extra = {})
    {
        return exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + Upgrade + extra + "\r\n")
            .mid(9, 3)
            .toInt();
    }
    QByteArray jwt(const QJsonObject &claims) { return Jwt::signHs256(claims, Secret); }

private slots:
    void init()
    {
        m_history = std::make_unique<History>();
        Sample s;
        s.timestampUs = 1;
        m_history->append(s);
        m_config = Config();
        m_config.token = Token;
        m_config.jwtSecret = QString::fromLatin1(Secret);
        startServer();
    }
    void cleanup()
    {
        m_server.reset();
        m_history.reset();
    }

    void foreignHostIs403()
    {
        QCOMPARE(exchange("GET /health HTTP/1.1\r\nHost: rebind.example:54112\r\n\r\n").mid(9, 3), QByteArray("403"));
        QCOMPARE(exchange("GET /health HTTP/1.1\r\nHost: localhost:54112\r\n\r\n").mid(9, 3), QByteArray("200"));
        QCOMPARE(exchange("GET /health HTTP/1.1\r\nHost: [::1]:54112\r\n\r\n").mid(9, 3), QByteArray("200"));
    }

    void foreignOriginIs403()
    {
        QCOMPARE(upgradeStatus("/ws", "Origin: http://evil.example\r\n"), 403);
        QCOMPARE(upgradeStatus("/ws", "Origin: null\r\n"), 403);
        QCOMPARE(upgradeStatus("/ws", "Origin: http://localhost:5173\r\n"), 101);
        QCOMPARE(upgradeStatus("/ws"), 101); // scripts send no Origin
    }

    void jwtRules()
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray valid = jwt({{QStringLiteral("sub"), QStringLiteral("dash")},
                                      {QStringLiteral("exp"), double(now + 600)}});
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + valid), 101);
        QCOMPARE(upgradeStatus("/api/system/ws", "Authorization: Bearer " + valid + "\r\n"), 101);

        const QByteArray expired = jwt({{QStringLiteral("exp"), double(now - 120)}});
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + expired), 401);
        const QByteArray early = jwt({{QStringLiteral("nbf"), double(now + 120)}});
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + early), 401);

        // alg:none with the signature stripped, and a token signed with another secret.
        const QByteArray none = base64url(R"({"alg":"none","typ":"JWT"})") + '.' + base64url(R"({"sub":"x"})") + '.';
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + none), 401);
        const QByteArray forged = Jwt::signHs256({{QStringLiteral("sub"), QStringLiteral("x")}}, "another-secret-entirely");
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + forged), 401);
    }

    // Bans of non-loopback peers: tst_gatekeeper, and hardening_netns with a real second address.
    void loopbackIsNeverBanned()
    {
        for (int i = 0; i < 2 * BanList::MaxFailures; ++i)
            QCOMPARE(upgradeStatus("/api/system/ws?token=guess" + QByteArray::number(i)), 401);
        QCOMPARE(upgradeStatus("/api/system/ws?token=" + Token.toUtf8()), 101);
    }

    void metricsCanRequireTheToken()
    {
        const QByteArray get = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        QCOMPARE(exchange(get + "\r\n").mid(9, 3), QByteArray("200"));
        m_config.metricsAuth = true;
        startServer();
        QCOMPARE(exchange(get + "\r\n").mid(9, 3), QByteArray("401"));
        QCOMPARE(exchange(get + "Authorization: Bearer wrong\r\n\r\n").mid(9, 3), QByteArray("401"));
        QCOMPARE(exchange(get + "Authorization: Bearer " + Token.toUtf8() + "\r\n\r\n").mid(9, 3), QByteArray("200"));
        const QByteArray token = jwt({{QStringLiteral("exp"), double(QDateTime::currentSecsSinceEpoch() + 60)}});
        QCOMPARE(exchange(get + "Authorization: Bearer " + token + "\r\n\r\n").mid(9, 3), QByteArray("200"));
        QCOMPARE(exchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").mid(9, 3), QByteArray("200"));
    }

    void connectionCapIs503()
    {
        m_config.maxClients = 2;
        startServer();
        std::vector<std::unique_ptr<QWebSocket>> clients;
        for (int i = 0; i < 2; ++i) {
            clients.push_back(std::make_unique<QWebSocket>());
            QSignalSpy connected(clients.back().get(), &QWebSocket::connected);
            clients.back()->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_server->serverPort())));
            QVERIFY(connected.wait(5000));
        }
        QTRY_COMPARE(m_server->clientCount(Endpoint::Public), 2);
        QCOMPARE(upgradeStatus("/ws"), 503);
        clients.pop_back();
        QTRY_COMPARE(m_server->clientCount(Endpoint::Public), 1);
        QCOMPARE(upgradeStatus("/ws"), 101);
    }

    void tlsServesWssAndHttps()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        const int rc = QProcess::execute(QStringLiteral("openssl"),
                                         {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                                          QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                                          QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                          QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
        QCOMPARE(rc, 0);
        m_config.tlsCertificate = cert;
        m_config.tlsKey = key;
        startServer();
        QVERIFY(m_server->isTls());

        QWebSocket ws;
        connect(&ws, &QWebSocket::sslErrors, &ws, [&ws](const QList<QSslError> &) { ws.ignoreSslErrors(); });
        QStringList messages;
        connect(&ws, &QWebSocket::textMessageReceived, this, [&messages](const QString &m) { messages << m; });
        ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(m_server->serverPort())));
        QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
        QVERIFY(messages.first().startsWith(QLatin1String(R"({"type":"history")")));

        QSslSocket https;
        https.setPeerVerifyMode(QSslSocket::VerifyNone);
        QSignalSpy encrypted(&https, &QSslSocket::encrypted);
        https.connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->serverPort());
        QVERIFY(encrypted.wait(10000));
        https.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray reply;
        QTRY_VERIFY_WITH_TIMEOUT((reply += https.readAll()).contains("\"status\":\"ok\""), 5000);
        QVERIFY(reply.startsWith("HTTP/1.1 200"));

        // Plain text on the TLS port is not served.
        QTcpSocket plain;
        QSignalSpy gone(&plain, &QTcpSocket::disconnected);
        plain.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        plain.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY(gone.wait(10000));
        QVERIFY(!plain.readAll().contains("200 OK"));
    }

    void slowConsumerTicksAreSkippedNotBuffered()
    {
        // A client that completes the handshake and then never reads.
        QTcpSocket lazy;
        lazy.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        QSignalSpy connected(&lazy, &QTcpSocket::connected);
        lazy.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        QVERIFY(connected.wait(5000));
        lazy.setReadBufferSize(1);
        lazy.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + Upgrade + "\r\n");
        QTRY_COMPARE(m_server->clientCount(Endpoint::Public), 1);

        Sample s;
        for (int i = 0; i < 40000; ++i) {
            s.timestampUs = 1000000 + i;
            m_history->append(s);
            if (i % 1000 == 0)
                QCoreApplication::processEvents(); // let the server flush what the kernel takes
        }
        // The fan-out runs on threads of its own: its count comes once it has served the ticks.
        QByteArray metrics;
        const auto dropped = [&] {
            metrics = exchange("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            const qsizetype at = metrics.indexOf("\nziggie_messages_dropped_total ");
            return at > 0 ? metrics.mid(at + 31, metrics.indexOf('\n', at + 1) - at - 31).toLongLong() : 0;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(dropped() > 0, metrics.constData(), 20000);
        QCOMPARE(m_server->clientCount(Endpoint::Public), 1); // not disconnected before its 30 s grace
    }
};

QTEST_GUILESS_MAIN(TestServerSecurity)
#include "tst_serversecurity.moc"
