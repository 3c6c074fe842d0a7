#pragma once
// The remote hosts being watched, one RemoteHost (one WebSocket client) each, in the
// person's order. A new list keeps the connection and history of every host that did not
// change, connects the new ones and drops the rest: every add, edit and remove comes to that.

#include "fleethostconfig.h"
#include "remotehost.h"

#include <QList>
#include <QObject>

namespace ziggie {

class FleetConnections final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetConnections)

public:
    explicit FleetConnections(QObject *parent = nullptr);
    ~FleetConnections() override;

    int count() const { return int(m_hosts.size()); }
    RemoteHost *host(int index) const { return m_hosts.value(index); }
    QList<RemoteHost *> hosts() const { return m_hosts; }
    QList<FleetHostConfig> configs() const;
    int downCount() const; // disconnected or unauthorized now

    // False, and nothing touched, when the list (names given to nameless hosts) is the same.
    bool setHosts(const QList<FleetHostConfig> &configs);
    void setBackoffBaseMs(int ms); // tests: fast retries

signals:
    void stateChanged(ziggie::RemoteHost *host, int index);
    void sampleReceived(ziggie::RemoteHost *host, const ziggie::Sample &sample);
    void removing(ziggie::RemoteHost *host); // just before it is deleted

private:
    RemoteHost *connectTo(const FleetHostConfig &config);

    QList<RemoteHost *> m_hosts;
    int m_backoffBaseMs = RemoteHost::DefaultBackoffMs;
};

} // namespace ziggie
