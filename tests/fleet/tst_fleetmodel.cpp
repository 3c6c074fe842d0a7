// FleetModel against real ziggie processes: two hosts fill their histories, a killed host
// shows disconnected and comes back by itself when restarted on the same port, a wrong
// token ends in "unauthorized" after one attempt. Also the settings round trip and alerts.

#include "../support/headlessprocess.h"
#include "fleetmodel.h"
#include "history.h"
#include "settings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using ziggie::FleetHostConfig;
using ziggie::FleetModel;
using ziggie::FleetStore;
using ziggie::RemoteHost;

namespace {

using Server = ziggie::test::HeadlessProcess;

QUrl httpUrl(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace

class TestFleetModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    Server start(const QString &tag, quint16 port, const QString &token = QString())
    {
        QStringList args{QStringLiteral("--port"), QString::number(port), QStringLiteral("--interval"),
                         QStringLiteral("0.2"), QStringLiteral("--settings"), m_dir.filePath(tag + QStringLiteral(".conf"))};
        if (!token.isEmpty())
            args << QStringLiteral("--token") << token;
        return ziggie::test::startHeadless(QStringLiteral(ZIGGIE_BINARY), args);
    }

    static void stop(Server &s) { ziggie::test::stopHeadless(s); }

private slots:
    void twoHostsFillAndSurviveARestart()
    {
        Server plain = start(QStringLiteral("plain"), 0);
        Server guarded = start(QStringLiteral("guarded"), 0, QStringLiteral("T0ken-fleet"));
        QVERIFY(plain.port != 0);
        QVERIFY(guarded.port != 0);

        ziggie::Settings settings(m_dir.filePath(QStringLiteral("desk.conf")));
        ziggie::History local;
        FleetModel fleet(settings, local);
        fleet.setBackoffBaseMs(50);
        QSignalSpy alerts(&fleet, &FleetModel::alert);
        fleet.addHost({QStringLiteral("plain"), httpUrl(plain.port), QString()});
        fleet.addHost({QStringLiteral("guarded"), httpUrl(guarded.port), QStringLiteral("T0ken-fleet")});
        QCOMPARE(fleet.hostCount(), 2);
        RemoteHost *a = fleet.host(0);
        RemoteHost *b = fleet.host(1);
        QCOMPARE(b->streamUrl().path(), QStringLiteral("/api/system/ws"));

        QTRY_COMPARE_WITH_TIMEOUT(a->state(), RemoteHost::State::Connected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b->state(), RemoteHost::State::Connected, 5000);
        // Live ticks at 0.2 s: both histories keep filling beyond what the first message held.
        const int aBefore = a->history().size();
        QTRY_VERIFY_WITH_TIMEOUT(a->history().size() >= qMin(aBefore + 3, 30), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(b->history().size() >= 3, 5000);
        const auto sample = b->history().latest();
        QVERIFY(sample.has_value());
        QVERIFY(sample->memoryTotal > 0);
        QVERIFY(sample->memoryUsed <= sample->memoryTotal);
        QVERIFY(sample->cpuPercent >= 0 && sample->cpuPercent <= 100);

        // Kill the plain host: it shows disconnected and a "down" alert is raised once.
        const quint16 port = plain.port;
        plain.process->kill();
        plain.process->waitForFinished(5000);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), RemoteHost::State::Disconnected, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!alerts.isEmpty(), 2000);
        QCOMPARE(alerts.first().at(0).toString(), QStringLiteral("plain"));
        QCOMPARE(fleet.downCount(), 1);
        QCOMPARE(b->state(), RemoteHost::State::Connected);
        const qint64 lastBeforeRestart = a->history().latest()->timestampUs;

        // Restarted on the same port, it is found again without any manual reconnect.
        Server again = start(QStringLiteral("plain"), port);
        QCOMPARE(again.port, port);
        QTRY_COMPARE_WITH_TIMEOUT(a->state(), RemoteHost::State::Connected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(a->history().latest()->timestampUs > lastBeforeRestart, 5000);
        QVERIFY(fleet.activeAlerts().isEmpty());
        QCOMPARE(fleet.downCount(), 0);

        stop(again);
        stop(guarded);
    }

    void wrongTokenIsUnauthorizedAndNotRetried()
    {
        Server guarded = start(QStringLiteral("guarded2"), 0, QStringLiteral("right-token"));
        QVERIFY(guarded.port != 0);
        RemoteHost host(QStringLiteral("wrong"), httpUrl(guarded.port), QStringLiteral("wrong-token"));
        host.setBackoffBaseMs(50);
        host.start();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), RemoteHost::State::Unauthorized, 5000);
        QVERIFY(host.gaveUp());
        // With 50 ms backoff, a retrying client would have made many attempts within a second.
        QTest::qWait(1000);
        QCOMPARE(host.state(), RemoteHost::State::Unauthorized);
        QVERIFY2(host.connectAttempts() <= 2, qPrintable(QString::number(host.connectAttempts())));
        stop(guarded);
        const QByteArray err = guarded.process->readAllStandardError();
        QVERIFY2(err.count("refused authentication") <= 2, err.constData());

