#include "serverurl.h"

#include <QUrlQuery>

namespace ziggie {

namespace {

QString reachableHost(const QString &host)
{
    // QUrl writes IP literals in one canonical form, so every spelling of "unspecified"
    // (0:0::0, say) meets one of the two below.
    QUrl probe;
    probe.setHost(host);
    const QString canonical = probe.host();
    if (canonical == u"0.0.0.0")
        return QStringLiteral("127.0.0.1");
    if (canonical == u"::")
        return QStringLiteral("::1");
    return host;
}

QUrl base(const ServerUrl &server, const QString &scheme)
{
    QUrl url;
    url.setScheme(scheme);
    url.setHost(reachableHost(server.host)); // brackets an IPv6 address when written out
    url.setPort(server.port);
    return url;
}

} // namespace

ServerUrl ServerUrl::of(const Config &config)
{
    return {config.host, config.port, !config.tlsCertificate.isEmpty()};
}

ServerUrl ServerUrl::of(const QUrl &typed)
{
    const QString scheme = typed.scheme().toLower();
    return {typed.host(), typed.port(), scheme == u"https" || scheme == u"wss"};
}

QUrl ServerUrl::dashboard() const
{
    QUrl url = base(*this, tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setPath(QStringLiteral("/"));
    return url;
}

QUrl ServerUrl::stream(Endpoint endpoint, const QString &token) const
{
    QUrl url = base(*this, tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(streamPath(endpoint));
    if (!token.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("token"), token);
        url.setQuery(query);
    }
    return url;
}

QUrl ServerUrl::typedStream(const QUrl &typed, Endpoint endpoint)
{
    QUrl url = of(typed).stream(endpoint);
    if (!typed.path().isEmpty() && typed.path() != u"/")
        url.setPath(typed.path());
    return url;
}

} // namespace ziggie
