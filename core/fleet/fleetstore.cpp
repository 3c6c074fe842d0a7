#include "fleetstore.h"

#include "settings.h"

#include <QVariantMap>

namespace ziggie {

namespace {

const QString AlertCpuKey = QStringLiteral("fleet/alert_cpu_percent");
const QString AlertSustainKey = QStringLiteral("fleet/alert_sustain_s");
const QString AlertDownKey = QStringLiteral("fleet/alert_host_down");

const QString NameField = QStringLiteral("name");
const QString UrlField = QStringLiteral("url");
const QString TokenField = QStringLiteral("token");

} // namespace

FleetStore::FleetStore(Settings &settings)
    : m_settings(settings)
{
}

QList<FleetHostConfig> FleetStore::hosts() const
{
    QList<FleetHostConfig> out;
    const QVariantList list = m_settings.value(QLatin1String(HostsKey)).toList();
    for (const QVariant &item : list) {
        const QVariantMap map = item.toMap();
        const FleetHostConfig config{map.value(NameField).toString(), QUrl(map.value(UrlField).toString()),
                                     map.value(TokenField).toString()};
        if (config.url.isValid() && !config.url.host().isEmpty())
            out.append(config.named());
    }
    return out;
}

void FleetStore::setHosts(const QList<FleetHostConfig> &hosts)
{
    QVariantList list;
    for (const FleetHostConfig &host : hosts)
        list.append(QVariantMap{{NameField, host.name}, {UrlField, host.url.toString()}, {TokenField, host.token}});
    m_settings.setValue(QLatin1String(HostsKey), list);
}

FleetAlertRule FleetStore::alertRule() const
{
    FleetAlertRule rule;
    rule.cpuPercent = m_settings.value(AlertCpuKey, rule.cpuPercent).toDouble();
    rule.sustainMs = int(m_settings.value(AlertSustainKey, rule.sustainMs / 1000).toDouble() * 1000);
    rule.hostDown = m_settings.value(AlertDownKey, rule.hostDown).toBool();
    return rule;
}

void FleetStore::setAlertRule(const FleetAlertRule &rule)
{
    m_settings.setValue(AlertCpuKey, rule.cpuPercent);
    m_settings.setValue(AlertSustainKey, rule.sustainMs / 1000.0);
    m_settings.setValue(AlertDownKey, rule.hostDown);
}

} // namespace ziggie
