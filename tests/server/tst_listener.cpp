// The Listener on loopback: accepted connections handed on and counted per address, a taken
// port refused with a message naming the address, TLS connections handed on only once
// encrypted, and — where this machine has an address beyond loopback — a capped address
// turned away with 503.

#include "listener.h"

#include <QFile>
#include <QNetworkInterface>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using namespace ziggie;

namespace {

QSslConfiguration serverTls()
{
    QFile cert(QStringLiteral(ZIGGIE_FLEET_DATA "/selfsigned.crt"));
    QFile key(QStringLiteral(ZIGGIE_FLEET_DATA "/selfsigned.key"));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    if (cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
        tls.setLocalCertificate(QSslCertificate(cert.readAll()));
        tls.setPrivateKey(QSslKey(key.readAll(), QSsl::Rsa));
    }
    return tls;
}

QHostAddress nonLoopbackAddress()
{
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
            return address;
    }
    return {};
}

} // namespace

class TestListener : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<QTcpSocket *>(); } // accepted()'s argument, for QSignalSpy

    void acceptsAndCountsPerAddress()
    {
        Listener listener;
        QString error;
        QVERIFY2(listener.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QVERIFY(listener.isListening());
        QVERIFY(listener.serverPort() != 0);
        QCOMPARE(listener.serverAddress(), QHostAddress(QHostAddress::LocalHost));

        QSignalSpy accepted(&listener, &Listener::accepted);
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        QTRY_COMPARE(accepted.size(), 1);
        auto *socket = accepted.first().at(0).value<QTcpSocket *>();
        QVERIFY(socket);
        QCOMPARE(socket->peerPort(), client.localPort());
        QCOMPARE(listener.connectionsFrom(QHostAddress::LocalHost), 1);
        QCOMPARE(listener.connectionsFrom(QHostAddress(QStringLiteral("::ffff:127.0.0.1"))), 1);
        delete socket; // its taker gone, the address counts one less
        QCOMPARE(listener.connectionsFrom(QHostAddress::LocalHost), 0);

        listener.close();
        QVERIFY(!listener.isListening());
    }

    void aTakenPortIsNamed()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Listener listener;
        QString error;
        QVERIFY(!listener.listen(QHostAddress::LocalHost, squatter.serverPort(), &error));
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort())), qPrintable(error));

        QTcpServer squatter6;
        if (!squatter6.listen(QHostAddress::LocalHostIPv6, 0))
            QSKIP("no IPv6 loopback");
        QVERIFY(!listener.listen(QHostAddress::LocalHostIPv6, squatter6.serverPort(), &error));
        QVERIFY2(error.contains(QStringLiteral("[::1]:%1").arg(squatter6.serverPort())), qPrintable(error));
    }

    void tlsConnectionsAreHandedOnEncrypted()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        const QSslConfiguration tls = serverTls();
        QVERIFY(!tls.localCertificate().isNull());
        Listener listener;
        listener.setTls(&tls);
        QVERIFY(listener.isTls());
        QString error;
        QVERIFY2(listener.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        QSignalSpy accepted(&listener, &Listener::accepted);

        QSslSocket client;
        client.setPeerVerifyMode(QSslSocket::VerifyNone); // the test's own certificate
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), listener.serverPort());
        QTRY_COMPARE(accepted.size(), 1);
        auto *socket = qobject_cast<QSslSocket *>(accepted.first().at(0).value<QTcpSocket *>());
        QVERIFY(socket);
        QVERIFY(socket->isEncrypted());
        QTRY_VERIFY(client.isEncrypted());
        delete socket;
    }

    void anAddressOverItsCapIsTurnedAway()
    {
        const QHostAddress address = nonLoopbackAddress();
        if (address.isNull())
            QSKIP("this machine has no address beyond loopback");
        Listener listener;
        listener.setMaxConnectionsPerAddress(1);
        QString error;
        QVERIFY2(listener.listen(address, 0, &error), qPrintable(error));
        QSignalSpy accepted(&listener, &Listener::accepted);
        QSignalSpy refused(&listener, &Listener::refusedOverCap);

        QTcpSocket first;
        first.connectToHost(address, listener.serverPort());
        QTRY_COMPARE(accepted.size(), 1);
        QTcpSocket second;
        second.connectToHost(address, listener.serverPort());
        QTRY_COMPARE(refused.size(), 1);
        QByteArray answer;
        QTRY_VERIFY((answer += second.readAll(), answer.contains("\r\n\r\n")));
        QVERIFY2(answer.startsWith("HTTP/1.1 503 "), answer.constData());
        QCOMPARE(accepted.size(), 1);
        QCOMPARE(listener.connectionsFrom(address), 1);
        delete accepted.first().at(0).value<QTcpSocket *>();
    }
};

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"
