#pragma once
// Watches every machine of the fleet for trouble and says so once per episode, so the tray
// can notify without repeating itself every tick: CPU above the rule's threshold for its
// sustained time (measured by sample timestamps), and a remote host that went down after
// it had been connected, or refused its token. Alerts are keyed by kind and host, typed,
// so counting one kind never depends on how another kind's key is spelled.

#include "fleetalertrule.h"
#include "sample.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

namespace ziggie {

class RemoteHost;

class FleetAlerts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetAlerts)

public:
    enum class Kind { Cpu, Down };

    struct Key
    {
        Kind kind = Kind::Cpu;
        QString host; // the remote host's name; empty for this machine (which is never down)
        bool operator==(const Key &) const = default;
    };

    explicit FleetAlerts(QObject *parent = nullptr);

    FleetAlertRule rule() const { return m_rule; }
    void setRule(const FleetAlertRule &rule) { m_rule = rule; }

    // A sample of the named remote host, or of this machine when `host` is empty;
    // `displayName` is what the alert calls the machine.
    void checkSample(const QString &host, const QString &displayName, const Sample &sample);
    // The host's connection state changed.
    void checkState(const RemoteHost &host);
    // The host is no longer watched: its alerts go with it.
    void forget(const QString &host);

    QStringList active() const; // the texts of the alerts on now, sorted: "build-server: down (…)"
    int count(Kind kind) const;

signals:
    void raised(const QString &machine, const QString &message); // once per episode
    void changed();                                               // an alert came, changed or went

private:
    void raise(const Key &key, const QString &machine, const QString &text);
    void clear(const Key &key);

    FleetAlertRule m_rule;
    QHash<Key, qint64> m_overSinceUs; // CPU keys: the first timestamp over the threshold
    QHash<Key, QString> m_active;     // the alerts on now and their texts
};

size_t qHash(const FleetAlerts::Key &key, size_t seed = 0) noexcept;

} // namespace ziggie
