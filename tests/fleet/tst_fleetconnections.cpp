// FleetConnections: a new list keeps the RemoteHost (its connection and history) of every
// host that did not change, connects the new ones, drops the rest after saying so, and
// names a nameless host after its address. Hosts point at a closed loopback port, so the
// connections fail at once and are counted down.

#include "fleetconnections.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using ziggie::FleetConnections;
using ziggie::FleetHostConfig;
using ziggie::RemoteHost;

namespace {

quint16 closedPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0; // closed when probe goes
}

FleetHostConfig host(const QString &name, quint16 port, const QString &token = QString())
{
    return {name, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), token};
}

} // namespace

class TestFleetConnections : public QObject
{
    Q_OBJECT

private slots:
    void unchangedHostsKeepTheirConnection()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        FleetConnections connections;
        connections.setBackoffBaseMs(60000);
        QVERIFY(connections.setHosts({host(QStringLiteral("a"), port), host(QStringLiteral("b"), port)}));
        QCOMPARE(connections.count(), 2);
        RemoteHost *a = connections.host(0);
        RemoteHost *b = connections.host(1);
        QVERIFY(!connections.setHosts(connections.configs())); // the same list touches nothing

        QSignalSpy removing(&connections, &FleetConnections::removing);
        QVERIFY(connections.setHosts({host(QStringLiteral("b"), port), host(QStringLiteral("c"), port, QStringLiteral("t"))}));
        QCOMPARE(connections.count(), 2);
        QCOMPARE(connections.host(0), b); // kept, now first
        QVERIFY(connections.host(1) != a);
        QCOMPARE(connections.host(1)->name(), QStringLiteral("c"));
        QCOMPARE(connections.host(1)->token(), QStringLiteral("t"));
        QCOMPARE(removing.size(), 1);
        QCOMPARE(removing.first().at(0).value<RemoteHost *>(), a);
    }

    void namelessHostsAreNamedAfterTheirAddress()
    {
        FleetConnections connections;
        connections.setBackoffBaseMs(60000);
        QVERIFY(connections.setHosts({{QString(), QUrl(QStringLiteral("http://127.0.0.1:9")), QString()}}));
        QCOMPARE(connections.host(0)->name(), QStringLiteral("127.0.0.1"));
        QVERIFY(!connections.setHosts({{QStringLiteral("127.0.0.1"), QUrl(QStringLiteral("http://127.0.0.1:9")), QString()}}));
    }

    void refusedHostsAreCountedDown()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        FleetConnections connections;
        connections.setBackoffBaseMs(60000);
        QSignalSpy states(&connections, &FleetConnections::stateChanged);
        connections.setHosts({host(QStringLiteral("a"), port), host(QStringLiteral("b"), port)});
        QTRY_COMPARE(connections.downCount(), 2);
        QVERIFY(!states.isEmpty());
        for (const QList<QVariant> &state : std::as_const(states)) {
            const int index = state.at(1).toInt();
            QCOMPARE(state.at(0).value<RemoteHost *>(), connections.host(index));
        }
    }
};

QTEST_GUILESS_MAIN(TestFleetConnections)
#include "tst_fleetconnections.moc"
