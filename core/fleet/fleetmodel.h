#pragma once
// The machines the desktop watches: this one (the engine's History) plus the remote Ziggie
// hosts the person added. The face the desktop sees over three parts: the connections to
// the hosts (fleetconnections.h), their list and alert rule in the settings file
// (fleetstore.h), and the alerts they raise (fleetalerts.h).

#include "fleetalerts.h"
#include "fleetconnections.h"
#include "fleetstore.h"

#include <QList>
#include <QObject>
#include <QString>

namespace ziggie {

class History;
class Settings;

class FleetModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetModel)

public:
    // Loads the hosts from settings and starts connecting to them.
    FleetModel(Settings &settings, History &localHistory, QObject *parent = nullptr);
    ~FleetModel() override;

    History &localHistory() { return m_local; }
    QString localName() const { return m_localName; }
    int hostCount() const { return m_connections.count(); }
    RemoteHost *host(int index) const { return m_connections.host(index); }
    QList<RemoteHost *> hosts() const { return m_connections.hosts(); }
    QList<FleetHostConfig> configs() const { return m_connections.configs(); }

    // Each change is saved at once and reconnects only the host it concerns.
    void addHost(const FleetHostConfig &config);
    void editHost(int index, const FleetHostConfig &config);
    void removeHost(int index);
    // The dialog's OK, and what the three above come down to: unchanged hosts keep their
    // connection and history. A host without a name is named after its address.
    void setHosts(const QList<FleetHostConfig> &configs);

    void setBackoffBaseMs(int ms) { m_connections.setBackoffBaseMs(ms); } // tests: fast retries
    FleetAlertRule alertRule() const { return m_alerts.rule(); }
    void setAlertRule(const FleetAlertRule &rule); // saved under fleet/alert_*

    QStringList activeAlerts() const { return m_alerts.active(); } // "build-server: down", for the tray tooltip
    int cpuAlertCount() const { return m_alerts.count(FleetAlerts::Kind::Cpu); } // machines over the CPU threshold now
    int downCount() const { return m_connections.downCount(); }

signals:
    void hostsChanged();
    void hostStateChanged(int index);
    void alert(const QString &host, const QString &message);
    void alertsChanged();

private:
    FleetStore m_store;
    History &m_local;
    QString m_localName;
    FleetAlerts m_alerts;
    FleetConnections m_connections; // destroyed first: no host outlives the alerts it reports to
};

} // namespace ziggie
