#pragma once
// One remote Ziggie host as the person configured it, in the Remote Hosts dialog or the
// settings file (fleet/hosts).

#include <QString>
#include <QUrl>

namespace ziggie {

struct FleetHostConfig
{
    QString name;
    QUrl url;
    QString token; // empty = public stream

    // A host the person gave no name is named after its address.
    FleetHostConfig named() const
    {
        FleetHostConfig config = *this;
        if (config.name.isEmpty())
            config.name = config.url.host();
        return config;
    }

    bool operator==(const FleetHostConfig &) const = default;
};

} // namespace ziggie
