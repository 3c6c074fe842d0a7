// The opening handshake: RFC 6455's own example, and the refusals of a malformed upgrade.
#include "websocket/wshandshake.h"

#include <QTest>

using namespace ziggie;

namespace {
HttpRequest upgrade(const QByteArray &extra = {}, const QByteArray &key = "dGhlIHNhbXBsZSBub25jZQ==")
{
    const QByteArray head = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" + extra
                            + (key.isEmpty() ? QByteArray() : "Sec-WebSocket-Key: " + key + "\r\n") + "\r\n";
    return parseRequestHead(head).request;
}
const QByteArray Usual = "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n";
} // namespace

class TestWsHandshake : public QObject
{
    Q_OBJECT

private slots:
    void acceptKeyIsTheRfcExample()
    {
        QCOMPARE(ws::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void answers101()
    {
        const ws::Handshake h = ws::answerUpgrade(upgrade(Usual));
        QCOMPARE(h.status, 101);
        QVERIFY(h.response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        QVERIFY(h.response.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QVERIFY(h.response.contains("\r\nUpgrade: websocket\r\n"));
        QVERIFY(h.response.endsWith("\r\n\r\n"));
        QVERIFY(!h.response.contains("Sec-WebSocket-Extensions")); // nothing negotiated
    }

    void refusesMalformedUpgrades_data()
    {
        QTest::addColumn<QByteArray>("extra");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<int>("status");
        QTest::newRow("no Connection: upgrade") << QByteArray("Sec-WebSocket-Version: 13\r\n")
                                                << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << 400;
        QTest::newRow("version 8") << QByteArray("Connection: Upgrade\r\nSec-WebSocket-Version: 8\r\n")
                                   << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << 426;
        QTest::newRow("no key") << Usual << QByteArray() << 400;
        QTest::newRow("key not base64") << Usual << QByteArray("not*base64*at*all") << 400;
        QTest::newRow("key of 8 bytes") << Usual << QByteArray("AAAAAAAAAAA=") << 400;
        QTest::newRow("two keys") << Usual + "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n"
                                  << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << 400;
    }

    void refusesMalformedUpgrades()
    {
        QFETCH(QByteArray, extra);
        QFETCH(QByteArray, key);
        QFETCH(int, status);
        const ws::Handshake h = ws::answerUpgrade(upgrade(extra, key));
        QCOMPARE(h.status, status);
        QVERIFY(h.response.isEmpty());
        QVERIFY(!h.problem.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWsHandshake)
#include "tst_wshandshake.moc"
