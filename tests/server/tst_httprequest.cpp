#include "http/httprequest.h"

#include <QTest>

using namespace ziggie;

class TestHttpRequest : public QObject
{
    Q_OBJECT

private slots:
    void parsesAnUpgrade()
    {
        const QByteArray head = "GET /api/system/ws?token=a%2Bb&x=1 HTTP/1.1\r\n"
                                "Host: 127.0.0.1:54112\r\n"
                                "Upgrade: WebSocket\r\n"
                                "Connection: Upgrade\r\n"
                                "Authorization:  Bearer xyz  \r\n"
                                "\r\n";
        const HeadParse p = parseRequestHead(head + "trailing frame bytes");
        QCOMPARE(p.status, HeadParse::Complete);
        QCOMPARE(p.headSize, head.size());
        QCOMPARE(p.request.method, QByteArray("GET"));
        QCOMPARE(p.request.path, QByteArray("/api/system/ws"));
        QCOMPARE(p.request.queryValue("token"), QByteArray("a+b"));
        QCOMPARE(p.request.queryValue("x"), QByteArray("1"));
        QCOMPARE(p.request.queryValue("missing"), QByteArray());
        QCOMPARE(p.request.header("authorization"), QByteArray("Bearer xyz"));
        QVERIFY(p.request.isWebSocketUpgrade());
        QVERIFY(!p.request.hasBody());
    }

    void acceptsBareLineFeeds()
    {
        const HeadParse p = parseRequestHead("GET /health HTTP/1.0\n\n");
        QCOMPARE(p.status, HeadParse::Complete);
        QCOMPARE(p.request.path, QByteArray("/health"));
    }

    void waitsForTheBlankLine()
    {
        QCOMPARE(parseRequestHead("").status, HeadParse::Incomplete);
        QCOMPARE(parseRequestHead("GET / HTTP/1.1\r\nHost: x\r\n").status, HeadParse::Incomplete);
    }

    void refusesHeadsOver8KiB()
    {
        QByteArray big = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(9 * 1024, 'a');
        QCOMPARE(parseRequestHead(big).status, HeadParse::TooLarge);
        big += "\r\n\r\n";
        QCOMPARE(parseRequestHead(big).status, HeadParse::TooLarge);
    }

    void detectsBodies()
    {
        auto p = parseRequestHead("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n");
        QVERIFY(p.request.hasBody());
        p = parseRequestHead("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        QVERIFY(p.request.hasBody());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::newRow("empty line first") << QByteArray("\r\n\r\n");
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\n\n", 8);
        QTest::newRow("two words") << QByteArray("GET /\r\nHost: x\r\n\r\n");
        QTest::newRow("four words") << QByteArray("GET / x HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n");
        QTest::newRow("absolute target") << QByteArray("GET http://a/ HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n");
        QTest::newRow("no host in 1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n");
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n");
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n");
        QTest::newRow("folded") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n");
        QTest::newRow("control char") << QByteArray("GET / HTTP/1.1\r\nHost: x\x01y\r\n\r\n");
        QTest::newRow("non-ascii target") << QByteArray("GET /\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n");
    }
    void malformed()
    {
        QFETCH(QByteArray, head);
        const HeadParse p = parseRequestHead(head);
        QCOMPARE(p.status, HeadParse::Malformed);
        QVERIFY(!p.problem.isEmpty());
    }
    void refusesRepeatedLengthsAndHosts_data()
    {
        QTest::addColumn<QByteArray>("head");
        // What a proxy in front might read differently from us (RFC 9112 §6.3, §3.2).
        QTest::newRow("two lengths") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                                                   "Content-Length: 40\r\n\r\n");
        QTest::newRow("two equal lengths") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                                         "content-length: 5\r\n\r\n");
        QTest::newRow("two hosts") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n");
    }

    void refusesRepeatedLengthsAndHosts()
    {
        QFETCH(QByteArray, head);
        const HeadParse p = parseRequestHead(head);
        QCOMPARE(p.status, HeadParse::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "tst_httprequest.moc"
