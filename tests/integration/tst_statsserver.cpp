// The real server on an ephemeral loopback port, driven by real QWebSocket and TCP clients.
#include "history.h"
#include "statsserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <vector>

using namespace ziggie;

namespace {

const QString Token = QStringLiteral("integration-test-token-0123456789");

Sample sampleAt(qint64 us, double cpu = 10)
{
    Sample s;
    s.timestampUs = us;
    s.cpuPercent = cpu;
    s.memoryTotal = 8ull << 30;
    s.memoryUsed = 2ull << 30;
    s.memoryPercent = 40;
    s.diskTotal = 100ull << 30;
    s.diskUsed = 50ull << 30;
    s.diskPercent = 50;
    return s;
}

// A client that records every text message it receives.
struct Client
{
    QWebSocket socket;
    QStringList messages;
    explicit Client(QObject *context)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, context,
                         [this](const QString &m) { messages << m; });
    }
    QJsonObject message(int i) const { return QJsonDocument::fromJson(messages.at(i).toUtf8()).object(); }
};

} // namespace

class TestStatsServer : public QObject
{
    Q_OBJECT

    std::unique_ptr<History> m_history;
    std::unique_ptr<StatsServer> m_server;
    qint64 m_clock = 1762777845000000;

    QUrl url(const QString &path, const QString &query = QString()) const
    {
        QUrl u(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path));
        if (!query.isEmpty())
            u.setQuery(query);
        return u;
    }
    void tick(double cpu = 10)
    {
        m_clock += 2000000;
        m_history->append(sampleAt(m_clock, cpu));
    }
    std::unique_ptr<Client> connectClient(const QUrl &u)
    {
        auto c = std::make_unique<Client>(this);
        QSignalSpy connected(&c->socket, &QWebSocket::connected);
        c->socket.open(u);
        if (!connected.wait(5000))
            return nullptr;
        return c;
    }
    // Raw HTTP exchange: returns the status line and headers+body.
    // Raw HTTP exchange, answered by the server in this same event loop.
    QByteArray rawRequest(const QByteArray &bytes)
    {
        QTcpSocket s;
        QSignalSpy connected(&s, &QTcpSocket::connected);
        s.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        if (!connected.wait(5000))
            return {};
        QSignalSpy readable(&s, &QTcpSocket::readyRead);
        QSignalSpy closed(&s, &QTcpSocket::disconnected);
        s.write(bytes);
        QByteArray reply;
        for (int i = 0; i < 50 && !complete(reply); ++i) {
            if (!s.bytesAvailable() && closed.isEmpty())
                readable.wait(200);
            reply += s.readAll();
            if (!closed.isEmpty() && !s.bytesAvailable())
                break;
        }
        return reply;
    }
    static bool complete(const QByteArray &reply)
    {
        const qsizetype end = reply.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        const qsizetype at = reply.indexOf("Content-Length: ");
        const qsizetype length = reply.mid(at + 16, reply.indexOf('\r', at) - at - 16).toLongLong();
        return at >= 0 && reply.size() >= end + 4 + length;
    }
    static int status(const QByteArray &reply) { return reply.mid(9, 3).toInt(); }

