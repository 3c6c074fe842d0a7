// FleetAlerts on its own: CPU sustained over the threshold raises one alert per episode and
// per machine (this one and each remote apart), a removed host takes its alerts along, and
// a host that went down after it had been connected or refused its token raises its own,
// read from real RemoteHosts against stand-in servers on loopback.

#include "fleetalerts.h"
#include "remotehost.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <memory>

using ziggie::FleetAlertRule;
using ziggie::FleetAlerts;
using ziggie::RemoteHost;
using ziggie::Sample;

namespace {

Sample at(qint64 ms, double cpu)
{
    Sample s;
    s.timestampUs = 1'700'000'000'000'000 + ms * 1000;
    s.cpuPercent = cpu;
    return s;
}

QUrl urlOf(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace

class TestFleetAlerts : public QObject
{
    Q_OBJECT

private slots:
    void anAlertNamesTheCulpritWhereKnown()
    {
        FleetAlerts alerts;
        alerts.setRule({90.0, 0, true});
        QSignalSpy raised(&alerts, &FleetAlerts::raised);
        Sample s = at(0, 97);
        auto table = std::make_shared<ziggie::ProcessTable>();
        table->topCpu = {{QStringLiteral("cc1plus"), 180.6, 1u << 28, 4711}};
        s.processes = table;
        alerts.checkSample(QStringLiteral("this"), QStringLiteral("This machine"), s);
        QCOMPARE(raised.size(), 1);
        QCOMPARE(raised.first().at(1).toString(), QStringLiteral("This machine: CPU above 90 % for 0 s — cc1plus 181 %"));
    }

    void sustainedCpuIsOneAlertPerEpisode()
    {
        FleetAlerts alerts;
        alerts.setRule({90.0, 1000, true});
        QSignalSpy raised(&alerts, &FleetAlerts::raised);
        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(0, 95));
        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(999, 95));
        QCOMPARE(raised.size(), 0);
        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(1000, 95));
        QCOMPARE(raised.size(), 1);
        QCOMPARE(raised.first().at(0).toString(), QStringLiteral("lab-1"));
        QCOMPARE(raised.first().at(1).toString(), QStringLiteral("lab-1: CPU above 90 % for 1 s"));
        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(5000, 99));
        QCOMPARE(raised.size(), 1);
        QCOMPARE(alerts.active(), QStringList{QStringLiteral("lab-1: CPU above 90 % for 1 s")});
        QCOMPARE(alerts.count(FleetAlerts::Kind::Cpu), 1);
        QCOMPARE(alerts.count(FleetAlerts::Kind::Down), 0);

        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(6000, 90)); // at the threshold: over
        QVERIFY(alerts.active().isEmpty());
        alerts.checkSample(QStringLiteral("lab-1"), QStringLiteral("lab-1"), at(7000, 95));
        QCOMPARE(raised.size(), 1); // a new episode starts its own wait
    }

    void withoutSustainTheFirstSampleAlerts()
    {
        FleetAlerts alerts;
        alerts.setRule({50.0, 0, true});
        QSignalSpy raised(&alerts, &FleetAlerts::raised);
        alerts.checkSample(QString(), QStringLiteral("desk"), at(0, 51));
        QCOMPARE(raised.size(), 1);
    }

    void thisMachineAndARemoteOfTheSameNameAreTwo()
    {
        FleetAlerts alerts;
        alerts.setRule({90.0, 0, true});
        QSignalSpy changed(&alerts, &FleetAlerts::changed);
        alerts.checkSample(QString(), QStringLiteral("desk"), at(0, 99));
        alerts.checkSample(QStringLiteral("desk"), QStringLiteral("desk"), at(0, 99));
        QCOMPARE(alerts.count(FleetAlerts::Kind::Cpu), 2);

        alerts.forget(QStringLiteral("desk")); // the remote went; this machine's alert stays
        QCOMPARE(alerts.count(FleetAlerts::Kind::Cpu), 1);
        QCOMPARE(changed.size(), 3);
        alerts.forget(QStringLiteral("desk"));
        QCOMPARE(changed.size(), 3); // nothing left to clear
    }

    void aHostThatWentDownAlertsUntilItIsBack()
    {
        QWebSocketServer server(QStringLiteral("stand-in"), QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        const quint16 port = server.serverPort();
        FleetAlerts alerts;
        QSignalSpy raised(&alerts, &FleetAlerts::raised);
        RemoteHost host(QStringLiteral("lab-2"), urlOf(port), QString());
        host.setBackoffBaseMs(50);
        connect(&host, &RemoteHost::stateChanged, &alerts, [&] { alerts.checkState(host); });
        host.start();
        QTRY_COMPARE(host.state(), RemoteHost::State::Connected);
        QCOMPARE(raised.size(), 0);

        server.close();
        qDeleteAll(server.findChildren<QWebSocket *>());
        QTRY_COMPARE(alerts.count(FleetAlerts::Kind::Down), 1);
        QCOMPARE(raised.size(), 1);
        QVERIFY(raised.first().at(1).toString().startsWith(QStringLiteral("lab-2: down (")));

        QVERIFY(server.listen(QHostAddress::LocalHost, port));
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), RemoteHost::State::Connected, 5000);
        QCOMPARE(alerts.count(FleetAlerts::Kind::Down), 0);
    }

    void aRefusedTokenAlertsUnlessTheRuleSaysNot()
    {
        // What a Ziggie answers a wrong token with, before any handshake.
        QTcpServer refusing;
        QVERIFY(refusing.listen(QHostAddress::LocalHost, 0));
        connect(&refusing, &QTcpServer::newConnection, this, [&refusing] {
            QTcpSocket *socket = refusing.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->readAll();
                socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
            });
        });
        for (const bool hostDown : {true, false}) {
            FleetAlerts alerts;
            alerts.setRule({90.0, 60000, hostDown});
            RemoteHost host(QStringLiteral("vault"), urlOf(refusing.serverPort()), QStringLiteral("wrong-token"));
            connect(&host, &RemoteHost::stateChanged, &alerts, [&] { alerts.checkState(host); });
            host.start();
            QTRY_COMPARE(host.state(), RemoteHost::State::Unauthorized);
            QCOMPARE(alerts.active(),
                     hostDown ? QStringList{QStringLiteral("vault: unauthorized — check its token")} : QStringList());
        }
    }
};

QTEST_GUILESS_MAIN(TestFleetAlerts)
#include "tst_fleetalerts.moc"
