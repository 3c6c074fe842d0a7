#include "history.h"
#include "httpapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

namespace {

QByteArray header(const HttpResponse &r, QByteArrayView name)
{
    for (const auto &h : r.headers)
        if (h.first == name)
            return h.second;
    return {};
}

} // namespace

class TestHttpApi : public QObject
{
    Q_OBJECT

    History m_history;
    ServerCounters m_counters;

    ApiState state()
    {
        ApiState s;
        s.history = &m_history;
        s.intervalMs = 2000;
        s.publicClients = 2;
        s.authenticatedClients = 1;
        s.uptimeSecs = 5;
        s.counters = &m_counters;
        return s;
    }
    HttpResponse get(const char *target, QByteArray extra = {}, QByteArray host = "x")
    {
        const auto p = parseRequestHead("GET " + QByteArray(target) + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "\r\n");
        if (p.status != HeadParse::Complete)
            qFatal("bad test request");
        return answerHttp(p.request, state());
    }

private slots:
    void init()
    {
        Sample s;
        s.timestampUs = 1;
        s.cpuPercent = 3;
        m_history.append(s);
    }

    void health()
    {
        const HttpResponse r = get("/health");
        QCOMPARE(r.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(o.value(QLatin1String("interval_s")).toInt(), 2);
        QCOMPARE(o.value(QLatin1String("uptime_s")).toInt(), 5);
        QCOMPARE(o.value(QLatin1String("clients")).toObject().value(QLatin1String("public")).toInt(), 2);
        QCOMPARE(o.value(QLatin1String("clients")).toObject().value(QLatin1String("authenticated")).toInt(), 1);
        QVERIFY(o.contains(QLatin1String("version")));
    }

    void healthSaysDegradedWithTheReason()
    {
        Sample s;
        s.fault = QStringLiteral("cannot read /proc/stat");
        m_history.append(s);
        const QJsonObject o = QJsonDocument::fromJson(get("/health").body).object();
        QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("degraded"));
        QCOMPARE(o.value(QLatin1String("reason")).toString(), s.fault);
    }

    void restEndpoints()
    {
        HttpResponse r = get("/api/system/stats");
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QLatin1String("type")).toString(),
                 QStringLiteral("system_stats"));
        r = get("/api/system/history?x=1");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.startsWith(R"({"type":"history","interval_s":2,"samples":[)"));
        r = get("/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/plain; version=0.0.4"));
    }

    void unknownPathsAre404_data()
    {
        QTest::addColumn<QByteArray>("path");
        for (const char *path : {"/nope", "/../etc/passwd", "/.", "/./", "/ziggie-client.js/", "/index.html/",
                                 "//index.html", "/./index.html", "/web/index.html"})
            QTest::newRow(path) << QByteArray(path);
    }

    void unknownPathsAre404()
    {
        QFETCH(QByteArray, path);
        QCOMPARE(get(path.constData()).status, 404);
    }

    void servesTheDashboardWithEtags()
    {
        const HttpResponse r = get("/");
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.startsWith("text/html"));
        QByteArray etag;
        for (const auto &h : r.headers)
            if (h.first == "ETag")
                etag = h.second;
        QVERIFY(!etag.isEmpty());
        QCOMPARE(get("/", "If-None-Match: " + etag + "\r\n").status, 304);
        const HttpResponse js = get("/ziggie-client.js");
        QCOMPARE(js.status, 200);
        QVERIFY(js.contentType.startsWith("text/javascript"));
    }

    void dashboardFilesCarryTheSecurityHeaders_data()
    {
        QTest::addColumn<QByteArray>("path");
        for (const char *path : {"/", "/index.html", "/dashboard.js", "/dashboard.css", "/chart.js",
                                 "/ziggie-client.js", "/favicon.svg"})
            QTest::newRow(path) << QByteArray(path);
    }

    void dashboardFilesCarryTheSecurityHeaders()
    {
        QFETCH(QByteArray, path);
        const QByteArray policy = "default-src 'self'; connect-src 'self' ws://127.0.0.1:54112 wss://127.0.0.1:54112; "
                                  "base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";
        const HttpResponse r = get(path.constData(), {}, "127.0.0.1:54112");
        QCOMPARE(r.status, 200);
        QCOMPARE(header(r, "Content-Security-Policy"), policy);
        QCOMPARE(header(r, "Referrer-Policy"), QByteArray("no-referrer"));
        QCOMPARE(header(r, "Cross-Origin-Opener-Policy"), QByteArray("same-origin"));
        QVERIFY(r.serialize(true).contains("\r\nX-Content-Type-Options: nosniff\r\n"));
        // A revalidation keeps them: a browser updates what it stored from the 304's headers.
        const HttpResponse again = get(path.constData(), "If-None-Match: " + header(r, "ETag") + "\r\n", "127.0.0.1:54112");
        QCOMPARE(again.status, 304);
        QCOMPARE(header(again, "Content-Security-Policy"), policy);
        QCOMPARE(header(again, "Referrer-Policy"), QByteArray("no-referrer"));
        QCOMPARE(header(again, "Cross-Origin-Opener-Policy"), QByteArray("same-origin"));
    }

    void policyNamesTheSocketAfterTheHost_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("connectSrc");
        QTest::newRow("localhost") << QByteArray("localhost:8080") << QByteArray("'self' ws://localhost:8080 wss://localhost:8080");
        QTest::newRow("IPv6") << QByteArray("[::1]:54112") << QByteArray("'self' ws://[::1]:54112 wss://[::1]:54112");
        QTest::newRow("name, default port") << QByteArray("box.lan") << QByteArray("'self' ws://box.lan wss://box.lan");
        // HTTP/1.0 may omit Host, and nothing that is not a host may become a directive.
        QTest::newRow("no Host") << QByteArray() << QByteArray("'self'");
        QTest::newRow("directive") << QByteArray("x; script-src *") << QByteArray("'self'");
        QTest::newRow("two sources") << QByteArray("x *") << QByteArray("'self'");
        QTest::newRow("quote") << QByteArray("x'") << QByteArray("'self'");
    }

    void policyNamesTheSocketAfterTheHost()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, connectSrc);
        const auto r = staticFile("/", {}, host);
        QVERIFY(r);
        QCOMPARE(r->status, 200);
        const QList<QByteArray> directives = header(*r, "Content-Security-Policy").split(';');
        QCOMPARE(directives.size(), 6);
        QCOMPARE(directives.at(1).trimmed(), "connect-src " + connectSrc);
        QCOMPARE(directives.last().trimmed(), QByteArray("frame-ancestors 'none'"));
    }

    void restAnswersKeepTheirHeaders()
    {
        for (const char *path : {"/health", "/api/system/stats", "/api/system/history", "/metrics", "/nope"}) {
            const HttpResponse r = get(path);
            QVERIFY2(header(r, "Content-Security-Policy").isNull(), path);
            QVERIFY2(header(r, "Referrer-Policy").isNull(), path);
            QVERIFY2(header(r, "Cross-Origin-Opener-Policy").isNull(), path);
        }
    }

    void headOmitsTheBodyButKeepsItsLength()
    {
        const HttpResponse r = get("/health");
        const QByteArray head = r.serialize(true);
        QVERIFY(head.endsWith("\r\n\r\n"));
        QVERIFY(head.contains("Content-Length: " + QByteArray::number(r.body.size())));
    }
};

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"
