// The Engine, the face the desktop and main see, on an ephemeral loopback port: it samples
// before it listens, names its URLs, follows its clients, rebinds on a new port, and its
// shutdown says goodbye with 1001 and finishes once the clients are gone — or after the
// grace period when one never answers.

#include "engine.h"
#include "history.h"
#include "statssampler.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>

using namespace ziggie;

namespace {

Config testConfig(quint16 port = 0)
{
    Config config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.intervalMs = 200;
    config.token = QStringLiteral("engine-token-0123456789");
    return config;
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void startsSampledAndNamesItsUrls()
    {
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(), &error), qPrintable(error));
        QVERIFY(engine.isListening());
        QVERIFY(engine.history().size() >= 1); // the first client already has a sample
        QVERIFY(engine.sampler().isActive());
        const int port = engine.dashboardUrl().port();
        QVERIFY(port > 0);
        QCOMPARE(engine.dashboardUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        QCOMPARE(engine.streamUrl(), QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
        const QUrl authenticated = engine.authenticatedUrl();
        QCOMPARE(authenticated.path(), QStringLiteral("/api/system/ws"));
        QCOMPARE(QUrlQuery(authenticated).queryItemValue(QStringLiteral("token")), testConfig().token);
        engine.shutdown();
    }

    void aTakenPortIsReportedAndSamplingGoesOn()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        Engine engine;
        QString error;
        QVERIFY(!engine.start(testConfig(squatter.serverPort()), &error));
        QVERIFY2(error.contains(QStringLiteral("127.0.0.1:%1").arg(squatter.serverPort())), qPrintable(error));
        QVERIFY(!engine.isListening());
        QVERIFY(engine.sampler().isActive());
        QCOMPARE(engine.dashboardUrl().port(), int(squatter.serverPort())); // where it was asked to serve
    }

    void reconfigureAppliesLive()
    {
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(), &error), qPrintable(error));
        QSignalSpy changed(&engine, &Engine::configChanged);
        QTcpServer probe; // a free port to move to
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 next = probe.serverPort();
        probe.close();

        Config config = engine.config();
        config.intervalMs = 500;
        config.port = next;
        QVERIFY2(engine.reconfigure(config, &error), qPrintable(error));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(engine.sampler().intervalMs(), 500);
        QCOMPARE(engine.dashboardUrl().port(), int(next));
        QVERIFY(engine.isListening());
        engine.shutdown();
    }

    void followsItsClientsAndSaysGoodbye()
    {
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(), &error), qPrintable(error));
        QSignalSpy counts(&engine, &Engine::clientCountChanged);
        QWebSocket client;
        client.open(engine.streamUrl());
        QTRY_COMPARE(engine.clientCount(Endpoint::Public), 1);
        QCOMPARE(engine.clientCount(Endpoint::Authenticated), 0);
        QVERIFY(!counts.isEmpty());
        QCOMPARE(counts.last().at(0).toInt(), 1);

        QSignalSpy finished(&engine, &Engine::finished);
        QSignalSpy closed(&client, &QWebSocket::disconnected);
        engine.shutdown();
        QVERIFY(!engine.isListening());
        QVERIFY(!engine.sampler().isActive());
        QTRY_COMPARE(finished.size(), 1);
        QTRY_COMPARE(closed.size(), 1);
        QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        engine.shutdown(); // a second request (another signal) finishes nothing twice
        QCoreApplication::processEvents();
        QCOMPARE(finished.size(), 1);
    }

    void withoutClientsShutdownFinishesAtOnce()
    {
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(), &error), qPrintable(error));
        QSignalSpy finished(&engine, &Engine::finished);
        engine.shutdown();
        QCOMPARE(finished.size(), 1);
    }

    void aClientThatNeverAnswersWaitsOnlyTheGrace()
    {
        Engine engine;
        QString error;
        QVERIFY2(engine.start(testConfig(), &error), qPrintable(error));
        // A handshake by hand, and then nothing: this client will never answer the close.
        QTcpSocket mute;
        mute.connectToHost(QHostAddress::LocalHost, quint16(engine.dashboardUrl().port()));
        QVERIFY(mute.waitForConnected(5000));
        mute.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        QTRY_COMPARE(engine.clientCount(Endpoint::Public), 1);

        QSignalSpy finished(&engine, &Engine::finished);
        QElapsedTimer waited;
        waited.start();
        engine.shutdown();
        QCOMPARE(finished.size(), 0);
        QVERIFY(finished.wait(Engine::ShutdownGraceMs * 3));
        QVERIFY(waited.elapsed() >= Engine::ShutdownGraceMs * 9 / 10); // a coarse timer may fire 5 % early
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
