#include "fleetmodel.h"

#include "history.h"

#include <QSysInfo>

namespace ziggie {

FleetModel::FleetModel(Settings &settings, History &localHistory, QObject *parent)
    : QObject(parent)
    , m_store(settings)
    , m_local(localHistory)
    , m_localName(QSysInfo::machineHostName().isEmpty() ? tr("This machine") : QSysInfo::machineHostName())
{
    m_alerts.setRule(m_store.alertRule());
    connect(&m_alerts, &FleetAlerts::raised, this, &FleetModel::alert);
    connect(&m_alerts, &FleetAlerts::changed, this, &FleetModel::alertsChanged);
    connect(&m_local, &History::appended, this,
            [this](const Sample &sample) { m_alerts.checkSample(QString(), m_localName, sample); });
    connect(&m_connections, &FleetConnections::sampleReceived, this,
            [this](RemoteHost *host, const Sample &sample) { m_alerts.checkSample(host->name(), host->name(), sample); });
    connect(&m_connections, &FleetConnections::stateChanged, this, [this](RemoteHost *host, int index) {
        m_alerts.checkState(*host);
        emit hostStateChanged(index);
    });
    connect(&m_connections, &FleetConnections::removing, this,
            [this](RemoteHost *host) { m_alerts.forget(host->name()); });
    m_connections.setHosts(m_store.hosts());
}

FleetModel::~FleetModel() = default;

void FleetModel::addHost(const FleetHostConfig &config)
{
    QList<FleetHostConfig> list = configs();
    list.append(config);
    setHosts(list);
}

void FleetModel::editHost(int index, const FleetHostConfig &config)
{
    QList<FleetHostConfig> list = configs();
    if (index < 0 || index >= list.size())
        return;
    list[index] = config;
    setHosts(list);
}

void FleetModel::removeHost(int index)
{
    QList<FleetHostConfig> list = configs();
    if (index < 0 || index >= list.size())
        return;
    list.removeAt(index);
    setHosts(list);
}

void FleetModel::setHosts(const QList<FleetHostConfig> &configs)
{
    if (!m_connections.setHosts(configs))
        return;
    m_store.setHosts(m_connections.configs());
    emit hostsChanged();
}

void FleetModel::setAlertRule(const FleetAlertRule &rule)
{
    m_alerts.setRule(rule);
    m_store.setAlertRule(rule);
}

} // namespace ziggie
