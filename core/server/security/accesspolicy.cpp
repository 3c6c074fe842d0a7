#include "accesspolicy.h"

#include <QSysInfo>

#include <algorithm>
#include <array>
#include <utility>

namespace ziggie {

namespace {

struct HostPort
{
    QByteArray host;       // lower case, without a trailing dot; IPv6 in Qt's canonical form
    bool isIpLiteral = false;
    std::optional<int> port;
};

bool isDigits(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

std::optional<int> parsePort(QByteArrayView s)
{
    if (!isDigits(s) || s.size() > 5)
        return std::nullopt;
    const int port = s.toByteArray().toInt();
    if (port > 65535)
        return std::nullopt;
    return port;
}

// Dotted quad only: four decimal numbers 0-255 without leading zeros (no "127.1", no "0x7f").
std::optional<quint32> parseStrictIPv4(QByteArrayView s)
{
    quint32 value = 0;
    int parts = 0;
    qsizetype start = 0;
    while (start <= s.size()) {
        qsizetype end = s.indexOf('.', start);
        if (end < 0)
            end = s.size();
        const QByteArrayView part = s.sliced(start, end - start);
        if (!isDigits(part) || part.size() > 3 || (part.size() > 1 && part[0] == '0'))
            return std::nullopt;
        const int octet = part.toByteArray().toInt();
        if (octet > 255 || ++parts > 4)
            return std::nullopt;
        value = (value << 8) | static_cast<quint32>(octet);
        start = end + 1;
    }
    if (parts != 4)
        return std::nullopt;
    return value;
}

bool isHostNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// host, host:port, [v6] or [v6]:port, as in a Host header or an origin's authority.
std::optional<HostPort> parseHostPort(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 300)
        return std::nullopt;
    HostPort result;
    QByteArrayView rest;
    if (text.front() == '[') {
        const qsizetype close = text.indexOf(']');
        if (close < 0)
            return std::nullopt;
        const QByteArrayView inner = text.sliced(1, close - 1);
        for (const char c : inner) {
            const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                || c == ':' || c == '.';
            if (!ok)
                return std::nullopt; // no zone ids, no IPvFuture
        }
        QHostAddress address;
        if (inner.isEmpty() || !address.setAddress(QString::fromLatin1(inner))
            || address.protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
        result.host = address.toString().toLower().toLatin1();
        result.isIpLiteral = true;
        rest = text.sliced(close + 1);
    } else {
        const qsizetype colon = text.indexOf(':');
        if (colon >= 0 && text.indexOf(':', colon + 1) >= 0)
            return std::nullopt; // a bare IPv6 address is not a valid Host
        QByteArray host = (colon < 0 ? text : text.first(colon)).toByteArray().toLower();
        if (host.endsWith('.'))
            host.chop(1);
        if (host.isEmpty() || host.size() > 253)
            return std::nullopt;
        for (const char c : std::as_const(host)) {
            if (!isHostNameChar(c))
                return std::nullopt;
        }
        result.isIpLiteral = parseStrictIPv4(host).has_value();
        result.host = std::move(host);
        rest = colon < 0 ? QByteArrayView() : text.sliced(colon);
    }
    if (!rest.isEmpty()) {
        if (rest.front() != ':')
            return std::nullopt;
        result.port = parsePort(rest.sliced(1));
        if (!result.port)
            return std::nullopt;
    }
    return result;
}

int defaultPort(QByteArrayView scheme)
{
    return scheme == "https" ? 443 : 80;
}

} // namespace

AccessPolicy::AccessPolicy()
{
    setExtraHostNames({});
}

void AccessPolicy::setAllowedOrigins(const QStringList &origins)
{
    m_allowedOrigins.clear();
    for (const QString &text : origins) {
        QByteArray origin = text.trimmed().toUtf8();
        if (origin.endsWith('/'))
            origin.chop(1);
        if (auto parsed = parseOrigin(origin))
            m_allowedOrigins.append(*parsed);
    }
}

void AccessPolicy::setExtraHostNames(const QStringList &names)
{
    m_hostNames = {QByteArrayLiteral("localhost")};
    QStringList all = names;
    const QString machine = QSysInfo::machineHostName();
    all << machine;
    if (!machine.isEmpty() && !machine.contains(QLatin1Char('.')))
        all << machine + QLatin1String(".local"); // its mDNS name on the LAN
    for (const QString &name : std::as_const(all)) {
        const auto parsed = parseHostPort(name.trimmed().toUtf8());
        if (parsed && !parsed->isIpLiteral && !parsed->port && !m_hostNames.contains(parsed->host))
            m_hostNames.append(parsed->host);
    }
}

bool AccessPolicy::isKnownHostName(QByteArrayView host) const
{
    return m_hostNames.contains(host);
}

bool AccessPolicy::isHostAllowed(QByteArrayView hostHeader) const
{
    const auto parsed = parseHostPort(hostHeader);
    return parsed && (parsed->isIpLiteral || isKnownHostName(parsed->host));
}

std::optional<AccessPolicy::Origin> AccessPolicy::parseOrigin(QByteArrayView text)
{
    const qsizetype sep = text.indexOf("://");
    if (sep <= 0)
        return std::nullopt;
    Origin origin;
    origin.scheme = text.first(sep).toByteArray().toLower();
    if (origin.scheme != "http" && origin.scheme != "https")
        return std::nullopt;
    const auto authority = parseHostPort(text.sliced(sep + 3)); // refuses '/', '@', '?' and '#'
    if (!authority)
        return std::nullopt;
    origin.host = authority->host;
    origin.port = authority->port.value_or(defaultPort(origin.scheme));
    return origin;
}

bool AccessPolicy::isOriginAllowed(QByteArrayView origin, QByteArrayView hostHeader) const
{
    if (origin.isEmpty())
        return true;
    const auto parsed = parseOrigin(origin);
    if (!parsed)
        return false; // including "null"

    if (parsed->host == "localhost" || parsed->host == "::1")
        return true;
    if (const auto v4 = parseStrictIPv4(parsed->host); v4 && (*v4 >> 24) == 127)
        return true;
    if (m_allowedOrigins.contains(*parsed))
        return true;

    const QByteArray ownScheme = m_tls ? QByteArrayLiteral("https") : QByteArrayLiteral("http");
    if (parsed->scheme != ownScheme)
        return false;
    if (!hostHeader.isEmpty()) {
        const auto host = parseHostPort(hostHeader);
        if (host && isHostAllowed(hostHeader) && host->host == parsed->host
            && host->port.value_or(defaultPort(ownScheme)) == parsed->port)
            return true;
    }
    if (parsed->port != m_port)
        return false;
    if (isKnownHostName(parsed->host))
        return true;
    const QHostAddress address(QString::fromLatin1(parsed->host));
    return !address.isNull() && address == m_bindAddress;
}

QByteArray AccessPolicy::corsOrigin(QByteArrayView origin, QByteArrayView hostHeader) const
{
    if (origin.isEmpty() || !isOriginAllowed(origin, hostHeader))
        return {};
    return origin.toByteArray();
}

bool AccessPolicy::isLoopback(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return (v4 >> 24) == 127;
    return address.isLoopback();
}

bool AccessPolicy::isPrivate(const QHostAddress &address)
{
    // An IPv4-mapped peer (::ffff:192.168.1.20) is judged by the IPv4 address it carries.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    const QHostAddress peer = isV4 ? QHostAddress(v4) : address;
    if (peer.isLinkLocal() || peer.isUniqueLocalUnicast()) // 169.254/16, fe80::/10; fc00::/7
        return true;
    // RFC 1918 (Qt 6.4 has no isPrivateUse()).
    static const std::array<std::pair<QHostAddress, int>, 3> privateV4{{
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
    }};
    return std::any_of(privateV4.begin(), privateV4.end(),
                       [&peer](const auto &subnet) { return peer.isInSubnet(subnet.first, subnet.second); });
}

bool AccessPolicy::isPublicPeerAllowed(const QHostAddress &peer) const
{
    switch (m_publicAccess) {
    case PublicAccess::Any:
        return true;
    case PublicAccess::Private:
        return isLoopback(peer) || isPrivate(peer);
    case PublicAccess::Loopback:
        break;
    }
    return isLoopback(peer);
}

bool AccessPolicy::isLanMode() const
{
    return !isLoopback(m_bindAddress);
}

} // namespace ziggie
