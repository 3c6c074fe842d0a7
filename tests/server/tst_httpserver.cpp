// HttpServer on real loopback connections: each head answered by the handler, pipelined
// requests in order on one kept-alive connection, HEAD without a body, malformed and
// oversized heads refused and closed, and a connection the handler takes over (an
// upgrade) left alone from then on.

#include "../support/loopback.h"
#include "http/httpserver.h"
#include "metrics.h"

#include <QPointer>
#include <QTest>

using namespace ziggie;

namespace {

// Answers every path with its own name; /take keeps the socket, as an upgrade does; /later
// is answered when the test says so, as a query on another thread is.
class EchoHandler final : public HttpServer::Handler
{
public:
    HttpServer::Reply handle(const HttpRequest &request, QTcpSocket *socket) override
    {
        paths.append(request.path);
        if (request.path == "/take") {
            taken = socket;
            return HttpServer::Reply::takenOver();
        }
        if (request.path == "/later") {
            waiting = socket;
            return HttpServer::Reply::later();
        }
        return HttpServer::Reply::now(echo(request.path));
    }

    static HttpResponse echo(const QByteArray &text)
    {
        HttpResponse r;
        r.contentType = "text/plain";
        r.body = text;
        return r;
    }

    QList<QByteArray> paths;
    QTcpSocket *taken = nullptr;
    QTcpSocket *waiting = nullptr;
};

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

    EchoHandler m_handler;
    ServerCounters m_counters;
    std::unique_ptr<HttpServer> m_server;

private slots:
    void init()
    {
        m_handler = EchoHandler();
        m_counters = ServerCounters();
        m_server = std::make_unique<HttpServer>(m_handler, m_counters, 256 * 1024);
    }

    void answersPipelinedRequestsInOrder()
    {
        test::Loopback pair = test::connectLoopback();
        QVERIFY(pair.server);
        m_server->take(pair.server);
        pair.client->write("GET /one HTTP/1.1\r\nHost: h\r\n\r\nGET /two HTTP/1.1\r\nHost: h\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += pair.client->readAll(), got.endsWith("/two")), 5000);
        QVERIFY(got.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(got.indexOf("\r\n\r\n/one") < got.indexOf("\r\n\r\n/two"));
        QCOMPARE(got.count("Connection: keep-alive"), 2);
        QCOMPARE(m_handler.paths, (QList<QByteArray>{"/one", "/two"}));
        QCOMPARE(m_counters.httpResponses, quint64(2));
        QCOMPARE(m_server->size(), 1); // still open for the next request
    }

    void aLaterAnswerKeepsTheOrderOfPipelinedRequests()
    {
        test::Loopback pair = test::connectLoopback();
        QVERIFY(pair.server);
        m_server->take(pair.server);
        pair.client->write("GET /later HTTP/1.1\r\nHost: h\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n");
        QTRY_VERIFY(m_handler.waiting);
        // Nothing more is read, and nothing answered, until the first answer comes.
        QTest::qWait(100);
        QCOMPARE(m_handler.paths, QList<QByteArray>{"/later"});
        QCOMPARE(pair.client->bytesAvailable(), qint64(0));
        m_server->answerLater(m_handler.waiting, EchoHandler::echo("first"));
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += pair.client->readAll(), got.endsWith("/after")), 5000);
        QVERIFY(got.indexOf("first") < got.indexOf("/after"));
        QCOMPARE(m_handler.paths, (QList<QByteArray>{"/later", "/after"}));
    }

    void aLaterAnswerToAConnectionThatWentIsDropped()
    {
        test::Loopback pair = test::connectLoopback();
        QVERIFY(pair.server);
        QPointer<QTcpSocket> server = pair.server;
        m_server->take(pair.server);
        pair.client->write("GET /later HTTP/1.1\r\nHost: h\r\n\r\n");
        QTRY_VERIFY(m_handler.waiting);
        pair.client->abort();
        QTRY_COMPARE(m_server->size(), 0);
        if (server)
            m_server->answerLater(server, EchoHandler::echo("too late")); // nothing to do, nothing breaks
        QCOMPARE(m_server->size(), 0);
    }

    void headGetsNoBody()
    {
        test::Loopback pair = test::connectLoopback();
        m_server->take(pair.server);
        pair.client->write("HEAD /quiet HTTP/1.1\r\nHost: h\r\n\r\nGET /loud HTTP/1.1\r\nHost: h\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += pair.client->readAll(), got.endsWith("/loud")), 5000);
        QVERIFY(!got.contains("\r\n\r\n/quiet"));
        QVERIFY(got.contains("Content-Length: 6\r\n")); // the HEAD still says how long it would be
    }

    void badHeadsAreRefusedAndClosed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::newRow("malformed") << QByteArray("GARBAGE\r\n\r\n") << 400;
        QTest::newRow("too large") << (QByteArray("GET / HTTP/1.1\r\nX-Pad: ") + QByteArray(9000, 'a')) << 431;
    }

    void badHeadsAreRefusedAndClosed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        test::Loopback pair = test::connectLoopback();
        m_server->take(pair.server);
        pair.client->write(bytes);
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += pair.client->readAll(), pair.client->state() == QAbstractSocket::UnconnectedState),
                                 5000);
        got += pair.client->readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '), got.constData());
        QVERIFY(got.contains("Connection: close"));
        QVERIFY(m_handler.paths.isEmpty());
        QCOMPARE(m_counters.refusedByStatus.value(status), quint64(1));
        QTRY_COMPARE(m_server->size(), 0);
    }

    void connectionCloseIsHonoured()
    {
        test::Loopback pair = test::connectLoopback();
        m_server->take(pair.server);
        pair.client->write("GET /bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += pair.client->readAll(), pair.client->state() == QAbstractSocket::UnconnectedState),
                                 5000);
        got += pair.client->readAll();
        QVERIFY(got.contains("Connection: close\r\n\r\n/bye"));
    }

    void aTakenConnectionIsTheHandlers()
    {
        test::Loopback pair = test::connectLoopback();
        m_server->take(pair.server);
        pair.client->write("GET /take HTTP/1.1\r\nHost: h\r\n\r\nafter the head");
        QTRY_VERIFY(m_handler.taken);
        QCOMPARE(m_server->size(), 0);
        // The bytes after the head stay unread for the new owner.
        QTRY_COMPARE(m_handler.taken->bytesAvailable(), qint64(14));
        QCOMPARE(m_handler.taken->readAll(), QByteArray("after the head"));
        QCOMPARE(m_counters.httpResponses, quint64(0));
        m_handler.taken->setParent(nullptr);
        delete m_handler.taken;
    }

    void abortAllDropsEveryConnection()
    {
        test::Loopback a = test::connectLoopback();
        test::Loopback b = test::connectLoopback();
        m_server->take(a.server);
        m_server->take(b.server);
        QCOMPARE(m_server->size(), 2);
        m_server->abortAll();
        QCOMPARE(m_server->size(), 0);
        QTRY_COMPARE(a.client->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(b.client->state(), QAbstractSocket::UnconnectedState);
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_httpserver.moc"
