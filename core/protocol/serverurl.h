#pragma once
// Every URL of a Ziggie server, built in one place: the dashboard, its two streams, and the
// stream a fleet client opens for an address a person typed. TLS means https and wss; an
// IPv6 host gets its brackets; an unspecified bind address (0.0.0.0, ::) names no machine,
// so it is reached on loopback of its family, where a client on this machine finds it.

#include "config.h"
#include "endpoint.h"

#include <QString>
#include <QUrl>

namespace ziggie {

struct ServerUrl
{
    QString host;  // an IP address (IPv6 without brackets) or a name
    int port = -1; // -1: the scheme's default
    bool tls = false;

    // Where a server started with this configuration is reached, before it listens.
    static ServerUrl of(const Config &config);
    // A server address as a person typed it: http(s):// or ws(s)://host[:port][/path].
    static ServerUrl of(const QUrl &typed);

    QUrl dashboard() const;                                          // http(s)://host:port/
    QUrl stream(Endpoint endpoint, const QString &token = {}) const; // ws(s)://host:port/ws or …/api/system/ws?token=…

    // The stream a client opens for a typed address: the path it names, else the endpoint's.
    static QUrl typedStream(const QUrl &typed, Endpoint endpoint);

    bool operator==(const ServerUrl &) const = default;
};

} // namespace ziggie
