// FleetStore against a real settings file: the hosts come back in order with their tokens,
// unusable entries are skipped and nameless ones named after their address; the alert
// rule has its defaults and keeps the sustain time in seconds.

#include "fleetstore.h"
#include "settings.h"

#include <QTemporaryDir>
#include <QTest>
#include <QVariantMap>

using ziggie::FleetAlertRule;
using ziggie::FleetHostConfig;
using ziggie::FleetStore;
using ziggie::Settings;

class TestFleetStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void hostsRoundTrip()
    {
        const QString file = m_dir.filePath(QStringLiteral("hosts.conf"));
        const QList<FleetHostConfig> hosts{
            {QStringLiteral("build"), QUrl(QStringLiteral("http://10.0.0.2:54112")), QString()},
            {QStringLiteral("vault"), QUrl(QStringLiteral("https://vault.lan:8443")), QStringLiteral("s3cret-token")},
        };
        {
            Settings settings(file);
            FleetStore(settings).setHosts(hosts);
        }
        Settings settings(file);
        QCOMPARE(FleetStore(settings).hosts(), hosts);
    }

    void unusableEntriesAreSkippedAndNamelessOnesNamed()
    {
        Settings settings(m_dir.filePath(QStringLiteral("odd.conf")));
        settings.setValue(QLatin1String(FleetStore::HostsKey),
                          QVariantList{QVariantMap{{QStringLiteral("url"), QStringLiteral("not a url")}},
                                       QVariantMap{{QStringLiteral("name"), QStringLiteral("no host")},
                                                   {QStringLiteral("url"), QStringLiteral("http://")}},
                                       QVariantMap{{QStringLiteral("url"), QStringLiteral("http://lab-3.lan:1")}}});
        const QList<FleetHostConfig> hosts = FleetStore(settings).hosts();
        QCOMPARE(hosts.size(), 1);
        QCOMPARE(hosts.first().name, QStringLiteral("lab-3.lan"));
        QCOMPARE(hosts.first().url, QUrl(QStringLiteral("http://lab-3.lan:1")));
    }

    void alertRuleDefaultsAndRoundTrip()
    {
        const QString file = m_dir.filePath(QStringLiteral("rule.conf"));
        {
            Settings settings(file);
            QCOMPARE(FleetStore(settings).alertRule(), FleetAlertRule());
            FleetStore(settings).setAlertRule({75.0, 30000, false});
            QCOMPARE(settings.value(QStringLiteral("fleet/alert_sustain_s")).toDouble(), 30.0);
        }
        Settings settings(file);
        const FleetAlertRule rule = FleetStore(settings).alertRule();
        QCOMPARE(rule.cpuPercent, 75.0);
        QCOMPARE(rule.sustainMs, 30000);
        QVERIFY(!rule.hostDown);
    }
};

QTEST_GUILESS_MAIN(TestFleetStore)
#include "tst_fleetstore.moc"
