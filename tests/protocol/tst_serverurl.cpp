// ServerUrl, the one builder of the server's URLs: http/ws, or https/wss under TLS; IPv6
// hosts in brackets; an unspecified bind address reached on loopback of its family; the
// token in the authenticated stream's query; a typed address keeps the path it names.

#include "serverurl.h"

#include <QTest>

using namespace ziggie;

class TestServerUrl : public QObject
{
    Q_OBJECT

    static void row(const char *name, const char *host, int port, bool tls, const char *dashboard, const char *stream)
    {
        QTest::newRow(name) << QString::fromLatin1(host) << port << tls << QString::fromLatin1(dashboard)
                            << QString::fromLatin1(stream);
    }

private slots:
    void urls_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("dashboard");
        QTest::addColumn<QString>("stream");
        row("loopback", "127.0.0.1", 54112, false, "http://127.0.0.1:54112/", "ws://127.0.0.1:54112/ws");
        row("tls", "10.0.0.5", 8443, true, "https://10.0.0.5:8443/", "wss://10.0.0.5:8443/ws");
        row("ipv6", "::1", 54112, false, "http://[::1]:54112/", "ws://[::1]:54112/ws");
        row("ipv6 lan tls", "fd12:3456::7", 443, true, "https://[fd12:3456::7]:443/", "wss://[fd12:3456::7]:443/ws");
        row("any ipv4", "0.0.0.0", 54112, false, "http://127.0.0.1:54112/", "ws://127.0.0.1:54112/ws");
        row("any ipv6", "::", 54112, false, "http://[::1]:54112/", "ws://[::1]:54112/ws");
        row("any ipv6, long", "0:0:0:0:0:0:0:0", 1, false, "http://[::1]:1/", "ws://[::1]:1/ws");
        row("name", "localhost", 54112, false, "http://localhost:54112/", "ws://localhost:54112/ws");
        row("default port", "lab.lan", -1, true, "https://lab.lan/", "wss://lab.lan/ws");
    }

    void urls()
    {
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, tls);
        QFETCH(QString, dashboard);
        QFETCH(QString, stream);
        const ServerUrl server{host, port, tls};
        QCOMPARE(server.dashboard().toString(), dashboard);
        QCOMPARE(server.stream(Endpoint::Public).toString(), stream);
        QCOMPARE(server.stream(Endpoint::Authenticated).toString(),
                 stream.chopped(3) + QStringLiteral("/api/system/ws"));
    }

    void theTokenGoesInTheQuery()
    {
        const ServerUrl server{QStringLiteral("127.0.0.1"), 54112, false};
        QCOMPARE(server.stream(Endpoint::Authenticated, QStringLiteral("s3cret-token")).toString(),
                 QStringLiteral("ws://127.0.0.1:54112/api/system/ws?token=s3cret-token"));
        QCOMPARE(server.stream(Endpoint::Authenticated, QStringLiteral("a&b=c")).query(QUrl::FullyEncoded),
                 QStringLiteral("token=a%26b%3Dc"));
    }

    void aConfigurationSaysWhereItWillServe()
    {
        Config config;
        QCOMPARE(ServerUrl::of(config), (ServerUrl{QStringLiteral("127.0.0.1"), 54112, false}));
        config.host = QStringLiteral("::");
        config.port = 9000;
        config.tlsCertificate = QStringLiteral("/etc/ziggie/cert.pem");
        config.tlsKey = QStringLiteral("/etc/ziggie/key.pem");
        QCOMPARE(ServerUrl::of(config).stream(Endpoint::Authenticated, QStringLiteral("t0ken-t0ken")).toString(),
                 QStringLiteral("wss://[::1]:9000/api/system/ws?token=t0ken-t0ken"));
    }

    void typedAddresses_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("authenticated");
        QTest::addColumn<QString>("stream");
        const auto typed = [](const char *name, const char *url, bool authenticated, const char *stream) {
            QTest::newRow(name) << QString::fromLatin1(url) << authenticated << QString::fromLatin1(stream);
        };
        typed("http", "http://10.0.0.5:54112", false, "ws://10.0.0.5:54112/ws");
        typed("http with token", "http://10.0.0.5:54112", true, "ws://10.0.0.5:54112/api/system/ws");
        typed("https, slash", "https://h:8443/", false, "wss://h:8443/ws");
        typed("upper case", "HTTPS://h:8443", false, "wss://h:8443/ws");
        typed("ws", "ws://h:1", false, "ws://h:1/ws");
        typed("wss with a path", "wss://h/custom", true, "wss://h/custom");
        typed("ipv6", "http://[fe80::1]:54112", false, "ws://[fe80::1]:54112/ws");
    }

    void typedAddresses()
    {
        QFETCH(QString, typed);
        QFETCH(bool, authenticated);
        QFETCH(QString, stream);
        const QUrl url = ServerUrl::typedStream(QUrl(typed), authenticated ? Endpoint::Authenticated : Endpoint::Public);
        QCOMPARE(url.toString(), stream);
        QVERIFY(!url.hasQuery()); // a fleet client sends its token as a header
    }
};

QTEST_GUILESS_MAIN(TestServerUrl)
#include "tst_serverurl.moc"
