#pragma once
// Who may talk to the server: the Host check against DNS rebinding, the Origin allow-list for
// browsers, and which peers the public endpoints answer in LAN mode. Pure decisions on header
// values and addresses, so the server asks and answers with the status, and tests need no sockets.

#include "publicaccess.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QStringList>
#include <QtGlobal>

#include <optional>

namespace ziggie {

class AccessPolicy
{
public:
    // The machine's host name (QSysInfo::machineHostName()) is a known host name from the start.
    AccessPolicy();

    void setBindAddress(const QHostAddress &address) { m_bindAddress = address; }
    void setServerPort(quint16 port) { m_port = port; }
    void setTlsEnabled(bool enabled) { m_tls = enabled; }
    void setPublicAccess(PublicAccess mode) { m_publicAccess = mode; }
    // Origins as a browser sends them, e.g. "https://dash.example.org:8443"; a trailing slash
    // and upper case are forgiven, paths are not. Entries that are not origins are ignored.
    void setAllowedOrigins(const QStringList &origins);
    // Names (besides localhost and the machine's) that the Host header may carry.
    void setExtraHostNames(const QStringList &names);

    PublicAccess publicAccess() const { return m_publicAccess; }

    // The one parser lives in publicaccess.h; kept here for existing callers.
    static std::optional<PublicAccess> parsePublicAccess(QStringView text) { return ziggie::parsePublicAccess(text); }

    // An IP literal (IPv4, or [IPv6]) with an optional port, localhost, or a known host name;
    // otherwise 403. An empty or absent Host is refused.
    bool isHostAllowed(QByteArrayView hostHeader) const;

    // Empty = no Origin header (non-browser client): allowed. "null" and anything malformed are
    // refused. Allowed: loopback origins (http or https, 127.0.0.0/8, localhost, [::1], any port),
    // the server's own origin, configured origins. The own origin is our scheme with the Host
    // header's host and port, or with a known host name or the bind address on our port.
    bool isOriginAllowed(QByteArrayView origin, QByteArrayView hostHeader = {}) const;

    // The Access-Control-Allow-Origin value for a REST answer: the origin itself when it is
    // present and allowed, else empty (send no CORS headers; add "Vary: Origin" either way).
    QByteArray corsOrigin(QByteArrayView origin, QByteArrayView hostHeader = {}) const;

    // May this peer use the public endpoints? Loopback always; private networks in Private
    // mode; anyone in Any mode. The authenticated endpoint does not ask.
    bool isPublicPeerAllowed(const QHostAddress &peer) const;

    // True when the server is reachable from other machines (bound beyond loopback).
    bool isLanMode() const;
    // Bound beyond loopback without TLS: tokens would travel in clear text; warn at startup.
    bool shouldWarnCleartext() const { return isLanMode() && !m_tls; }

    // Loopback, looking through IPv4-mapped IPv6 (::ffff:127.0.0.1).
    static bool isLoopback(const QHostAddress &address);
    // 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10, also IPv4-mapped.
    static bool isPrivate(const QHostAddress &address);

private:
    struct Origin
    {
        QByteArray scheme; // "http" or "https"
        QByteArray host;   // lower case; IPv6 without brackets
        int port = 0;      // explicit or the scheme's default
        bool operator==(const Origin &) const = default;
    };
    static std::optional<Origin> parseOrigin(QByteArrayView text);
    bool isKnownHostName(QByteArrayView host) const;

    QHostAddress m_bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 m_port = 0;
    bool m_tls = false;
    PublicAccess m_publicAccess = PublicAccess::Private;
    QList<QByteArray> m_hostNames;
    QList<Origin> m_allowedOrigins;
};

} // namespace ziggie
