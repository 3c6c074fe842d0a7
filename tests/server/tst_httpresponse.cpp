// HttpResponse as it goes on the wire: the head's fields and their order, HEAD without a
// body, 204 and 304 without a length, and the JSON answers the server refuses with.

#include "http/httpresponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

class TestHttpResponse : public QObject
{
    Q_OBJECT

private slots:
    void serializesHeadThenBody()
    {
        HttpResponse r;
        r.body = "{\"a\":1}";
        r.withHeader("Vary", "Origin").withHeader("ETag", "\"x\"");
        QCOMPARE(r.serialize(), QByteArray("HTTP/1.1 200 OK\r\n"
                                           "Server: ziggie/" ZIGGIE_VERSION "\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 7\r\n"
                                           "X-Content-Type-Options: nosniff\r\n"
                                           "Vary: Origin\r\n"
                                           "ETag: \"x\"\r\n"
                                           "Connection: keep-alive\r\n"
                                           "\r\n"
                                           "{\"a\":1}"));
    }

    void headRequestsGetTheHeadAlone()
    {
        HttpResponse r;
        r.body = "0123456789";
        const QByteArray head = r.serialize(true);
        QVERIFY(head.endsWith("\r\n\r\n"));
        QVERIFY(head.contains("Content-Length: 10\r\n")); // what a GET would carry
        QCOMPARE(r.serialize(), head + r.body);
    }

    void noContentAndNotModifiedHaveNoLength()
    {
        const QByteArray noContent = HttpResponse::noContent().serialize();
        QVERIFY(noContent.startsWith("HTTP/1.1 204 No Content\r\n"));
        QVERIFY(!noContent.contains("Content-Length"));
        QVERIFY(!noContent.contains("\r\nContent-Type:"));
        HttpResponse notModified;
        notModified.status = 304;
        QVERIFY(!notModified.serialize().contains("Content-Length"));
    }

    void jsonIsNeverCached()
    {
        const HttpResponse r = HttpResponse::json(200, "[]");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("[]"));
        QCOMPARE(r.contentType, QByteArray("application/json"));
        QVERIFY(r.serialize().contains("Cache-Control: no-store\r\n"));
        QVERIFY(r.keepAlive);
    }

    void problemsSayWhyAndClose()
    {
        const HttpResponse r = HttpResponse::problem(403, QStringLiteral("origin \"x\" not allowed"));
        QCOMPARE(r.status, 403);
        QVERIFY(!r.keepAlive);
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(u"error").toInt(), 403);
        QCOMPARE(body.value(u"message").toString(), QStringLiteral("origin \"x\" not allowed"));
        const QByteArray wire = r.serialize();
        QVERIFY(wire.startsWith("HTTP/1.1 403 Forbidden\r\n"));
        QVERIFY(wire.contains("Connection: close\r\n\r\n"));
    }

    void reasonPhrases_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("phrase");
        QTest::newRow("200") << 200 << QByteArray("OK");
        QTest::newRow("204") << 204 << QByteArray("No Content");
        QTest::newRow("304") << 304 << QByteArray("Not Modified");
        QTest::newRow("400") << 400 << QByteArray("Bad Request");
        QTest::newRow("401") << 401 << QByteArray("Unauthorized");
        QTest::newRow("403") << 403 << QByteArray("Forbidden");
        QTest::newRow("404") << 404 << QByteArray("Not Found");
        QTest::newRow("405") << 405 << QByteArray("Method Not Allowed");
        QTest::newRow("408") << 408 << QByteArray("Request Timeout");
        QTest::newRow("426") << 426 << QByteArray("Upgrade Required");
        QTest::newRow("429") << 429 << QByteArray("Too Many Requests");
        QTest::newRow("431") << 431 << QByteArray("Request Header Fields Too Large");
        QTest::newRow("500") << 500 << QByteArray("Internal Server Error");
        QTest::newRow("503") << 503 << QByteArray("Service Unavailable");
        QTest::newRow("unknown") << 299 << QByteArray("Status");
    }

    void reasonPhrases()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, phrase);
        QCOMPARE(HttpResponse::reasonPhrase(status), phrase);
    }
};

QTEST_GUILESS_MAIN(TestHttpResponse)
#include "tst_httpresponse.moc"