private slots:
    void init()
    {
        m_history = std::make_unique<History>();
        for (int i = 0; i < 3; ++i)
            tick(i);
        m_server = std::make_unique<StatsServer>(*m_history);
        m_server->setToken(Token);
        QString error;
        QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(m_server->serverPort() != 0);
    }
    void cleanup()
    {
        m_server.reset();
        m_history.reset();
    }

    void historyComesFirstThenEveryTick()
    {
        auto c = connectClient(url(QStringLiteral("/ws")));
        QVERIFY(c);
        QTRY_COMPARE(c->messages.size(), 1);
        const QJsonObject history = c->message(0);
        QCOMPARE(history.value(QLatin1String("type")).toString(), QStringLiteral("history"));
        QCOMPARE(history.value(QLatin1String("samples")).toArray().size(), 3);
        tick(55.5);
        QTRY_COMPARE(c->messages.size(), 2);
        const QJsonObject stats = c->message(1);
        QCOMPARE(stats.value(QLatin1String("type")).toString(), QStringLiteral("system_stats"));
        QCOMPARE(stats.value(QLatin1String("cpu")).toObject().value(QLatin1String("usage")).toDouble(), 55.5);
        QCOMPARE(m_server->clientCount(Endpoint::Public), 1);
    }

    void authenticatedEndpointTakesQueryOrBearer()
    {
        auto c = connectClient(url(QStringLiteral("/api/system/ws"), QStringLiteral("token=") + Token));
        QVERIFY(c);
        QTRY_COMPARE(c->messages.size(), 1);
        QCOMPARE(m_server->clientCount(Endpoint::Authenticated), 1);

        auto bearer = std::make_unique<Client>(this);
        QNetworkRequest request(url(QStringLiteral("/api/system/ws")));
        request.setRawHeader("Authorization", "Bearer " + Token.toUtf8());
        QSignalSpy connected(&bearer->socket, &QWebSocket::connected);
        bearer->socket.open(request);
        QVERIFY(connected.wait(5000));
        QTRY_COMPARE(m_server->clientCount(Endpoint::Authenticated), 2);
    }

    void wrongOrMissingTokenIs401BeforeTheHandshake()
    {
        const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        QByteArray reply = rawRequest("GET /api/system/ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n");
        QCOMPARE(status(reply), 401);
        QVERIFY(reply.contains("WWW-Authenticate: Bearer"));
        reply = rawRequest("GET /api/system/ws?token=wrong HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n");
        QCOMPARE(status(reply), 401);
        reply = rawRequest("GET /api/system/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                           + Token.toUtf8().chopped(1) + "\r\n" + upgrade + "\r\n");
        QCOMPARE(status(reply), 401);
        QCOMPARE(m_server->clientCount(Endpoint::Authenticated), 0);

        // And a QWebSocket sees the refusal as an error, never as a connection.
        Client c(this);
        QSignalSpy connected(&c.socket, &QWebSocket::connected);
        QSignalSpy gone(&c.socket, &QWebSocket::disconnected);
        c.socket.open(url(QStringLiteral("/api/system/ws"), QStringLiteral("token=nope")));
        QVERIFY(gone.wait(5000));
        QCOMPARE(connected.count(), 0);
        QVERIFY(c.messages.isEmpty());
    }

    void everyClientOfATickGetsIdenticalText()
    {
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 5; ++i) {
            clients.push_back(connectClient(url(QStringLiteral("/ws"))));
            QVERIFY(clients.back());
        }
        clients.push_back(connectClient(url(QStringLiteral("/api/system/ws"), QStringLiteral("token=") + Token)));
        QVERIFY(clients.back());
        for (auto &c : clients)
            QTRY_COMPARE(c->messages.size(), 1);
        tick(33);
        for (auto &c : clients)
            QTRY_COMPARE(c->messages.size(), 2);
        for (auto &c : clients)
            QCOMPARE(c->messages.at(1), clients.front()->messages.at(1));
    }

    void subscribeFiltersLaterTicks()
    {
        auto c = connectClient(url(QStringLiteral("/ws")));
        QVERIFY(c);
        c->socket.sendTextMessage(QStringLiteral(R"({"type":"subscribe","metrics":["cpu","memory"]})"));
        c->socket.sendTextMessage(QStringLiteral(R"({"type":"ping"})"));
        QTRY_COMPARE(c->messages.size(), 2); // history, pong: the subscribe is processed by then
        QCOMPARE(c->message(1).value(QLatin1String("type")).toString(), QStringLiteral("pong"));
        QVERIFY(c->message(1).value(QLatin1String("timestamp")).toString().endsWith(QLatin1Char('Z')));
        tick();
        QTRY_COMPARE(c->messages.size(), 3);
        const QJsonObject o = c->message(2);
        QVERIFY(o.contains(QLatin1String("cpu")));
        QVERIFY(o.contains(QLatin1String("memory")));
        QVERIFY(!o.contains(QLatin1String("disk")));
        QVERIFY(o.contains(QLatin1String("timestamp")));
    }

    void badMessagesGetErrorsAndTheConnectionStays()
    {
        auto c = connectClient(url(QStringLiteral("/ws")));
        QVERIFY(c);
        c->socket.sendTextMessage(QStringLiteral("{not json"));
        c->socket.sendTextMessage(QStringLiteral(R"({"type":"subscribe","metrics":["gpu"]})"));
        c->socket.sendBinaryMessage(QByteArray("\x01\x02", 2));
        QTRY_COMPARE(c->messages.size(), 4);
        QCOMPARE(c->message(1).value(QLatin1String("code")).toString(), QStringLiteral("bad_request"));
        QCOMPARE(c->message(2).value(QLatin1String("code")).toString(), QStringLiteral("unknown_metric"));
        QCOMPARE(c->message(3).value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QCOMPARE(c->socket.state(), QAbstractSocket::ConnectedState);
        tick();
        QTRY_COMPARE(c->messages.size(), 5);
    }

    void oversizeMessageClosesWith1009()
    {
        auto c = connectClient(url(QStringLiteral("/ws")));
        QVERIFY(c);
        QSignalSpy closed(&c->socket, &QWebSocket::disconnected);
        c->socket.sendTextMessage(QString(5000, QLatin1Char('x')));
        QVERIFY(closed.wait(5000));
        QCOMPARE(c->socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QTRY_COMPARE(m_server->clientCount(Endpoint::Public), 0);
    }

    void wrongRequestsGetRealStatuses_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("expected");
        const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
        QTest::newRow("unknown path") << QByteArray("GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 404;
        QTest::newRow("upgrade elsewhere") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n")
                                           << 404;
        QTest::newRow("post") << QByteArray("POST /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n") << 405;
        QTest::newRow("delete upgrade") << QByteArray("DELETE /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n" + upgrade + "\r\n") << 405;
        QTest::newRow("9 KiB head") << QByteArray("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + QByteArray(9216, 'a') + "\r\n\r\n")
                                    << 431;
        QTest::newRow("garbage") << QByteArray::fromHex("16030100a5010000a10303") + "\r\n\r\n" << 400;
        QTest::newRow("TLS hello") << QByteArray::fromHex("160301020001") + QByteArray(600, '\x01') << 400;
        QTest::newRow("plain GET on a socket path") << QByteArray("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 426;
        QTest::newRow("health") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 200;
        QTest::newRow("metrics") << QByteArray("GET /metrics HTTP/1.0\r\n\r\n") << 200;
    }
    void wrongRequestsGetRealStatuses()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, expected);
        QCOMPARE(status(rawRequest(request)), expected);
    }

    void headAndKeepAlive()
    {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
        QVERIFY(s.waitForConnected(5000));
        s.write("HEAD /api/system/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray reply;
        QTRY_VERIFY((reply += s.readAll()).count("HTTP/1.1 200 OK") == 2 && reply.endsWith("}}"));
        QVERIFY(!reply.contains("system_stats")); // HEAD sent no body
    }

    void http10AndConnectionCloseEndTheConnection()
    {
        QVERIFY(rawRequest("GET /health HTTP/1.0\r\n\r\n").contains("Connection: close"));
        QVERIFY(rawRequest("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .contains("Connection: close"));
        QVERIFY(rawRequest("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").contains("Connection: keep-alive"));
    }

    void restAnswersCorsOnlyForAllowedOrigins()
    {
        QByteArray reply = rawRequest("GET /api/system/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:5173\r\n\r\n");
        QVERIFY(reply.contains("Access-Control-Allow-Origin: http://localhost:5173"));
        reply = rawRequest("GET /api/system/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n\r\n");
        QCOMPARE(status(reply), 200);
        QVERIFY(!reply.contains("Access-Control-Allow-Origin"));
        m_server->setAllowedOrigins({QStringLiteral("http://evil.example")});
        reply = rawRequest("GET /api/system/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n\r\n");
        QVERIFY(reply.contains("Access-Control-Allow-Origin: http://evil.example"));
    }

    void closeTellsClients1001()
    {
        auto c = connectClient(url(QStringLiteral("/ws")));
        QVERIFY(c);
        QSignalSpy closed(&c->socket, &QWebSocket::disconnected);
        m_server->close();
        QVERIFY(closed.wait(5000));
        QCOMPARE(c->socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QVERIFY(!m_server->isListening());
    }

    void twoHundredConcurrentClientsGetEveryTick()
    {
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 200; ++i) {
            auto c = std::make_unique<Client>(this);
            c->socket.open(url(i % 2 ? QStringLiteral("/ws") : QStringLiteral("/api/system/ws"),
                               i % 2 ? QString() : QStringLiteral("token=") + Token));
            clients.push_back(std::move(c));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_server->clientCount(Endpoint::Public) + m_server->clientCount(Endpoint::Authenticated),
                                  200, 20000);
        for (int t = 0; t < 3; ++t)
            tick(t);
        for (auto &c : clients)
            QTRY_COMPARE_WITH_TIMEOUT(c->messages.size(), 4, 10000);
        for (auto &c : clients)
            QCOMPARE(c->messages.last(), clients.front()->messages.last());
    }

    void portInUseIsReportedWithTheAddress()
    {
        StatsServer second(*m_history);
        QString error;
        QVERIFY(!second.listen(QHostAddress::LocalHost, m_server->serverPort(), &error));
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(m_server->serverPort())), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestStatsServer)
#include "tst_statsserver.moc"
