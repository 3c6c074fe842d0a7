#include "fleetalerts.h"

#include "remotehost.h"

#include <QHashFunctions>

#include <algorithm>
#include <cmath>

namespace ziggie {

size_t qHash(const FleetAlerts::Key &key, size_t seed) noexcept
{
    return qHashMulti(seed, static_cast<int>(key.kind), key.host);
}

FleetAlerts::FleetAlerts(QObject *parent)
    : QObject(parent)
{
}

void FleetAlerts::checkSample(const QString &host, const QString &displayName, const Sample &sample)
{
    const Key key{Kind::Cpu, host};
    if (sample.cpuPercent <= m_rule.cpuPercent) {
        m_overSinceUs.remove(key);
        clear(key);
        return;
    }
    const auto since = m_overSinceUs.constFind(key);
    if (since == m_overSinceUs.cend()) {
        m_overSinceUs.insert(key, sample.timestampUs);
        if (m_rule.sustainMs > 0)
            return;
    }
    if (!m_active.contains(key) && sample.timestampUs - m_overSinceUs.value(key) >= qint64(m_rule.sustainMs) * 1000) {
        QString text = tr("%1: CPU above %2 % for %3 s")
                           .arg(displayName, QString::number(m_rule.cpuPercent, 'g', 3),
                                QString::number(m_rule.sustainMs / 1000.0, 'g', 3));
        if (sample.processes && !sample.processes->topCpu.isEmpty()) { // who caused it, where known
            const ProcessShare &top = sample.processes->topCpu.first();
            text = tr("%1 — %2 %3 %").arg(text, top.name).arg(std::lround(top.cpuPercent));
        }
        raise(key, displayName, text);
    }
}

void FleetAlerts::checkState(const RemoteHost &host)
{
    const Key key{Kind::Down, host.name()};
    switch (host.state()) {
    case RemoteHost::State::Connected:
        clear(key);
        break;
    case RemoteHost::State::Unauthorized:
        if (m_rule.hostDown)
            raise(key, host.name(), tr("%1: unauthorized — check its token").arg(host.name()));
        break;
    case RemoteHost::State::Disconnected:
        if (m_rule.hostDown && host.wasConnected())
            raise(key, host.name(), tr("%1: down (%2)").arg(host.name(), host.message()));
        break;
    case RemoteHost::State::Connecting:
        break;
    }
}

void FleetAlerts::forget(const QString &host)
{
    clear({Kind::Down, host});
    clear({Kind::Cpu, host});
    m_overSinceUs.remove({Kind::Cpu, host});
}

QStringList FleetAlerts::active() const
{
    QStringList out = m_active.values();
    out.sort();
    return out;
}

int FleetAlerts::count(Kind kind) const
{
    return int(std::count_if(m_active.keyBegin(), m_active.keyEnd(), [kind](const Key &key) { return key.kind == kind; }));
}

void FleetAlerts::raise(const Key &key, const QString &machine, const QString &text)
{
    const bool isNew = !m_active.contains(key);
    m_active.insert(key, text);
    if (isNew)
        emit raised(machine, text);
    emit changed();
}

void FleetAlerts::clear(const Key &key)
{
    if (m_active.remove(key))
        emit changed();
}

} // namespace ziggie
