// RemoteHost on its own: the wire JSON back into a Sample, the stream URL it opens, the
// browser client's backoff (doubling, capped, ten retries, then manual), and a wss:// host
// with an untrusted certificate reported as such instead of being trusted or retried.

#include "remotehost.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTcpServer>
#include <QTest>
#include <QWebSocketServer>

using ziggie::RemoteHost;

namespace {

quint16 closedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort(); // closed again when probe goes out of scope
}

} // namespace

class TestRemoteHost : public QObject
{
    Q_OBJECT

private slots:
    void streamUrlFollowsTheToken()
    {
        const QUrl base(QStringLiteral("http://10.0.0.5:54112"));
        QCOMPARE(RemoteHost(QString(), base, QString()).streamUrl(), QUrl(QStringLiteral("ws://10.0.0.5:54112/ws")));
        QCOMPARE(RemoteHost(QString(), base, QStringLiteral("t")).streamUrl(),
                 QUrl(QStringLiteral("ws://10.0.0.5:54112/api/system/ws")));
        QCOMPARE(RemoteHost(QString(), QUrl(QStringLiteral("https://h:8443/")), QString()).streamUrl(),
                 QUrl(QStringLiteral("wss://h:8443/ws")));
        QCOMPARE(RemoteHost(QString(), QUrl(QStringLiteral("wss://h/custom")), QString()).streamUrl(),
                 QUrl(QStringLiteral("wss://h/custom")));
    }

    void backsOffThenGivesUp()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        RemoteHost host(QStringLiteral("gone"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), QString());
        host.setBackoffBaseMs(10);
        QList<qint64> delays;
        connect(&host, &RemoteHost::retryScheduled, this, [&](int retry, int delayMs) {
            QCOMPARE(retry, delays.size() + 1);
            delays.append(delayMs);
        });
        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(host.gaveUp(), 10000);
        QCOMPARE(host.state(), RemoteHost::State::Disconnected);
        QCOMPARE(host.retry(), RemoteHost::MaxRetries);
        QCOMPARE(host.connectAttempts(), 1 + RemoteHost::MaxRetries);
        QVERIFY(host.message().contains(QStringLiteral("gave up")));
        QCOMPARE(delays.size(), RemoteHost::MaxRetries);
        // 10, 20, 40, 80, 160, then capped at 30 x base = 300 ms.
        const QList<qint64> expected{10, 20, 40, 80, 160, 300, 300, 300, 300, 300};
        QCOMPARE(delays, expected);

        // Manual reconnect starts over.
        host.reconnect();
        QCOMPARE(host.connectAttempts(), 2 + RemoteHost::MaxRetries);
        QVERIFY(!host.gaveUp());
        host.stop();
    }

    void untrustedCertificateIsShownNotIgnored()
    {
        QFile certFile(QStringLiteral(ZIGGIE_FLEET_DATA "/selfsigned.crt"));
        QFile keyFile(QStringLiteral(ZIGGIE_FLEET_DATA "/selfsigned.key"));
        QVERIFY(certFile.open(QIODevice::ReadOnly));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
        tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        QWebSocketServer server(QStringLiteral("tls"), QWebSocketServer::SecureMode);
        server.setSslConfiguration(tls);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QSignalSpy accepted(&server, &QWebSocketServer::newConnection);

        RemoteHost host(QStringLiteral("tls"), QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort())),
                        QString());
        host.setBackoffBaseMs(10);
        host.start();
        QTRY_VERIFY_WITH_TIMEOUT(host.gaveUp(), 5000);
        QCOMPARE(host.state(), RemoteHost::State::Disconnected);
        QVERIFY2(host.message().startsWith(QStringLiteral("certificate error:")), qPrintable(host.message()));
        QCOMPARE(host.connectAttempts(), 1); // not retried: it will not fix itself
        QCOMPARE(accepted.count(), 0);       // and never trusted
    }
};

QTEST_GUILESS_MAIN(TestRemoteHost)
#include "tst_remotehost.moc"
