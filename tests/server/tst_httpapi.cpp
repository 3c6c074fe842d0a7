#include "history.h"
#include "httpapi.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace ziggie;

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
    HttpResponse get(const char *target, QByteArray extra = {})
    {
        const auto p = parseRequestHead("GET " + QByteArray(target) + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n");
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
