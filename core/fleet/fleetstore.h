#pragma once
// What the fleet keeps in the settings file: the hosts under fleet/hosts (name, URL and
// token of each, in the person's order) and the alert rule under fleet/alert_*. Each is
// read and written whole; the fleet model saves after every change it accepts.

#include "fleetalertrule.h"
#include "fleethostconfig.h"

#include <QList>

namespace ziggie {

class Settings;

class FleetStore final
{
public:
    static constexpr const char *HostsKey = "fleet/hosts";

    explicit FleetStore(Settings &settings);

    // Entries without a usable address are skipped; a nameless one is named after its address.
    QList<FleetHostConfig> hosts() const;
    void setHosts(const QList<FleetHostConfig> &hosts);

    // The defaults of FleetAlertRule for what the file does not hold.
    FleetAlertRule alertRule() const;
    void setAlertRule(const FleetAlertRule &rule);

private:
    Settings &m_settings;
};

} // namespace ziggie
