#include "fleetconnections.h"

#include <algorithm>

namespace ziggie {

FleetConnections::FleetConnections(QObject *parent)
    : QObject(parent)
{
}

FleetConnections::~FleetConnections() = default; // the hosts are children

QList<FleetHostConfig> FleetConnections::configs() const
{
    QList<FleetHostConfig> out;
    for (const RemoteHost *host : m_hosts)
        out.append({host->name(), host->url(), host->token()});
    return out;
}

int FleetConnections::downCount() const
{
    return int(std::count_if(m_hosts.cbegin(), m_hosts.cend(), [](const RemoteHost *host) {
        return host->state() == RemoteHost::State::Disconnected || host->state() == RemoteHost::State::Unauthorized;
    }));
}

bool FleetConnections::setHosts(const QList<FleetHostConfig> &wanted)
{
    QList<FleetHostConfig> named;
    for (const FleetHostConfig &config : wanted)
        named.append(config.named());
    if (named == configs())
        return false;
    QList<RemoteHost *> old = m_hosts;
    m_hosts.clear();
    for (const FleetHostConfig &config : std::as_const(named)) {
        const auto same = std::find_if(old.begin(), old.end(), [&config](const RemoteHost *h) {
            return h->name() == config.name && h->url() == config.url && h->token() == config.token;
        });
        if (same != old.end()) {
            m_hosts.append(*same);
            old.erase(same);
        } else {
            m_hosts.append(connectTo(config));
        }
    }
    for (RemoteHost *gone : std::as_const(old)) {
        emit removing(gone);
        delete gone;
    }
    return true;
}

void FleetConnections::setBackoffBaseMs(int ms)
{
    m_backoffBaseMs = ms;
    for (RemoteHost *host : std::as_const(m_hosts))
        host->setBackoffBaseMs(ms);
}

RemoteHost *FleetConnections::connectTo(const FleetHostConfig &config)
{
    auto *host = new RemoteHost(config.name, config.url, config.token, this);
    host->setBackoffBaseMs(m_backoffBaseMs);
    connect(host, &RemoteHost::stateChanged, this, [this, host] {
        // Not yet listed while it starts: the first "connecting" belongs to no index.
        if (const int index = int(m_hosts.indexOf(host)); index >= 0)
            emit stateChanged(host, index);
    });
    connect(host, &RemoteHost::sampleReceived, this, [this, host](const Sample &sample) { emit sampleReceived(host, sample); });
    host->start();
    return host;
}

} // namespace ziggie
