#include "fleetmodel.h"

#include "history.h"
#include "settings.h"

#include <QSysInfo>
#include <QVariantMap>

#include <algorithm>

namespace ziggie {

namespace {

const QString AlertCpuKey = QStringLiteral("fleet/alert_cpu_percent");
const QString AlertSustainKey = QStringLiteral("fleet/alert_sustain_s");
const QString AlertDownKey = QStringLiteral("fleet/alert_host_down");

// Alert keys: one CPU alert per machine (this one included), one "down" alert per remote host.
const QString LocalCpuKey = QStringLiteral("cpu:");
QString cpuKey(const QString &host)
{
    return QStringLiteral("cpu:host:") + host;
}
QString downKey(const QString &host)
{
    return QStringLiteral("down:") + host;
}

} // namespace

FleetModel::FleetModel(Settings &settings, History &localHistory, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_local(localHistory)
    , m_localName(QSysInfo::machineHostName().isEmpty() ? QStringLiteral("This machine")
                                                        : QSysInfo::machineHostName())
{
    m_rule.cpuPercent = settings.value(AlertCpuKey, m_rule.cpuPercent).toDouble();
    m_rule.sustainMs = int(settings.value(AlertSustainKey, m_rule.sustainMs / 1000).toDouble() * 1000);
    m_rule.hostDown = settings.value(AlertDownKey, m_rule.hostDown).toBool();
    connect(&m_local, &History::appended, this,
            [this](const Sample &sample) { checkSample(LocalCpuKey, m_localName, sample); });
    for (const FleetHostConfig &config : loadHosts(settings))
        m_hosts.append(makeHost(config));
}

FleetModel::~FleetModel() = default;

QList<FleetHostConfig> FleetModel::loadHosts(const Settings &settings)
{
    QList<FleetHostConfig> out;
    const QVariantList list = settings.value(QLatin1String(HostsKey)).toList();
    for (const QVariant &item : list) {
        const QVariantMap map = item.toMap();
        FleetHostConfig config{map.value(QStringLiteral("name")).toString(),
                               QUrl(map.value(QStringLiteral("url")).toString()),
                               map.value(QStringLiteral("token")).toString()};
        if (!config.url.isValid() || config.url.host().isEmpty())
            continue;
        if (config.name.isEmpty())
            config.name = config.url.host();
        out.append(config);
    }
    return out;
}

QList<FleetHostConfig> FleetModel::configs() const
{
    QList<FleetHostConfig> out;
    for (const RemoteHost *host : m_hosts)
        out.append({host->name(), host->url(), host->token()});
    return out;
}

RemoteHost *FleetModel::makeHost(const FleetHostConfig &config)
{
    auto *host = new RemoteHost(config.name, config.url, config.token, this);
    host->setBackoffBaseMs(m_backoffBaseMs);
    connect(host, &RemoteHost::stateChanged, this, [this, host] { onHostState(host); });
    connect(host, &RemoteHost::sampleReceived, this,
            [this, host](const Sample &sample) { checkSample(cpuKey(host->name()), host->name(), sample); });
    host->start();
    return host;
}

void FleetModel::dropHost(RemoteHost *host)
{
    clearAlert(downKey(host->name()));
    clearAlert(cpuKey(host->name()));
    m_overSinceUs.remove(cpuKey(host->name()));
    delete host;
}

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

void FleetModel::setHosts(const QList<FleetHostConfig> &wanted)
{
    QList<FleetHostConfig> normalized = wanted;
    for (FleetHostConfig &config : normalized) {
        if (config.name.isEmpty())
            config.name = config.url.host();
    }
    if (normalized == configs())
        return;
    QList<RemoteHost *> old = m_hosts;
    m_hosts.clear();
    for (const FleetHostConfig &config : std::as_const(normalized)) {
        const auto same = std::find_if(old.begin(), old.end(), [&config](const RemoteHost *h) {
            return h->name() == config.name && h->url() == config.url && h->token() == config.token;
        });
        if (same != old.end()) {
            m_hosts.append(*same);
            old.erase(same);
        } else {
            m_hosts.append(makeHost(config));
        }
    }
    for (RemoteHost *gone : std::as_const(old))
        dropHost(gone);
    save();
    emit hostsChanged();
}

void FleetModel::setBackoffBaseMs(int ms)
{
    m_backoffBaseMs = ms;
    for (RemoteHost *host : std::as_const(m_hosts))
        host->setBackoffBaseMs(ms);
}

void FleetModel::setAlertRule(const FleetAlertRule &rule)
{
    m_rule = rule;
    m_settings.setValue(AlertCpuKey, rule.cpuPercent);
    m_settings.setValue(AlertSustainKey, rule.sustainMs / 1000.0);
    m_settings.setValue(AlertDownKey, rule.hostDown);
}

QStringList FleetModel::activeAlerts() const
{
    QStringList out = m_alerts.values();
    out.sort();
    return out;
}

int FleetModel::cpuAlertCount() const
{
    return int(std::count_if(m_alerts.keyBegin(), m_alerts.keyEnd(),
                             [](const QString &key) { return key.startsWith(u"cpu:"); }));
}

int FleetModel::downCount() const
{
    int n = 0;
    for (const RemoteHost *host : m_hosts)
        n += host->state() == RemoteHost::State::Disconnected || host->state() == RemoteHost::State::Unauthorized;
    return n;
}

void FleetModel::save()
{
    QVariantList list;
    for (const RemoteHost *host : std::as_const(m_hosts)) {
        list.append(QVariantMap{{QStringLiteral("name"), host->name()},
                                {QStringLiteral("url"), host->url().toString()},
                                {QStringLiteral("token"), host->token()}});
    }
    m_settings.setValue(QLatin1String(HostsKey), list);
}

void FleetModel::checkSample(const QString &key, const QString &name, const Sample &sample)
{
    if (sample.cpuPercent <= m_rule.cpuPercent) {
        m_overSinceUs.remove(key);
        clearAlert(key);
        return;
    }
    const qint64 since = m_overSinceUs.value(key, -1);
    if (since < 0) {
        m_overSinceUs.insert(key, sample.timestampUs);
        if (m_rule.sustainMs > 0)
            return;
    }
    if (!m_alerts.contains(key) && sample.timestampUs - m_overSinceUs.value(key) >= qint64(m_rule.sustainMs) * 1000) {
        setAlert(key, name,
                 QStringLiteral("%1: CPU above %2 % for %3 s")
                     .arg(name)
                     .arg(m_rule.cpuPercent, 0, 'g', 3)
                     .arg(m_rule.sustainMs / 1000.0, 0, 'g', 3));
    }
}

void FleetModel::onHostState(RemoteHost *host)
{
    const int index = int(m_hosts.indexOf(host));
    if (index < 0)
        return;
    const QString key = downKey(host->name());
    const RemoteHost::State state = host->state();
    if (state == RemoteHost::State::Connected)
        clearAlert(key);
    else if (m_rule.hostDown && state == RemoteHost::State::Unauthorized)
        setAlert(key, host->name(), host->name() + QStringLiteral(": unauthorized — check its token"));
    else if (m_rule.hostDown && state == RemoteHost::State::Disconnected && host->wasConnected())
        setAlert(key, host->name(), host->name() + QStringLiteral(": down (") + host->message() + u')');
    emit hostStateChanged(index);
}

void FleetModel::setAlert(const QString &key, const QString &host, const QString &text)
{
    const bool isNew = !m_alerts.contains(key);
    m_alerts.insert(key, text);
    if (isNew)
        emit alert(host, text);
    emit alertsChanged();
}

void FleetModel::clearAlert(const QString &key)
{
    if (m_alerts.remove(key))
        emit alertsChanged();
}

} // namespace ziggie