        // A manual reconnect tries again (once more, still refused).
        host.reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(host.state(), RemoteHost::State::Disconnected, 5000);
    }

    void hostsPersistInSettings()
    {
        const QString file = m_dir.filePath(QStringLiteral("persist.conf"));
        ziggie::History local;
        {
            ziggie::Settings settings(file);
            FleetModel fleet(settings, local);
            fleet.addHost({QStringLiteral("one"), QUrl(QStringLiteral("http://127.0.0.1:9")), QString()});
            fleet.addHost({QStringLiteral("two"), QUrl(QStringLiteral("http://127.0.0.1:10")), QStringLiteral("s3")});
            fleet.addHost({QStringLiteral("three"), QUrl(QStringLiteral("https://example.invalid:1")), QString()});
            fleet.removeHost(2);
            fleet.editHost(0, {QStringLiteral("uno"), QUrl(QStringLiteral("http://127.0.0.1:11")), QString()});
        }
        ziggie::Settings settings(file);
        const QList<FleetHostConfig> hosts = FleetStore(settings).hosts();
        QCOMPARE(hosts.size(), 2);
        QCOMPARE(hosts.at(0).name, QStringLiteral("uno"));
        QCOMPARE(hosts.at(0).url, QUrl(QStringLiteral("http://127.0.0.1:11")));
        QCOMPARE(hosts.at(1).token, QStringLiteral("s3"));
    }

    void sustainedCpuRaisesOneAlert()
    {
        ziggie::Settings settings(m_dir.filePath(QStringLiteral("alerts.conf")));
        ziggie::History local;
        FleetModel fleet(settings, local);
        fleet.setAlertRule({90.0, 1000, true});
        QSignalSpy alerts(&fleet, &FleetModel::alert);
        auto tick = [&](qint64 ms, double cpu) {
            ziggie::Sample s;
            s.timestampUs = 1'700'000'000'000'000 + ms * 1000;
            s.cpuPercent = cpu;
            local.append(s);
        };
        tick(0, 95);
        tick(500, 97);
        QCOMPARE(alerts.size(), 0); // not sustained yet
        tick(1000, 99);
        QCOMPARE(alerts.size(), 1);
        QVERIFY(alerts.first().at(1).toString().contains(QStringLiteral("CPU above 90")));
        tick(1500, 99);
        QCOMPARE(alerts.size(), 1); // once per episode
        QCOMPARE(fleet.activeAlerts().size(), 1);
        tick(2000, 10);
        QVERIFY(fleet.activeAlerts().isEmpty());
        tick(2500, 95); // a short spike is not an alert
        QCOMPARE(alerts.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestFleetModel)
#include "tst_fleetmodel.moc"
