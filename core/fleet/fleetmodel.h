#pragma once
// The machines the desktop watches: this one (the engine's History) plus the remote Ziggie
// hosts the user added, kept in the settings under fleet/hosts. It also watches them for
// trouble — a host going down, or CPU over a threshold for a sustained time — and raises
// alert() once per episode so the tray can notify without repeating itself every tick.

#include "remotehost.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

namespace ziggie {

class History;
class Settings;

struct FleetHostConfig
{
    QString name;
    QUrl url;
    QString token; // empty = public stream
    bool operator==(const FleetHostConfig &) const = default;
};

struct FleetAlertRule
{
    double cpuPercent = 90.0; // alert when CPU stays above this ...
    int sustainMs = 60000;    // ... for this long (by sample timestamps)
    bool hostDown = true;     // alert when a connected host drops
};

class FleetModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetModel)

public:
    static constexpr const char *HostsKey = "fleet/hosts";

    // Loads the hosts from settings and starts connecting to them.
    FleetModel(Settings &settings, History &localHistory, QObject *parent = nullptr);
    ~FleetModel() override;

    History &localHistory() { return m_local; }
    QString localName() const { return m_localName; }
    int hostCount() const { return int(m_hosts.size()); }
    RemoteHost *host(int index) const { return m_hosts.value(index); }
    QList<RemoteHost *> hosts() const { return m_hosts; }
    QList<FleetHostConfig> configs() const;

    // Each change is saved at once and reconnects only the host it concerns.
    void addHost(const FleetHostConfig &config);
    void editHost(int index, const FleetHostConfig &config);
    void removeHost(int index);
    // The dialog's OK, and what the three above come down to: unchanged hosts keep their
    // connection and history. A host without a name is named after its address.
    void setHosts(const QList<FleetHostConfig> &configs);

    void setBackoffBaseMs(int ms); // tests: fast retries
    FleetAlertRule alertRule() const { return m_rule; }
    void setAlertRule(const FleetAlertRule &rule); // saved under fleet/alert_*

    QStringList activeAlerts() const; // "build-server: down", for the tray tooltip
    int cpuAlertCount() const;        // machines over the CPU threshold now
    int downCount() const;

    static QList<FleetHostConfig> loadHosts(const Settings &settings);

signals:
    void hostsChanged();
    void hostStateChanged(int index);
    void alert(const QString &host, const QString &message);
    void alertsChanged();

private:
    RemoteHost *makeHost(const FleetHostConfig &config);
    void dropHost(RemoteHost *host); // its alerts go with it
    void save();
    void checkSample(const QString &key, const QString &name, const Sample &sample);
    void onHostState(RemoteHost *host);
    void setAlert(const QString &key, const QString &host, const QString &text);
    void clearAlert(const QString &key);

    Settings &m_settings;
    History &m_local;
    QString m_localName;
    QList<RemoteHost *> m_hosts;
    FleetAlertRule m_rule;
    int m_backoffBaseMs = RemoteHost::DefaultBackoffMs;
    QHash<QString, qint64> m_overSinceUs; // key -> first timestamp over the CPU threshold
    QHash<QString, QString> m_alerts;     // key -> active alert text
};

} // namespace ziggie
